"""Working-hour and working-day ages at the front door across a weekend and a bank holiday."""

from datetime import date

from casebook.front_door.selectors import waited_working_days, working_age
from casebook.front_door.services import decision_due_at
from casebook.front_door.tests.factories import at


def test_contact_age_skips_the_weekend_and_the_august_bank_holiday():
    # Friday 22 August 2025, 16:00; Monday 25 August 2025 is the summer bank holiday.
    hours, days = working_age(since=at(2025, 8, 22, 16), now=at(2025, 8, 26, 10))
    assert hours == 2.0  # 16:00-17:00 on Friday and 09:00-10:00 on Tuesday
    assert days == 1  # Tuesday is the first working day after Friday


def test_contact_age_within_one_day_counts_only_working_hours():
    assert working_age(since=at(2025, 8, 26, 8), now=at(2025, 8, 26, 12, 30)) == (3.5, 0)


def test_contact_age_over_a_weekend_without_holiday():
    # Friday 5 September 2025 10:00 to Monday 8 September 2025 10:00: 7 + 1 hours, one working day.
    assert working_age(since=at(2025, 9, 5, 10), now=at(2025, 9, 8, 10)) == (8.0, 1)


def test_waiting_for_allocation_counts_working_days_across_bank_holiday():
    # Signed off Friday 22 August 2025: Tue 26, Wed 27, Thu 28, Fri 29, Mon 1, Tue 2 September.
    assert waited_working_days(signed_off_at=at(2025, 8, 22, 15), today=date(2025, 9, 2)) == 6
    assert waited_working_days(signed_off_at=at(2025, 8, 22, 15), today=date(2025, 8, 25)) == 0


def test_decision_due_time_follows_the_rag_rating():
    # Friday before the bank holiday: red is due that evening, amber and green on Tuesday evening.
    assert decision_due_at(received_at=at(2025, 8, 22, 11), rag="red") == at(2025, 8, 22, 17)
    assert decision_due_at(received_at=at(2025, 8, 22, 11), rag="amber") == at(2025, 8, 26, 17)
    assert decision_due_at(received_at=at(2025, 8, 22, 11), rag="green") == at(2025, 8, 26, 17)
