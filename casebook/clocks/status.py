"""The status of a clock on a given day: one pure function, tested branch by branch."""

from datetime import date, datetime

from django.utils import timezone

from casebook.core.workdays import add_working_days

MET, MISSED, OVERDUE, DUE, NOT_YET_DUE, CANCELLED = "met", "missed", "overdue", "due", "not yet due", "cancelled"
DUE_SOON_WORKING_DAYS = 5


def clock_status(*, due_on: date, completed_on: date | None, today: date, cancelled: bool = False,
                 due_at: datetime | None = None, completed_at: datetime | None = None,
                 now: datetime | None = None, cancelled_on: date | None = None) -> str:
    """met / missed (done on time or late), overdue (open, past due), due (open, due within 5
    working days), not yet due. Hour clocks compare moments, not dates. A clock cancelled after
    its due date (the plan ended with the item still overdue) is missed, not merely cancelled."""
    if cancelled:
        return MISSED if cancelled_on is not None and cancelled_on > due_on else CANCELLED
    if due_at is not None:
        now = now or timezone.now()
        if completed_at is not None:
            return MET if completed_at <= due_at else MISSED
        if now > due_at:
            return OVERDUE
        return DUE if (due_at - now).total_seconds() <= 24 * 3600 else NOT_YET_DUE
    if completed_on is not None:
        return MET if completed_on <= due_on else MISSED
    if today > due_on:
        return OVERDUE
    if due_on <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return DUE
    return NOT_YET_DUE
