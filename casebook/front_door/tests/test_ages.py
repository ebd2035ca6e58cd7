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


# ---- The contact's time at the front door, in words ----------------------------------------------

def _contact(received, due, decided=None):
    from types import SimpleNamespace

    return SimpleNamespace(received_at=received, decision_due_at=due, decided_at=decided)


def test_timing_says_how_long_ago_and_when_the_decision_is_due():
    from casebook.front_door.selectors import contact_timing

    # Monday 23 November 2026: received 09:00, now 15:36 (6.6 working hours), red: due 17:00 the same day.
    assert contact_timing(_contact(at(2026, 11, 23, 9), at(2026, 11, 23, 17)), now=at(2026, 11, 23, 15, 36)) == \
        "Received 6 working hours ago (decision due by 17:00 today)"
    # Amber, received 10:00 and due at 17:00 on Tuesday; now 10:20 on Monday.
    assert contact_timing(_contact(at(2026, 11, 23, 10), at(2026, 11, 24, 17)), now=at(2026, 11, 23, 10, 20)) == \
        "Received less than a working hour ago (decision due by 17:00 tomorrow)"
    # Friday 16:00 to Monday 10:00 is two working hours.
    assert contact_timing(_contact(at(2026, 11, 20, 16), at(2026, 11, 23, 17)), now=at(2026, 11, 23, 10)) == \
        "Received 2 working hours ago (decision due by 17:00 today)"


def test_timing_of_an_overdue_and_of_a_decided_contact():
    from casebook.front_door.selectors import contact_timing

    # Monday 09:00 to Wednesday 11:00: 18 working hours, two working days; due Monday 17:00.
    assert contact_timing(_contact(at(2026, 11, 23, 9), at(2026, 11, 23, 17)), now=at(2026, 11, 25, 11)) == \
        "Received 2 working days ago (decision overdue: it was due by 17:00 on Monday 23 November 2026)"
    assert contact_timing(_contact(at(2026, 11, 23, 9), at(2026, 11, 23, 17), at(2026, 11, 23, 11, 30)),
                          now=at(2026, 11, 25, 11)) == "Decided 2 working hours after it was received"
    assert contact_timing(_contact(at(2026, 11, 23, 9), None), now=at(2026, 11, 23, 9, 30)) == \
        "Received less than a working hour ago (the decision's due time is set when the contact is rated)"


def test_the_queue_words_age_and_due_time_as_the_contact_page_does():
    from types import SimpleNamespace

    from casebook.front_door.selectors import queue_rows

    def contact(received, due):
        return SimpleNamespace(received_at=received, decision_due_at=due, decided_at=None,
                               links=SimpleNamespace(all=lambda: []))

    # Friday 16:00 to Monday 10:00: two working hours; due Monday 17:00.
    row, = queue_rows([contact(at(2026, 11, 20, 16), at(2026, 11, 23, 17))], now=at(2026, 11, 23, 10))
    assert (row.age, row.due, row.overdue) == ("Received 2 working hours ago", "17:00 today", False)
    # Monday 09:00 to Wednesday 11:00: two working days, past Monday 17:00.
    row, = queue_rows([contact(at(2026, 11, 23, 9), at(2026, 11, 23, 17))], now=at(2026, 11, 25, 11))
    assert (row.age, row.due, row.overdue) == ("Received 2 working days ago", "17:00 on Monday 23 November 2026", True)
