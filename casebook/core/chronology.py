"""The child's chronology is derived, never stored twice.

Each app registers a *source*: a function that, given a child, returns the entries its records
contribute. The chronology page merges them by date. Register in the app's `AppConfig.ready()`:

    chronology.register("contact", "Contacts", contacts_for_chronology)
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class Entry:
    when: datetime | date
    kind: str  # the registered kind, used for filtering
    title: str
    detail: str = ""
    by: str = ""  # who recorded it (staff name; staff are not data subjects here)
    url: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when
        return datetime(self.when.year, self.when.month, self.when.day, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    entries: Callable[[object], Iterable[Entry]] = field(compare=False)


_sources: dict[str, Source] = {}


def register(kind: str, label: str, entries: Callable[[object], Iterable[Entry]]) -> None:
    """Add a source of chronology entries. `kind` must be unique across the project."""
    if kind in _sources and _sources[kind].entries is not entries:
        raise ValueError(f"chronology kind {kind!r} is registered twice")
    _sources[kind] = Source(kind, label, entries)


def kinds() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: s.label)


def entries_for(child, *, only: set[str] | None = None) -> list[Entry]:
    """Every entry for `child`, newest first, optionally only of the given kinds."""
    collected: list[Entry] = []
    for source in _sources.values():
        if only and source.kind not in only:
            continue
        collected.extend(source.entries(child))
    return sorted(collected, key=lambda e: e.sort_key, reverse=True)
