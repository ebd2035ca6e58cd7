"""clock_status, branch by branch, and the clock services against the timescale table."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from casebook.clocks import timescales
from casebook.clocks.models import Clock
from casebook.clocks.services import clock_cancel, clock_complete, clock_correct, clock_start
from casebook.clocks.status import CANCELLED, DUE, MET, MISSED, NOT_YET_DUE, OVERDUE, clock_status

MON = date(2025, 12, 22)  # Christmas week: 25 and 26 December are bank holidays


@pytest.mark.parametrize(("completed_on", "today", "expected"), [
    (date(2025, 12, 31), date(2026, 1, 5), MET),  # done on the due date
    (date(2026, 1, 2), date(2026, 1, 5), MISSED),  # done a day late
    (None, date(2026, 1, 1), OVERDUE),
    (None, date(2025, 12, 24), DUE),  # due within 5 working days (24 Dec -> 2 Jan)
    (None, date(2025, 12, 1), NOT_YET_DUE),
])
def test_status_by_date(completed_on, today, expected):
    assert clock_status(due_on=date(2025, 12, 31), completed_on=completed_on, today=today) == expected


def test_cancelled_before_due_is_cancelled_but_after_due_is_missed():
    due = date(2025, 12, 31)
    assert clock_status(due_on=due, completed_on=None, today=date(2026, 2, 1), cancelled=True,
                        cancelled_on=date(2025, 12, 30)) == CANCELLED
    assert clock_status(due_on=due, completed_on=None, today=date(2026, 2, 1), cancelled=True,
                        cancelled_on=date(2026, 1, 9)) == MISSED


def test_hour_clocks_compare_moments():
    due_at = datetime(2025, 1, 13, 18, 0, tzinfo=timezone.get_current_timezone())
    kwargs = {"due_on": due_at.date(), "completed_on": None, "today": due_at.date(), "due_at": due_at}
    assert clock_status(**kwargs, now=due_at - timedelta(hours=30)) == NOT_YET_DUE
    assert clock_status(**kwargs, now=due_at - timedelta(hours=3)) == DUE
    assert clock_status(**kwargs, now=due_at + timedelta(minutes=1)) == OVERDUE
    assert clock_status(**kwargs, completed_at=due_at - timedelta(hours=1)) == MET
    assert clock_status(**kwargs, completed_at=due_at + timedelta(hours=1)) == MISSED


def test_timescale_units():
    reg = timescales.Timescale
    assert reg("t_wd", "t", 3, timescales.Unit.WORKING_DAYS, "test").due(MON) == date(2025, 12, 29)
    assert reg("t_cd", "t", 10, timescales.Unit.CALENDAR_DAYS, "test").due(MON) == date(2026, 1, 1)
    assert reg("t_w", "t", 6, timescales.Unit.WEEKS, "test").due(MON) == date(2026, 2, 2)
    assert reg("t_m", "t", 3, timescales.Unit.MONTHS, "test").due(date(2025, 11, 30)) == date(2026, 2, 28)
    start = datetime(2025, 1, 10, 18, tzinfo=timezone.get_current_timezone())
    assert reg("t_h", "t", 72, timescales.Unit.HOURS, "test").due(start) == start + timedelta(hours=72)
    with pytest.raises(TypeError):
        reg("t_h", "t", 72, timescales.Unit.HOURS, "test").due(MON)


def test_overrides_come_from_settings(settings):
    rule = timescales.Timescale("t_local", "t", 10, timescales.Unit.WORKING_DAYS, "local")
    settings.CASEBOOK = {**settings.CASEBOOK, "TIMESCALE_OVERRIDES": {"t_local": 20}}
    assert rule.effective_amount == 20


def test_registering_the_same_item_with_a_different_rule_is_refused():
    rule = timescales.Timescale("t_dupe", "t", 1, timescales.Unit.WEEKS, "x")
    timescales.register(rule)
    timescales.register(rule)  # the same rule again is fine (apps may be imported twice)
    with pytest.raises(ValueError):
        timescales.register(timescales.Timescale("t_dupe", "t", 2, timescales.Unit.WEEKS, "x"))


@pytest.mark.django_db
def test_services_start_complete_and_cancel(world):
    item = "t_services"
    timescales.register(timescales.Timescale(item, "Test item", 5, timescales.Unit.WORKING_DAYS, "test"))
    child = world.child
    clock = clock_start(child=child, item=item, started=MON, source=world["allocated_worker"])
    assert clock.due_on == date(2025, 12, 31)  # 23, 24, (25, 26 bank holidays), 29, 30, 31
    again = clock_start(child=child, item=item, started=MON, source=world["allocated_worker"])
    assert again.pk == clock.pk  # restarting from the same source updates, not duplicates
    assert clock_complete(child=child, item=item, completed=date(2026, 1, 2)) == 1  # late, still completes
    assert Clock.objects.get(pk=clock.pk).completed_on == date(2026, 1, 2)
    other = clock_start(child=child, item=item, started=date(2026, 1, 5))
    assert clock_cancel(child=child, item=item, on=date(2026, 1, 20)) == 1
    other.refresh_from_db()
    assert other.cancelled and other.cancelled_on == date(2026, 1, 20)


@pytest.mark.django_db
def test_clock_correct_restates_only_the_source_clock(world):
    item = "t_correct"
    timescales.register(timescales.Timescale(item, "Test item", 5, timescales.Unit.WORKING_DAYS, "test"))
    child, source, other_source = world.child, world["allocated_worker"], world["team_manager"]
    clock = clock_start(child=child, item=item, started=MON, source=source)
    other = clock_start(child=child, item=item, started=MON, source=other_source)
    clock_complete(child=child, item=item, completed=date(2025, 12, 30), source=source)
    # Start moved back to Friday 19 December 2025: 22, 23, 24, (25, 26), 29, 30 -> due 30 December.
    assert clock_correct(child=child, item=item, source=source, started=date(2025, 12, 19)) == 1
    clock.refresh_from_db()
    assert (clock.started_on, clock.due_on, clock.completed_on) == (date(2025, 12, 19), date(2025, 12, 30),
                                                                    date(2025, 12, 30))
    assert clock_correct(child=child, item=item, source=source, completed_on=date(2025, 12, 29)) == 1
    assert clock_correct(child=child, item=item, source=source, cancelled_on=date(2025, 12, 19)) == 1
    clock.refresh_from_db()
    assert (clock.completed_on, clock.cancelled, clock.cancelled_on) == (date(2025, 12, 29), True, date(2025, 12, 19))
    other.refresh_from_db()
    assert (other.started_on, other.due_on, other.completed_on, other.cancelled) == (MON, date(2025, 12, 31), None,
                                                                                      False)
    assert clock_correct(child=child, item=item, source=world.child, started=MON) == 0  # never started: nothing made
