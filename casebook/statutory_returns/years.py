"""Collection years, named as the DfE names them: by the year they end (2027 = 1 April 2026 to
31 March 2027). CIN census guidance and SSDA903 guidance both use this window."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class CollectionYear:
    year: int

    @property
    def start(self) -> date:
        return date(self.year - 1, 4, 1)

    @property
    def end(self) -> date:
        return date(self.year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{str(self.year)[2:]}"

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def current_year(today: date | None = None) -> CollectionYear:
    today = today or timezone.localdate()
    return CollectionYear(today.year + 1 if today.month >= 4 else today.year)
