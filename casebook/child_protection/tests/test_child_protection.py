from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.child_protection import services as cp
from casebook.child_protection import timescales as ts
from casebook.child_protection.models import Conference, CPPlan, Section47
from casebook.child_protection.tests import journey
from casebook.children.tests.factories import ChildFactory
from casebook.clocks import status
from casebook.clocks.models import Clock
from casebook.clocks.timescales import get
from casebook.core import chronology

DISCUSSION = date(2025, 4, 14)  # the Monday before Easter 2025
ICPC_DUE = date(2025, 5, 8)  # 15 working days: skips Good Friday, Easter Monday and 5 May by hand


@pytest.mark.parametrize(("item", "start", "due"), [
    (ts.ICPC, DISCUSSION, ICPC_DUE),
    (ts.ICPC, date(2025, 12, 15), date(2026, 1, 8)),  # skips Christmas, Boxing Day and New Year's Day
    (ts.CORE_GROUP_FIRST, date(2025, 5, 1), date(2025, 5, 16)),  # skips the early May bank holiday
    (ts.CP_VISIT, date(2025, 5, 1), date(2025, 5, 16)),
    (ts.FIRST_REVIEW, date(2025, 5, 1), date(2025, 8, 1)),  # calendar months, bank holidays do not matter
    (ts.REVIEW, date(2025, 8, 1), date(2026, 2, 1)),
    (ts.CORE_GROUP, date(2025, 5, 16), date(2025, 6, 27)),  # 6 weeks, calendar
])
def test_child_protection_timescales(item, start, due):
    assert get(item).due(start) == due


def test_local_intervals_follow_the_timescale_overrides(settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "TIMESCALE_OVERRIDES": {ts.CORE_GROUP: 4}}
    assert get(ts.CORE_GROUP).due(date(2025, 5, 16)) == date(2025, 6, 13)


def test_section47_sets_the_icpc_target_from_the_strategy_discussion(world):
    s47 = journey.section47(world.child, world["allocated_worker"], discussion_on=DISCUSSION)
    assert s47.icpc_target == ICPC_DUE
    clock = Clock.objects.get(item=ts.ICPC)
    assert (clock.started_on, clock.due_on, clock.source) == (DISCUSSION, ICPC_DUE, f"child_protection.section47:{s47.pk}")


@pytest.mark.parametrize(("held_on", "today", "expected"), [
    (date(2025, 5, 8), date(2025, 6, 1), status.MET),
    (date(2025, 5, 9), date(2025, 6, 1), status.MISSED),
    (None, date(2025, 4, 22), status.NOT_YET_DUE),
    (None, date(2025, 5, 9), status.OVERDUE),
])
def test_icpc_clock(world, held_on, today, expected):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    if held_on:
        cp.initial_conference_record(section47=s47, kind="initial", held_on=held_on, chair="Chair", agencies="Police",
                                     plan_decided=False, category="", acting_user=user)
    clock = Clock.objects.get(item=ts.ICPC)
    assert status.clock_status(due_on=clock.due_on, completed_on=clock.completed_on, today=today) == expected


def test_icpc_not_required_cancels_the_clock(world):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user)
    cp.section47_conclude(section47=s47, read_version=1, concluded_on=date(2025, 4, 20), findings="None",
                          outcome="not_substantiated", acting_user=user)
    s47.refresh_from_db()
    assert s47.icpc_not_required and Clock.objects.get(item=ts.ICPC).cancelled


def test_conference_starts_the_plan_and_its_clocks(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1), category="PHY")
    assert (plan.start_date, plan.initial_category, plan.latest_category, plan.previous_plans) == (
        date(2025, 5, 1), "PHY", "PHY", 0)
    due = dict(Clock.objects.filter(completed_on__isnull=True, cancelled=False).values_list("item", "due_on"))
    assert due == {ts.FIRST_REVIEW: date(2025, 8, 1), ts.CORE_GROUP_FIRST: date(2025, 5, 16),
                   ts.CP_VISIT: date(2025, 5, 16), "assessment_45wd": date(2025, 6, 9)}
    assert Clock.objects.get(item=ts.ICPC).completed_on == date(2025, 5, 1)


def test_reviews_core_groups_and_visits_restart_their_clocks(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    cp.core_group_record(plan=plan, held_on=date(2025, 5, 19), acting_user=user)  # missed by a working day
    cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=True, seen_alone=True, bedroom_seen=True,
                       acting_user=user)
    cp.review_conference_record(plan=plan, held_on=date(2025, 7, 31), chair="Chair", agencies="Police",
                                plan_continues=True, category="EMO", acting_user=user)
    rows = {(c.item, c.completed_on, c.due_on) for c in Clock.objects.exclude(item__in=["assessment_45wd", ts.ICPC])}
    assert rows == {
        (ts.CORE_GROUP_FIRST, date(2025, 5, 19), date(2025, 5, 16)),
        (ts.CORE_GROUP, None, date(2025, 6, 30)),
        (ts.CP_VISIT, date(2025, 5, 9), date(2025, 5, 16)),
        (ts.CP_VISIT, None, date(2025, 5, 23)),
        (ts.FIRST_REVIEW, date(2025, 7, 31), date(2025, 8, 1)),
        (ts.REVIEW, None, date(2026, 1, 31)),
    }
    plan.refresh_from_db()
    assert plan.latest_category == "EMO" and plan.initial_category == "NEG"


def test_a_visit_where_the_child_was_not_seen_does_not_stop_the_clock(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=False, seen_alone=False, bedroom_seen=False,
                       acting_user=user)
    assert Clock.objects.get(item=ts.CP_VISIT).completed_on is None


