"""drift's month arithmetic is plain integer work for speed; it must agree with dateutil's
relativedelta, which the drift rules were first written with, on every day of a leap-year span
(month ends, 29 February) and for dates before the start."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from casebook.child_protection import drift


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def test_add_months_matches_relativedelta():
    for day in _days(date(2023, 12, 25), date(2024, 3, 5)):
        for months in (-25, -12, -1, 0, 1, 11, 12, 15, 21, 24):
            assert drift.add_months(day, months) == day + relativedelta(months=months), (day, months)


def test_months_open_matches_relativedelta():
    starts = [date(2024, 1, 31), date(2024, 2, 29), date(2023, 3, 31), date(2024, 8, 15)]
    for start in starts:
        for today in _days(date(2023, 1, 1), date(2026, 4, 1)):
            delta = relativedelta(today, start)
            assert drift.months_open(start, today) == delta.years * 12 + delta.months, (start, today)


def test_hand_worked_month_ends():
    assert drift.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert drift.add_months(date(2024, 2, 29), 24) == date(2026, 2, 28)
    assert drift.months_open(date(2025, 1, 31), date(2025, 2, 28)) == 1
    assert drift.months_open(date(2025, 1, 31), date(2025, 2, 27)) == 0
    assert drift.months_open(date(2025, 3, 20), date(2025, 1, 10)) == -2
