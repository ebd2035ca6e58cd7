from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.child_protection import services as cp
from casebook.child_protection.tests import journey
from casebook.children_in_need import services as cin
from casebook.children_in_need import timescales as ts
from casebook.children_in_need.models import CINPlan
from casebook.clocks import status
from casebook.clocks.models import Clock
from casebook.clocks.timescales import get
from casebook.episodes.models import EpisodeOfNeed


@pytest.mark.parametrize(("item", "start", "due"), [
    (ts.CIN_VISIT, date(2025, 8, 6), date(2025, 9, 4)),  # 20 working days, skipping the August bank holiday
    (ts.CIN_VISIT, date(2025, 4, 14), date(2025, 5, 15)),  # skipping Easter and early May
    (ts.CIN_REVIEW, date(2025, 8, 6), date(2025, 11, 6)),  # 3 calendar months
])
def test_cin_timescales(item, start, due):
    assert get(item).due(start) == due


@pytest.mark.parametrize(("review_on", "today", "expected"), [
    (date(2025, 8, 1), date(2025, 9, 1), status.MET),
    (date(2025, 8, 4), date(2025, 9, 1), status.MISSED),
    (None, date(2025, 6, 1), status.NOT_YET_DUE),
    (None, date(2025, 8, 2), status.OVERDUE),
])
def test_cin_review_clock(world, review_on, today, expected):
    user = world["allocated_worker"]
    plan = journey.cin_plan(world.child, user, on=date(2025, 5, 1))
    if review_on:
        cin.cin_review_record(plan=plan, held_on=review_on, acting_user=user)
    clock = Clock.objects.filter(item=ts.CIN_REVIEW).order_by("started_on").first()
    assert clock.due_on == date(2025, 8, 1)
    assert status.clock_status(due_on=clock.due_on, completed_on=clock.completed_on, today=today) == expected


def test_step_up_ends_the_cin_plan_on_the_conference_day(world):
    user = world["allocated_worker"]
    plan = journey.cin_plan(world.child, user, on=date(2025, 4, 2))
    journey.assessment(world.child, user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=date(2025, 4, 14), agencies="P",
                                               s47_decided=True, reasons="r", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=date(2025, 4, 14), acting_user=user)
    cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2025, 5, 1), chair="C", agencies="P",
                                 plan_decided=True, category="EMO", acting_user=user)
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 5, 1)
    assert not Clock.objects.filter(item__in=ts.PLAN_CLOCKS, completed_on__isnull=True, cancelled=False).exists()


def test_step_down_has_a_minimum_period_and_no_overlap(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    with pytest.raises(ValidationError, match="cannot overlap a child protection plan"):
        cin.cin_plan_start(child=world.child, start_date=date(2025, 6, 1), acting_user=user)
    cp.cp_plan_end(plan=plan, end_date=date(2025, 11, 3), end_reason="no_longer_at_risk", step_down_to_cin=True,
                   acting_user=user)
    cin_plan = CINPlan.objects.get()
    assert (cin_plan.start_date, cin_plan.minimum_until, cin_plan.stepped_down_from) == (
        date(2025, 11, 3), date(2026, 2, 3), plan)
    with pytest.raises(ValidationError, match="lasts at least 3 months"):
        cin.cin_plan_end(plan=cin_plan, end_date=date(2026, 2, 2), acting_user=user)
    cin.cin_plan_end(plan=cin_plan, end_date=date(2026, 2, 3), acting_user=user)


def test_reviews_after_the_plan_ended_are_refused(world):
    user = world["allocated_worker"]
    plan = journey.cin_plan(world.child, user, on=date(2025, 5, 1))
    cin.cin_review_record(plan=plan, held_on=date(2025, 7, 1), acting_user=user)
    with pytest.raises(ValidationError, match="on or after the last review"):
        cin.cin_plan_end(plan=plan, end_date=date(2025, 6, 30), acting_user=user)
    cin.cin_plan_end(plan=plan, end_date=date(2025, 7, 2), acting_user=user)
    with pytest.raises(ValidationError, match="on or before the end of the plan"):
        cin.cin_review_record(plan=plan, held_on=date(2025, 7, 3), acting_user=user)


def test_closure_is_refused_while_a_plan_is_open(world):
    user = world["allocated_worker"]
    plan = journey.cin_plan(world.child, user, on=date(2025, 5, 1))
    episode = EpisodeOfNeed.objects.get()
    with pytest.raises(ValidationError, match="End the child in need plan before closing"):
        cin.episode_closure(episode=episode, closure_date=date(2025, 8, 1), closure_reason="RC7", acting_user=user)
    episode.refresh_from_db()
    assert episode.is_open
    cin.cin_plan_end(plan=plan, end_date=date(2025, 7, 1), acting_user=user)
    with pytest.raises(ValidationError, match="on or after the last plan ended"):
        cin.episode_closure(episode=episode, closure_date=date(2025, 6, 1), closure_reason="RC7", acting_user=user)
    cin.episode_closure(episode=episode, closure_date=date(2025, 7, 1), closure_reason="RC9", acting_user=user)
    assert not Clock.objects.filter(child=world.child, completed_on__isnull=True, cancelled=False).exists()


def test_closure_page_shows_the_rule(client, world):
    user = world["allocated_worker"]
    journey.cp_plan(world.child, user)
    client.force_login(user)
    url = reverse("children_in_need:episode-close", args=[world.child.casebook_id])
    body = client.post(url, {"closure_date-day": "1", "closure_date-month": "8", "closure_date-year": "2025",
                             "closure_reason": "RC7"}).content.decode()
    assert "End the child protection plan before closing the episode of need" in body
    assert "<title>Error: " in body
    body = client.post(url, {"closure_date-day": "1"}).content.decode()
    assert "Closure date must include a month and a year" in body and "Select the reason for closure" in body

