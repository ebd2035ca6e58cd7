from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casebook.assessments.services import assessment_update
from casebook.child_protection import drift
from casebook.child_protection import services as cp
from casebook.child_protection.selectors import panel_rows_with_children, plans_needing_panel_review
from casebook.child_protection.tests import journey
from casebook.children.tests.factories import ChildFactory, allocate

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(("previous", "expected"), [(0, False), (1, True), (3, True)])
def test_repeat_plan(previous, expected):
    assert drift.is_repeat_plan(previous_plans=previous) is expected


@pytest.mark.parametrize(("last_end", "expected"), [
    (None, False), (date(2023, 5, 1), True), (date(2023, 4, 30), False)])
def test_repeat_within_two_years(last_end, expected):
    assert drift.is_repeat_within_two_years(start=date(2025, 5, 1), last_plan_ended_on=last_end) is expected


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2025, 9, 2), None, None),  # a day short of 12 months
    (date(2025, 9, 1), None, 12),
    (date(2025, 6, 1), None, 15),
    (date(2024, 12, 1), None, 21),
    (date(2024, 12, 1), date(2026, 1, 1), None),  # ended plans are not drifting
])
def test_long_plan_thresholds(start, end, expected):
    assert drift.long_plan_threshold(start=start, today=TODAY, end=end) == expected


def test_long_plan_thresholds_are_settings(settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "DRIFT_PLAN_MONTHS": (6, 9)}
    assert drift.long_plan_threshold(start=date(2026, 2, 1), today=TODAY) == 6


@pytest.mark.parametrize(("need", "factors", "initial", "latest", "reviews", "expected"), [
    ("N1", ["16A"], "NEG", "NEG", 1, True),
    ("N1", ["16A"], "NEG", "NEG", 0, False),  # not yet reviewed
    ("N1", ["16A"], "NEG", "EMO", 2, False),  # category changed
    ("N1", ["17A"], "EMO", "EMO", 1, False),  # no neglect factor
    ("N4", ["16A"], "NEG", "NEG", 1, False),  # primary need is not abuse or neglect
])
def test_neglect_without_change(need, factors, initial, latest, reviews, expected):
    assert drift.is_neglect_without_change(primary_need=need, factors=factors, initial_category=initial,
                                           latest_category=latest, reviews=reviews) is expected


def _neglect_plan(child, user):
    plan = journey.cp_plan(child, user, icpc_on=date(2025, 5, 1), category="NEG")
    assessment = child.assessments.get()
    assessment_update(assessment=assessment, read_version=1, child_seen_on=None, analysis="", factors=["16A"],
                      outcome="strategy_discussion", authorised_on=date(2025, 5, 2), delay_reason="", acting_user=user)
    cp.review_conference_record(plan=plan, held_on=date(2025, 7, 31), chair="C", agencies="P", plan_continues=True,
                                category="NEG", acting_user=user)
    return plan


def test_panel_list_names_the_reasons(world):
    user = world["allocated_worker"]
    _neglect_plan(world.child, user)
    rows = plans_needing_panel_review(user=world["head_of_service"], today=TODAY)
    assert [r["reasons"] for r in rows] == [["Open more than 15 months", "Neglect: category unchanged after review"]]
    assert plans_needing_panel_review(user=world["other_team_worker"], today=TODAY) == []


def test_panel_rows_leave_names_to_the_rows_shown(world):
    """The list carries each child's id and Casebook ID; names, team and worker are added for
    the rows a page shows."""
    user = world["allocated_worker"]
    _neglect_plan(world.child, user)
    [row] = plans_needing_panel_review(user=world["head_of_service"], today=TODAY)
    assert (row["child_id"], row["casebook_id"], row["kind"], row["category"]) == (
        world.child.pk, world.child.casebook_id, "Child protection plan", "Neglect")
    assert "name" not in row
    [row] = panel_rows_with_children([row], user=world["head_of_service"])
    world.child.refresh_from_db()
    assert (row["name"], row["team"], row["worker"]) == (
        world.child.display_name, world.child.allocated_team.name, world.child.allocated_worker.full_name)
    assert panel_rows_with_children([], user=world["head_of_service"]) == []


def test_panel_list_neglect_needs_the_neglect_factor(world):
    user = world["allocated_worker"]
    _neglect_plan(world.child, user)
    assessment = world.child.assessments.get()
    assessment.factors = ["1A", "16"]  # neither is the neglect factor (16A)
    assessment.save(update_fields=["factors"])
    rows = plans_needing_panel_review(user=world["head_of_service"], today=TODAY)
    assert [r["reasons"] for r in rows] == [["Open more than 15 months"]]


def test_panel_list_reads_a_plan_a_month_end_carries_past_a_threshold(world):
    """29 February 2024 plus 12 months is 28 February 2025 (drift.add_months clamps the day), so the
    plan has passed 12 months that day although 12 months before it is 28 February 2024."""
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=date(2024, 2, 29), category="EMO",
                           discussion_on=date(2024, 2, 15), referral_on=date(2024, 2, 1))
    assert plan.start_date == date(2024, 2, 29)
    rows = plans_needing_panel_review(user=world["head_of_service"], today=date(2025, 2, 28))
    assert [(r["casebook_id"], r["reasons"]) for r in rows] == [(world.child.casebook_id, ["Open more than 12 months"])]
    assert plans_needing_panel_review(user=world["head_of_service"], today=date(2025, 2, 27)) == []


def test_panel_list_query_count_is_fixed(world, client):
    user = world["allocated_worker"]
    _neglect_plan(world.child, user)
    with CaptureQueriesContext(connection) as one:
        plans_needing_panel_review(user=world["head_of_service"], today=TODAY)
    for known_as in ("", "", "Billie"):
        child = ChildFactory(first_names="Wilhelmina Rose", last_name="Okafor", known_as=known_as)
        allocate(child, user)
        _neglect_plan(child, user)
    with CaptureQueriesContext(connection) as four:
        rows = plans_needing_panel_review(user=world["head_of_service"], today=TODAY)
    assert len(rows) == 4 and len(four) == len(one)
    with CaptureQueriesContext(connection) as details:
        rows = panel_rows_with_children(rows, user=world["head_of_service"])
    assert len(details) == 1
    assert sorted(r["name"] for r in rows) == ["Billie Okafor", "Jordan Smith", "Wilhelmina Okafor", "Wilhelmina Okafor"]
    client.force_login(world["head_of_service"])
    with CaptureQueriesContext(connection) as page_one:
        client.get(reverse("child_protection:panel-review"))
    for _ in range(2):
        child = ChildFactory()
        allocate(child, user)
        _neglect_plan(child, user)
    with CaptureQueriesContext(connection) as page_six:
        page = client.get(reverse("child_protection:panel-review")).content.decode()
    assert len(page_six) == len(page_one) and "6 plans" in page
    summary = reverse("children:summary", args=[world.child.casebook_id])
    assert f'<a class="govuk-link" href="{summary}">Jordan Smith</a><br><span class="govuk-body-s">{world.child.casebook_id}' in page
