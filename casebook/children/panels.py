"""What the child's pages show from other apps, registered in each app's AppConfig.ready().

- Tabs: the child's secondary navigation (Summary, Chronology, Contacts, Plans, ...).
- Summary panels: sections on the child's summary page (clocks, open plans, ...), each a
  template and a function giving its context. Panels must keep their own query count fixed.
- Status: what the child's header says about them (on a child protection plan, looked after, ...),
  from a function per app giving a `ChildStatus`. It runs once per request (kept on the child),
  so tabs can ask it whether they have anything to show without more queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tab:
    label: str
    url_name: str
    order: int
    visible: Callable[[object, object], bool]  # (user, child) -> bool


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[object, object], dict]  # (user, child) -> context
    order: int


@dataclass
class ChildStatus:
    """What one app says about the child: header tags, what the child has records of (for tabs),
    and links to start a first record where its tab is hidden."""

    tags: list[tuple[str, str, str]] = field(default_factory=list)  # (label, detail, govuk tag colour)
    has: set[str] = field(default_factory=set)  # e.g. {"care", "missing"}
    first_records: list[tuple[str, str]] = field(default_factory=list)  # (link text, url name)


_tabs: dict[str, Tab] = {}
# For lists of children (home pages): a short status label and an Exists() over Child saying whether
# it applies, so a whole list is annotated in its one query.
_list_statuses: dict[str, tuple[str, Callable[[], object]]] = {}
_status_sources: dict[str, Callable[[object], ChildStatus]] = {}
_panels: dict[str, Panel] = {}


def register_tab(label: str, url_name: str, *, order: int, visible=lambda user, child: True) -> None:
    _tabs[url_name] = Tab(label, url_name, order, visible)


def register_panel(template: str, context: Callable, *, order: int) -> None:
    _panels[template] = Panel(template, context, order)


def tabs_for(user, child) -> list[Tab]:
    return [t for t in sorted(_tabs.values(), key=lambda t: t.order) if t.visible(user, child)]


def panels_for(user, child) -> list[tuple[str, dict]]:
    return [(p.template, p.context(user, child)) for p in sorted(_panels.values(), key=lambda p: p.order)]


def register_status(name: str, source: Callable[[object], ChildStatus]) -> None:
    """`source(child)` gives a ChildStatus with a fixed number of queries."""
    _status_sources[name] = source


def status_for(child) -> ChildStatus:
    """Every app's status for the child, merged in registration order; computed once per child object."""
    cached = getattr(child, "_casebook_status", None)
    if cached is None:
        cached = ChildStatus()
        for source in _status_sources.values():
            part = source(child)
            cached.tags += part.tags
            cached.has |= part.has
            cached.first_records += part.first_records
        child._casebook_status = cached
    return cached


def has_record(kind: str):
    """A tab's `visible` test: shown only when the child has records of `kind` (see ChildStatus.has)."""
    return lambda user, child: kind in status_for(child).has


def register_list_status(key: str, label: str, exists: Callable[[], object]) -> None:
    """`exists()` gives an Exists() expression over Child (OuterRef("pk")), e.g. an open CP plan."""
    _list_statuses[key] = (label, exists)


def with_list_status(queryset):
    """Annotate each child with `status_<key>` booleans for every registered list status."""
    return queryset.annotate(**{f"status_{key}": exists() for key, (_, exists) in _list_statuses.items()})


def list_status_labels(child) -> list[str]:
    return [label for key, (label, _) in _list_statuses.items() if getattr(child, f"status_{key}", False)]
