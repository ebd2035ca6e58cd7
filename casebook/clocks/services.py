"""Starting and stopping clocks. Journey services call these in their own transactions."""

from datetime import date, datetime

from django.db import models
from django.utils import timezone

from casebook.clocks import timescales
from casebook.clocks.models import Clock


def source_ref(record: models.Model | None) -> str:
    return f"{record._meta.label_lower}:{record.pk}" if record is not None else ""


def clock_start(*, child, item: str, started: date | datetime, source: models.Model | None = None) -> Clock:
    """Start (or, for the same source, restart) the clock `item` for `child`; due date from the table."""
    timescale = timescales.get(item)
    due = timescale.due(started)
    started_on = started.date() if isinstance(started, datetime) else started
    values = {"started_on": started_on, "due_on": due.date() if isinstance(due, datetime) else due,
              "due_at": due if isinstance(due, datetime) else None}
    ref = source_ref(source)
    if ref:
        clock, _ = Clock.objects.update_or_create(child=child, item=item, source=ref, defaults=values)
        return clock
    return Clock.objects.create(child=child, item=item, source=ref, **values)


def clock_complete(*, child, item: str, completed: date | datetime, source: models.Model | None = None) -> int:
    """Stop the open clock(s) `item` for `child` (only the one from `source`, if given). Returns how many."""
    qs = Clock.objects.filter(child=child, item=item, completed_on__isnull=True, cancelled=False)
    if source is not None:
        qs = qs.filter(source=source_ref(source))
    completed_on = completed.date() if isinstance(completed, datetime) else completed
    return qs.update(completed_on=completed_on, completed_at=completed if isinstance(completed, datetime) else None)


def clock_cancel(*, child, item: str, source: models.Model | None = None, on: date | None = None) -> int:
    """The item is no longer needed from `on` (default today): a plan ended, a conference was not
    required. A clock already past its due date when cancelled still counts as missed."""
    qs = Clock.objects.filter(child=child, item=item, completed_on__isnull=True, cancelled=False)
    if source is not None:
        qs = qs.filter(source=source_ref(source))
    return qs.update(cancelled=True, cancelled_on=on or timezone.localdate())


KEEP = object()  # clock_correct: leave this date as it is


def clock_correct(*, child, item: str, source: models.Model, started: date | None = None, completed_on=KEEP,
                  cancelled_on=KEEP) -> int:
    """A record's date was corrected after its clocks were written: restate the clock `item` that
    `source` started. `started` moves the start and recomputes the due date from the table;
    `completed_on` / `cancelled_on` set (or, with None, clear) those dates. Creates nothing: a clock
    that was never started stays unstarted. Returns how many rows changed (0 or 1)."""
    values: dict = {}
    if started is not None:
        due = timescales.get(item).due(started)
        values.update(started_on=started, due_on=due.date() if isinstance(due, datetime) else due,
                      due_at=due if isinstance(due, datetime) else None)
    if completed_on is not KEEP:
        values.update(completed_on=completed_on, completed_at=None)
    if cancelled_on is not KEEP:
        values.update(cancelled=cancelled_on is not None, cancelled_on=cancelled_on)
    if not values:
        return 0
    return Clock.objects.filter(child=child, item=item, source=source_ref(source)).update(**values)


def clock_withdraw(*, child, source: models.Model) -> int:
    """`source` was recorded in error and is being removed (a plan a conference never decided on):
    delete the clocks it started, so they count as neither met nor missed. Returns how many."""
    deleted, _ = Clock.objects.filter(child=child, source=source_ref(source)).delete()
    return deleted


def clock_reopen(*, child, item: str, cancelled_on: date) -> int:
    """Undo `clock_cancel` for the clocks `item` of `child` cancelled on `cancelled_on` (a plan's
    ending corrected away): they run again. Returns how many."""
    return (Clock.objects.filter(child=child, item=item, cancelled=True, cancelled_on=cancelled_on,
                                 completed_on__isnull=True).update(cancelled=False, cancelled_on=None))


def clock_cancellation_move(*, child, item: str, was: date, now: date) -> int:
    """The clocks `item` of `child` cancelled on `was` (a plan ended that day) were cancelled on `now`
    instead: the plan's end date was corrected. Returns how many."""
    return (Clock.objects.filter(child=child, item=item, cancelled=True, cancelled_on=was, completed_on__isnull=True)
            .update(cancelled_on=now))
