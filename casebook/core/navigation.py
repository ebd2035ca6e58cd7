"""The service navigation: each app registers its top-level pages and who sees them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int
    visible: Callable[[object], bool]
    prefix: str  # the URL prefix that marks the item as the current section


_items: dict[str, NavItem] = {}


def register(label: str, url_name: str, *, order: int, visible=lambda user: True, prefix: str = "") -> None:
    _items[url_name] = NavItem(label, url_name, order, visible, prefix)


def items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if not item.visible(user):
            continue
        url = reverse(item.url_name)
        prefix = item.prefix or url
        active = request.path == url or (prefix != "/" and request.path.startswith(prefix))
        result.append({"label": item.label, "url": url, "active": active})
    return result
