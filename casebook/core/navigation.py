"""The service navigation: each app registers its top-level pages and who sees them.

A less-used page can name a `hub`, another registered page: when the reader has the hub in
their menu, the page is left out of the menu and linked under it on the hub's page and on the
pages listed with it (one click to the hub, one to the page). This keeps every reader's menu to
two rows at desktop width. A reader without the hub sees the page in the menu itself."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_urlconf, resolve, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[object], bool]
    prefix: str  # the URL prefix that marks the item as the current section
    hub: str  # url_name of the page that lists this one in place of the menu ("" for none)


_items: dict[str, NavItem] = {}


def register(label: str, url_name: str, *, order: int, visible=lambda user: True, prefix: str = "",
             hub: str = "") -> None:
    _items[url_name] = NavItem(label, url_name, order, visible, prefix, hub)


def may_open(user, url_name: str, *args) -> bool:
    """Would `user` get past the access declaration of the page at `url_name` (with `args`)?

    Reads the view's declaration (casebook.access_audit.decorators): role pages by role, signed-in
    pages for anyone signed in. A child page is not judged here (that needs the child): True.
    Templates use it through the `may_open` filter so no page offers a link its reader would be
    refused.
    """
    found, spec = _access_declaration(get_urlconf(), url_name, args)
    if not found:
        return False
    if spec is None or spec.kind == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if spec.kind == "roles":
        return user.role in spec.roles
    return True


@functools.lru_cache(maxsize=4096)
def _access_declaration(urlconf, url_name: str, args: tuple) -> tuple[bool, object]:
    """(whether `url_name` with `args` reverses, the access declaration of its view). Cached: the
    URL configuration does not change while the process runs, and a page asks for dozens of links
    (each a reverse and a resolve through every pattern). `urlconf` keys the cache on the
    configuration in force."""
    try:
        match = resolve(reverse(url_name, args=args, urlconf=urlconf), urlconf=urlconf)
    except NoReverseMatch:
        return False, None
    return True, getattr(match.func, "casebook_access", None)


@receiver(setting_changed)
def _forget_declarations(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests that swap the URL configuration
        _access_declaration.cache_clear()


def _menu(user) -> tuple[list[NavItem], dict[str, list[NavItem]]]:
    """The pages `user` sees and may open, in order: those in the menu, and those listed on each hub
    instead (keyed by the hub's url_name). Hubs do not nest: a hub is itself a menu page."""
    items = [item for item in sorted(_items.values(), key=lambda i: i.order)
             if item.visible(user) and may_open(user, item.url_name)]
    names = {item.url_name for item in items}
    menu, grouped = [], {}
    for item in items:
        if item.hub in names:
            grouped.setdefault(item.hub, []).append(item)
        else:
            menu.append(item)
    return menu, grouped


def _entry(request, item: NavItem) -> dict:
    url = reverse(item.url_name)
    prefix = item.prefix or url
    active = request.path == url or (prefix != "/" and request.path.startswith(prefix))
    return {"label": item.label, "url": url, "active": active}


def items_for(request) -> list[dict]:
    """The service navigation for the signed-in reader. On a page listed on a hub, the hub is
    marked as the current section."""
    user = request.user
    if not user.is_authenticated:
        return []
    menu, grouped = _menu(user)
    result = []
    for item in menu:
        entry = _entry(request, item)
        pages = grouped.get(item.url_name, [])
        entry["active"] = entry["active"] or any(_entry(request, page)["active"] for page in pages)
        result.append(entry)
    return result


def section_for(request) -> list[dict]:
    """On a hub, or on a page listed on one, the hub and the pages listed on it (the links shown
    under the menu); otherwise empty."""
    user = request.user
    if not user.is_authenticated:
        return []
    menu, grouped = _menu(user)
    for hub in menu:
        entries = [_entry(request, item) for item in (hub, *grouped.get(hub.url_name, []))]
        if len(entries) > 1 and any(entry["active"] for entry in entries):
            return entries
    return []
