"""What the child's pages show from other apps, registered in each app's AppConfig.ready().

- Tabs: the child's secondary navigation (Summary, Chronology, Contacts, Plans, ...).
- Summary panels: sections on the child's summary page (clocks, open plans, ...), each a
  template and a function giving its context. Panels must keep their own query count fixed.
"""

from collections.abc import Callable
from dataclasses import dataclass


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


_tabs: dict[str, Tab] = {}
_panels: dict[str, Panel] = {}


def register_tab(label: str, url_name: str, *, order: int, visible=lambda user, child: True) -> None:
    _tabs[url_name] = Tab(label, url_name, order, visible)


def register_panel(template: str, context: Callable, *, order: int) -> None:
    _panels[template] = Panel(template, context, order)


def tabs_for(user, child) -> list[Tab]:
    return [t for t in sorted(_tabs.values(), key=lambda t: t.order) if t.visible(user, child)]


def panels_for(user, child) -> list[tuple[str, dict]]:
    return [(p.template, p.context(user, child)) for p in sorted(_panels.values(), key=lambda p: p.order)]
