"""Working days in England: Monday to Friday, less England and Wales bank holidays.

Statutory guidance counts most front-door and child-protection deadlines in working days
(Working Together to Safeguard Children 2023). Bank holidays, substitute days included, come
from the `holidays` package (country GB, subdivision ENG), so nothing here needs a yearly edit.

Convention: `add_working_days(d, 1)` is the first working day after `d`; `add_working_days(d, 0)`
is `d` itself if it is a working day, else the next working day. `working_days_between(a, b)`
counts the working days after `a` up to and including `b`, so for a working day `b`,
`working_days_between(a, add_working_days(a, n)) == n`.
"""

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(d: date) -> bool:
    return d in _bank_holidays(d.year)


def is_working_day(d: date) -> bool:
    """True on Monday to Friday unless the day is an England and Wales bank holiday."""
    return d.weekday() < 5 and not is_bank_holiday(d)


def next_working_day(d: date) -> date:
    """`d` if it is a working day, otherwise the next one."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (before it, for negative `days`)."""
    if days == 0:
        return next_working_day(start)
    step = 1 if days > 0 else -1
    remaining = abs(days)
    d = start
    while remaining:
        d += timedelta(days=step)
        if is_working_day(d):
            remaining -= 1
    return d


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`."""
    if b == a:
        return 0
    if b < a:
        return -working_days_between(b, a)
    count = 0
    d = a
    # Whole weeks first so long spans (a 15-month plan) stay cheap.
    while (b - d).days > 7:
        week_end = d + timedelta(days=7)
        count += sum(1 for i in range(1, 8) if is_working_day(d + timedelta(days=i)))
        d = week_end
    while d < b:
        d += timedelta(days=1)
        if is_working_day(d):
            count += 1
    return count


def _working_window(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start_hour = settings.CASEBOOK["WORKING_DAY_START_HOUR"]
    end_hour = settings.CASEBOOK["WORKING_DAY_END_HOUR"]
    return (
        datetime(day.year, day.month, day.day, start_hour, tzinfo=tz),
        datetime(day.year, day.month, day.day, end_hour, tzinfo=tz),
    )


def working_hours_between(start: datetime, end: datetime) -> float:
    """Hours inside the working day (09:00-17:00 by default) between two moments.

    Used for the age of a contact at the front door: a contact received on Friday at 16:00
    and still open on Monday at 10:00 is two working hours old, not 66 hours.
    """
    if end <= start:
        return 0.0
    tz = timezone.get_current_timezone()
    start, end = start.astimezone(tz), end.astimezone(tz)
    total = 0.0
    day = start.date()
    while day <= end.date():
        if is_working_day(day):
            open_at, close_at = _working_window(day)
            lo, hi = max(open_at, start), min(close_at, end)
            if hi > lo:
                total += (hi - lo).total_seconds() / 3600
        day += timedelta(days=1)
    return total


def end_of_working_day(day: date) -> datetime:
    """The close of the working day `day` (or of the next working day if `day` is not one)."""
    return _working_window(next_working_day(day))[1]
