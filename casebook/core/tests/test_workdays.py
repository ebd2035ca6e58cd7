"""Working days around England and Wales bank holidays.

Expected dates are written out by hand from the published bank holiday lists (gov.uk/bank-holidays),
not computed with the `holidays` package the code uses.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casebook.core.workdays import (
    add_working_days,
    end_of_working_day,
    is_working_day,
    next_working_day,
    working_days_between,
    working_hours_between,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("day", [
    date(2026, 12, 25),  # Christmas Day, a Friday
    date(2026, 12, 28),  # Monday: substitute for Boxing Day on a Saturday
    date(2027, 12, 27),  # Monday: substitute for Christmas Day on a Saturday
    date(2027, 12, 28),  # Tuesday: substitute for Boxing Day on a Sunday
    date(2022, 12, 26),  # Boxing Day, a Monday
    date(2022, 12, 27),  # Tuesday: substitute for Christmas Day on a Sunday
    date(2027, 1, 1),  # New Year's Day, a Friday
    date(2028, 1, 3),  # Monday: substitute for New Year's Day on a Saturday
    date(2026, 4, 3),  # Good Friday 2026
    date(2026, 4, 6),  # Easter Monday 2026
    date(2027, 3, 26),  # Good Friday 2027
    date(2027, 3, 29),  # Easter Monday 2027
    date(2026, 5, 4),  # early May bank holiday
    date(2026, 5, 25),  # spring bank holiday
    date(2026, 8, 31),  # summer bank holiday
    date(2027, 8, 30),  # summer bank holiday
])
def test_bank_holidays_and_substitute_days_are_not_working_days(day):
    assert day.weekday() < 5, "the example must be a weekday to prove anything"
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [
    date(2026, 12, 24),  # Christmas Eve is a working day
    date(2026, 12, 29),
    date(2026, 12, 31),  # New Year's Eve
    date(2027, 12, 29),
    date(2026, 4, 2),  # Maundy Thursday
    date(2026, 4, 7),  # the Tuesday after Easter
    date(2026, 5, 11),  # second Monday of May
    date(2028, 1, 4),
])
def test_ordinary_weekdays_are_working_days(day):
    assert is_working_day(day)


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert is_working_day(date(2026, 3, 9))  # Monday


def test_adding_working_days_over_christmas_2026():
    # Thu 24 Dec -> (Fri 25 holiday, weekend, Mon 28 substitute) -> Tue 29, Wed 30, Thu 31,
    # (Fri 1 Jan holiday, weekend) -> Mon 4 Jan.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    assert add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)


def test_adding_working_days_over_christmas_2027_with_two_substitute_days():
    # Fri 24 Dec 2027 -> Sat 25, Sun 26, Mon 27 and Tue 28 are not working days.
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    # Thu 30, Fri 31, then New Year 2028 is a Saturday: Mon 3 Jan is its substitute.
    assert add_working_days(date(2027, 12, 29), 2) == date(2027, 12, 31)
    assert add_working_days(date(2027, 12, 29), 3) == date(2028, 1, 4)


def test_adding_working_days_over_easter_2026():
    # Thu 2 Apr -> (Good Friday, weekend, Easter Monday) -> Tue 7 Apr.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 1), 3) == date(2026, 4, 8)


def test_adding_working_days_over_may_and_summer_bank_holidays():
    assert add_working_days(date(2026, 5, 1), 1) == date(2026, 5, 5)  # Fri -> Tue (early May)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 1)  # Fri -> Tue (summer)


def test_fifteen_working_days_from_a_strategy_discussion_before_christmas():
    # A 15-working-day timescale from Mon 14 Dec 2026: 15-18 Dec (4), 21-24 Dec (8),
    # 29-31 Dec (11), 4-7 Jan (15).
    assert add_working_days(date(2026, 12, 14), 15) == date(2027, 1, 7)


def test_negative_days_go_back_over_holidays():
    assert add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert add_working_days(date(2028, 1, 4), -1) == date(2027, 12, 31)
    assert add_working_days(date(2026, 3, 9), -1) == date(2026, 3, 6)  # Monday back to Friday


def test_zero_days_is_the_day_itself_or_the_next_working_day():
    assert add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)
    assert next_working_day(date(2027, 12, 25)) == date(2027, 12, 29)


def test_working_days_between_counts_after_the_first_up_to_and_including_the_second():
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4
    assert working_days_between(date(2027, 12, 24), date(2027, 12, 29)) == 1
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7)) == 1
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 4


def test_working_days_between_is_negative_backwards():
    assert working_days_between(date(2027, 1, 4), date(2026, 12, 24)) == -4


def test_working_days_between_a_whole_year():
    # 2026 has 261 weekdays and 8 bank holidays on weekdays (Boxing Day falls on a Saturday).
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 261 - 8


@pytest.mark.parametrize("start", [date(2026, 1, 5), date(2026, 12, 20), date(2027, 3, 20), date(2027, 12, 23)])
@pytest.mark.parametrize("n", [1, 2, 5, 10, 15, 45])
def test_add_and_between_agree(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


def _at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LONDON)


def test_working_hours_across_a_weekend():
    # Friday 16:00 to Monday 10:00: one hour on Friday and one on Monday.
    assert working_hours_between(_at(2026, 3, 6, 16), _at(2026, 3, 9, 10)) == 2.0


def test_working_hours_across_a_bank_holiday_weekend():
    # Fri 1 May 2026 16:00 to Tue 5 May 10:00 (Monday 4 May is the early May bank holiday).
    assert working_hours_between(_at(2026, 5, 1, 16), _at(2026, 5, 5, 10)) == 2.0
    # Thu 23 Dec 2027 16:00 to Wed 29 Dec 10:00: 1 + 8 (Christmas Eve) + 1.
    assert working_hours_between(_at(2027, 12, 23, 16), _at(2027, 12, 29, 10)) == 10.0


def test_working_hours_outside_the_working_day_count_nothing():
    assert working_hours_between(_at(2026, 3, 6, 18), _at(2026, 3, 9, 8)) == 0.0
    assert working_hours_between(_at(2026, 3, 9, 12), _at(2026, 3, 9, 11)) == 0.0


def test_end_of_working_day_moves_past_holidays():
    assert end_of_working_day(date(2026, 12, 25)) == _at(2026, 12, 29, 17)
