"""Drift signals: pure functions over a plan's facts, one per signal, each tested branch by branch.

DfE tracks second or subsequent CP plans (and those within 2 years of the last) and plans lasting
2 years or more; local escalation procedures (Swindon: mid-point at 12 months, a 15-month
conference, aim for 21 months or less; Nottinghamshire: designated review at 21 months) set the
long-plan thresholds, which are settings (CASEBOOK["DRIFT_PLAN_MONTHS"], default 12, 15, 21).
Ofsted found children left in neglect too long: a neglect plan whose category has not changed
at a review is flagged for the panel.
"""

import calendar
from collections.abc import Iterable
from datetime import date

from django.conf import settings

REPEAT_WINDOW_MONTHS = 24
NEGLECT_FACTOR = "16A"  # CIN census factor identified at assessment: neglect


def thresholds() -> tuple[int, ...]:
    return tuple(sorted(settings.CASEBOOK.get("DRIFT_PLAN_MONTHS", (12, 15, 21))))


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, the day kept or clamped to the month's last day (31
    January + 1 month is 28 or 29 February), as dateutil's relativedelta does. Plain arithmetic:
    the panel list works this out for thousands of plans."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_open(start: date, today: date) -> int:
    """Whole calendar months from `start` to `today` (negative before `start`)."""
    months = (today.year - start.year) * 12 + today.month - start.month
    if today >= start:
        return months - 1 if add_months(start, months) > today else months
    return months + 1 if add_months(start, months) < today else months


def is_repeat_plan(*, previous_plans: int) -> bool:
    """A second or subsequent child protection plan (CIN census NumberOfPreviousCPP > 0)."""
    return previous_plans > 0


def is_repeat_within_two_years(*, start: date, last_plan_ended_on: date | None) -> bool:
    """A repeat plan that started within 2 years of the end of the last one (DfE CIN statistics)."""
    return last_plan_ended_on is not None and start <= add_months(last_plan_ended_on, REPEAT_WINDOW_MONTHS)


def long_plan_threshold(*, start: date, today: date, end: date | None = None) -> int | None:
    """The highest drift threshold (months) an open plan has passed, or None."""
    if end is not None:
        return None
    passed = [t for t in thresholds() if today >= add_months(start, t)]
    return passed[-1] if passed else None


def is_neglect_without_change(*, primary_need: str, factors: Iterable[str], initial_category: str,
                              latest_category: str, reviews: int) -> bool:
    """Neglect (primary need N1 with the neglect factor 16A) whose plan has been reviewed at least
    once without its category of abuse changing."""
    return (primary_need == "N1" and NEGLECT_FACTOR in set(factors) and reviews >= 1
            and latest_category == initial_category)