def test_previous_plans_are_counted(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    cp.cp_plan_end(plan=plan, end_date=date(2025, 11, 3), end_reason="no_longer_at_risk", step_down_to_cin=False,
                   acting_user=user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=date(2026, 1, 5), agencies="Police",
                                               s47_decided=True, reasons="New injury", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=date(2026, 1, 5), acting_user=user)
    second = cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2026, 1, 20), chair="C",
                                          agencies="P", plan_decided=True, category="PHY", acting_user=user).plan
    assert (second.previous_plans, second.last_plan_ended_on) == (1, date(2025, 11, 3))
    assert Clock.objects.filter(item=ts.FIRST_REVIEW, cancelled=True).count() == 1


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"held_on": date(2025, 4, 11)}, "held_on", "Date of the conference must be on or after the strategy discussion"),
    ({"held_on": date(2025, 4, 26)}, "held_on", "Date of the conference must be a weekday"),
    ({"category": ""}, "category", "Select the category of abuse: a child protection plan needs one"),
    ({"kind": "pre_birth"}, "kind", "A pre-birth conference is only for an unborn child"),
])
def test_bad_conferences_are_refused_and_nothing_is_saved(world, kwargs, field, message):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    args = {"kind": "initial", "held_on": date(2025, 5, 1), "chair": "C", "agencies": "P", "plan_decided": True,
            "category": "NEG", **kwargs}
    with pytest.raises(ValidationError) as error:
        cp.initial_conference_record(section47=s47, acting_user=user, **args)
    assert error.value.message_dict[field][0].startswith(message)
    assert not Conference.objects.exists() and not CPPlan.objects.exists()
    assert Clock.objects.get(item=ts.ICPC).completed_on is None


def test_pre_birth_conference_for_an_unborn_child(world):
    user = world["allocated_worker"]
    unborn = ChildFactory(date_of_birth=None, expected_date_of_birth=date(2025, 7, 1))
    s47 = journey.section47(unborn, user, discussion_on=DISCUSSION)
    conference = cp.initial_conference_record(section47=s47, kind="pre_birth", held_on=date(2025, 5, 1), chair="C",
                                              agencies="Midwifery", plan_decided=True, category="NEG", acting_user=user)
    assert conference.plan.start_date == date(2025, 5, 1)


def test_section47_needs_an_assessment_on_the_episode(world):
    user = world["allocated_worker"]
    journey.referral(world.child, user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=DISCUSSION, agencies="Police",
                                               s47_decided=True, reasons="r", acting_user=user)
    with pytest.raises(ValidationError, match="needs an assessment"):
        cp.section47_start(strategy_discussion=discussion, start_date=DISCUSSION, acting_user=user)
    assert not Section47.objects.exists() and not Clock.objects.filter(item=ts.ICPC).exists()


def test_plan_dates_out_of_order_are_refused(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    with pytest.raises(ValidationError, match="End date must be on or after the plan started"):
        cp.cp_plan_end(plan=plan, end_date=date(2025, 4, 30), end_reason="other", step_down_to_cin=False,
                       acting_user=user)
    cp.cp_plan_end(plan=plan, end_date=date(2025, 9, 1), end_reason="other", step_down_to_cin=False, acting_user=user)
    with pytest.raises(ValidationError, match="cannot be after the plan ended"):
        cp.review_conference_record(plan=plan, held_on=date(2025, 10, 1), chair="C", agencies="P",
                                    plan_continues=True, category="NEG", acting_user=user)
    with pytest.raises(ValidationError, match="on or before the end of the plan"):
        cp.core_group_record(plan=plan, held_on=date(2025, 9, 2), acting_user=user)


def test_conference_page_shows_govuk_errors(client, world):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    client.force_login(user)
    url = reverse("child_protection:initial-conference-add", args=[world.child.casebook_id, s47.pk])
    page = client.get(url).content.decode()
    assert "8 May 2025" in page
    response = client.post(url, {"kind": "initial", "held_on-day": "10", "held_on-month": "4", "held_on-year": "2025",
                                 "chair": "C", "agencies": "P", "plan_decided": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "Select the category of abuse: a child protection plan needs one" in body
    response = client.post(url, {"kind": "initial", "held_on-day": "10", "held_on-month": "4", "held_on-year": "2025",
                                 "chair": "C", "agencies": "P", "plan_decided": "yes", "category": "NEG"})
    assert "Date of the conference must be on or after the strategy discussion (14 April 2025)" in response.content.decode()
    assert not Conference.objects.exists()


def test_strategy_discussion_page_shows_govuk_errors(client, world):
    journey.referral(world.child, world["allocated_worker"])
    client.force_login(world["allocated_worker"])
    url = reverse("child_protection:strategy-discussion-add", args=[world.child.casebook_id])
    body = client.post(url, {"agencies": ""}).content.decode()
    for message in ("Enter the date of the strategy discussion", "Enter the agencies present",
                    "Select yes if a section 47 enquiry is to start", "Enter the reasons for the decision"):
        assert message in body


def test_overview_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    client.force_login(user)
    url = reverse("child_protection:overview", args=[world.child.casebook_id])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in (5, 6, 7):
        cp.core_group_record(plan=plan, held_on=date(2025, 5, day), acting_user=user)
        cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, day), seen=True, seen_alone=False, bedroom_seen=False,
                           acting_user=user)
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


def test_records_appear_on_the_chronology(world):
    journey.cp_plan(world.child, world["allocated_worker"], icpc_on=date(2025, 5, 1))
    kinds = {e.kind for e in chronology.entries_for(world.child)}
    assert {"strategy-discussion", "section-47", "cp-conference", "cp-plan", "assessment", "referral"} <= kinds
