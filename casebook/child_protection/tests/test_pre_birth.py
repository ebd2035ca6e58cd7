"""Pre-birth plans: the first review within 3 months of the pre-birth conference (Working Together
2023, as for any plan) and, by local procedure, within 10 working days of the birth, whichever is
sooner. Dates worked by hand: the summer bank holiday was Monday 25 August 2025."""

from datetime import date

import pytest

from casebook.child_protection import services as cp
from casebook.child_protection import timescales as ts
from casebook.child_protection.tests import journey
from casebook.children.services import child_update
from casebook.children.tests.factories import ChildFactory
from casebook.clocks import status
from casebook.clocks.models import Clock

PRE_BIRTH_ICPC = date(2025, 6, 3)  # Tuesday: first review due 3 September 2025


@pytest.fixture
def unborn(world):
    return ChildFactory(date_of_birth=None, expected_date_of_birth=date(2025, 8, 20))


def _pre_birth_plan(child, user, kind="pre_birth"):
    s47 = journey.section47(child, user)
    return cp.initial_conference_record(section47=s47, kind=kind, held_on=PRE_BIRTH_ICPC, chair="C",
                                        agencies="Midwifery, health visiting", plan_decided=True, category="NEG",
                                        acting_user=user).plan


def _born(child, user, on):
    child.refresh_from_db()
    return child_update(child=child, read_version=child.version, acting_user=user, date_of_birth=on,
                        expected_date_of_birth=None)


def _due(item):
    return Clock.objects.get(item=item).due_on


@pytest.mark.parametrize(("born", "after_birth_due", "sooner"), [
    # Monday 18 August: 19, 20, 21, 22, (25 bank holiday), 26, 27, 28, 29, 1 September, 2 September.
    (date(2025, 8, 18), date(2025, 9, 2), date(2025, 9, 2)),
    # Friday 22 August: (25), 26, 27, 28, 29, 1, 2, 3, 4, 5, 8 September: the 3 months come first.
    (date(2025, 8, 22), date(2025, 9, 8), date(2025, 9, 3)),
])
def test_the_birth_starts_the_review_after_the_birth(world, unborn, born, after_birth_due, sooner):
    user = world["allocated_worker"]
    _pre_birth_plan(unborn, user)
    assert _due(ts.FIRST_REVIEW) == date(2025, 9, 3)
    assert not Clock.objects.filter(item=ts.REVIEW_AFTER_BIRTH).exists()  # not born yet
    _born(unborn, user, born)
    clock = Clock.objects.get(item=ts.REVIEW_AFTER_BIRTH)
    assert (clock.started_on, clock.due_on) == (born, after_birth_due)
    open_dues = Clock.objects.filter(item__in=[ts.FIRST_REVIEW, ts.REVIEW_AFTER_BIRTH], completed_on__isnull=True)
    assert min(c.due_on for c in open_dues) == sooner


def test_the_first_review_meets_both_clocks_or_misses_the_sooner(world, unborn):
    user = world["allocated_worker"]
    plan = _pre_birth_plan(unborn, user)
    _born(unborn, user, date(2025, 8, 18))
    review = cp.review_conference_record(plan=plan, held_on=date(2025, 9, 3), chair="C", agencies="P",
                                         plan_continues=True, category="NEG", acting_user=user)
    after_birth, first = (Clock.objects.get(item=item) for item in (ts.REVIEW_AFTER_BIRTH, ts.FIRST_REVIEW))
    today = date(2025, 10, 1)
    assert status.clock_status(due_on=first.due_on, completed_on=first.completed_on, today=today) == status.MET
    assert status.clock_status(due_on=after_birth.due_on, completed_on=after_birth.completed_on,
                               today=today) == status.MISSED  # due 2 September
    # Corrected to Monday 1 September: within both.
    cp.review_conference_update(conference=review, read_version=review.version, held_on=date(2025, 9, 1),
                                chair="C", agencies="P", category="NEG", acting_user=user)
    after_birth.refresh_from_db()
    assert after_birth.completed_on == date(2025, 9, 1)
    assert status.clock_status(due_on=after_birth.due_on, completed_on=after_birth.completed_on,
                               today=today) == status.MET


