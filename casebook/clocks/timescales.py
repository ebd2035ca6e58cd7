"""Timescales are data: one declarative table of every clock Casebook runs.

Each journey app registers its timescales in its own `timescales.py` (imported from its
AppConfig.ready()), with the statutory or local source. Local values are settings:
`CASEBOOK["TIMESCALE_OVERRIDES"] = {"item": amount}` changes the amount without a code change.
Due dates are computed once, when the clock starts, and stored on the Clock row, so every
dashboard is an indexed query.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings

from casebook.core.workdays import add_working_days


class Unit:
    WORKING_DAYS = "working days"
    CALENDAR_DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"


@dataclass(frozen=True)
class Timescale:
    item: str  # stable name: used in exports and dashboards; never rename
    label: str  # what a social worker calls it
    amount: int
    unit: str
    source: str  # the statutory guidance or local procedure it comes from
    statutory: bool = True

    @property
    def effective_amount(self) -> int:
        local = _local_values() if _local_values is not None else {}
        if self.item in local:
            return local[self.item]
        return settings.CASEBOOK.get("TIMESCALE_OVERRIDES", {}).get(self.item, self.amount)

    def due(self, start: date | datetime) -> date | datetime:
        """The due date (or, for hour clocks, the due moment) for a clock started at `start`."""
        n = self.effective_amount
        if self.unit == Unit.HOURS:
            if not isinstance(start, datetime):
                raise TypeError(f"{self.item} counts hours: start it with a datetime")
            return start + timedelta(hours=n)
        day = start.date() if isinstance(start, datetime) else start
        if self.unit == Unit.WORKING_DAYS:
            return add_working_days(day, n)
        if self.unit == Unit.CALENDAR_DAYS:
            return day + timedelta(days=n)
        if self.unit == Unit.WEEKS:
            return day + timedelta(weeks=n)
        if self.unit == Unit.MONTHS:
            return day + relativedelta(months=n)
        raise ValueError(f"unknown unit {self.unit!r}")

    @property
    def national_in_words(self) -> str:
        """The amount as set nationally (or in the settings), before any local value."""
        return amount_in_words(self.amount, self.unit)

    @property
    def describe(self) -> str:
        return amount_in_words(self.effective_amount, self.unit)

    @property
    def plain_source(self) -> str:
        """The source in words for workers: without the names of the settings that change a local
        value or the DfE validation rule codes (administrators and analysts see those elsewhere)."""
        return _plain(self.source)


def amount_in_words(amount: int, unit: str) -> str:
    """"1 week", "2 weeks", "1 working day": the unit in the singular for one."""
    if amount == 1:
        unit = {Unit.WORKING_DAYS: "working day", Unit.CALENDAR_DAYS: "day", Unit.WEEKS: "week",
                Unit.MONTHS: "month", Unit.HOURS: "hour"}.get(unit, unit)
    return f"{amount} {unit}"


_SETTING_NAME = re.compile(r"\s*\((?:setting )?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\)")
_RULE_CODE = re.compile(r"[;,]?\s*(?:CIN census|SSDA903|903) rules? \d{4}Q?\b")


def _plain(text: str) -> str:
    return _RULE_CODE.sub("", _SETTING_NAME.sub("", text)).strip()


_TIMESCALES: dict[str, Timescale] = {}

# Local values an administrator set through pages (oversight.TimescaleSetting), read through a
# cached function the oversight app installs, so the table itself never imports a model.
_local_values: Callable[[], dict[str, int]] | None = None


def set_local_values_source(source: Callable[[], dict[str, int]] | None) -> None:
    global _local_values
    _local_values = source


def register(*timescales: Timescale) -> None:
    for timescale in timescales:
        existing = _TIMESCALES.get(timescale.item)
        if existing is not None and existing != timescale:
            raise ValueError(f"timescale {timescale.item!r} is registered twice with different rules")
        _TIMESCALES[timescale.item] = timescale


def get(item: str) -> Timescale:
    return _TIMESCALES[item]


def all_timescales() -> list[Timescale]:
    return sorted(_TIMESCALES.values(), key=lambda t: t.item)