def test_a_corrected_birth_date_moves_the_clock(world, unborn):
    user = world["allocated_worker"]
    _pre_birth_plan(unborn, user)
    _born(unborn, user, date(2025, 8, 22))
    _born(unborn, user, date(2025, 8, 18))
    clock = Clock.objects.get(item=ts.REVIEW_AFTER_BIRTH)
    assert (clock.started_on, clock.due_on, Clock.objects.filter(item=ts.REVIEW_AFTER_BIRTH).count()) == (
        date(2025, 8, 18), date(2025, 9, 2), 1)


def test_a_review_held_before_the_birth_means_no_after_birth_clock(world, unborn):
    user = world["allocated_worker"]
    plan = _pre_birth_plan(unborn, user)
    cp.review_conference_record(plan=plan, held_on=date(2025, 8, 14), chair="C", agencies="P", plan_continues=True,
                                category="NEG", acting_user=user)
    _born(unborn, user, date(2025, 8, 18))
    assert not Clock.objects.filter(item=ts.REVIEW_AFTER_BIRTH).exists()


def test_a_plan_that_ends_before_the_review_cancels_the_clock(world, unborn):
    user = world["allocated_worker"]
    plan = _pre_birth_plan(unborn, user)
    _born(unborn, user, date(2025, 8, 18))
    cp.cp_plan_end(plan=plan, end_date=date(2025, 8, 20), end_reason="moved_la", step_down_to_cin=False,
                   acting_user=user)
    clock = Clock.objects.get(item=ts.REVIEW_AFTER_BIRTH)
    assert (clock.cancelled, clock.cancelled_on) == (True, date(2025, 8, 20))


def test_correcting_the_type_of_conference_adds_or_withdraws_the_clock(world, unborn):
    user = world["allocated_worker"]
    plan = _pre_birth_plan(unborn, user, kind="initial")
    _born(unborn, user, date(2025, 8, 18))
    assert not Clock.objects.filter(item=ts.REVIEW_AFTER_BIRTH).exists()
    conference = plan.conferences.get()
    unborn.refresh_from_db()
    fields = {"held_on": PRE_BIRTH_ICPC, "chair": "C", "agencies": "P", "category": "NEG", "acting_user": user}
    cp.initial_conference_update(conference=conference, read_version=1, kind="pre_birth", **fields)
    assert _due(ts.REVIEW_AFTER_BIRTH) == date(2025, 9, 2)
    cp.initial_conference_update(conference=conference, read_version=2, kind="initial", **fields)
    clock = Clock.objects.get(item=ts.REVIEW_AFTER_BIRTH)
    assert (clock.cancelled, clock.cancelled_on) == (True, PRE_BIRTH_ICPC)
    assert status.clock_status(due_on=clock.due_on, completed_on=None, today=date(2025, 10, 1), cancelled=True,
                               cancelled_on=clock.cancelled_on) == status.CANCELLED


def test_a_pre_birth_conference_must_come_before_the_birth(world, unborn):
    user = world["allocated_worker"]
    plan = _pre_birth_plan(unborn, user)
    _born(unborn, user, date(2025, 6, 2))  # a date typed wrongly: before the pre-birth conference
    from django.core.exceptions import ValidationError

    conference = plan.conferences.get()
    with pytest.raises(ValidationError, match="this child was born on 2 June 2025"):
        cp.initial_conference_update(conference=conference, read_version=1, kind="pre_birth", held_on=PRE_BIRTH_ICPC,
                                     chair="C", agencies="P", category="NEG", acting_user=user)
    assert not Clock.objects.filter(item=ts.REVIEW_AFTER_BIRTH, cancelled=False).exists()
