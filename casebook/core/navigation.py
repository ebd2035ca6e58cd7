"""The service navigation: each app registers its top-level pages and who sees them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, resolve, reverse


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


def may_open(user, url_name: str, *args) -> bool:
    """Would `user` get past the access declaration of the page at `url_name` (with `args`)?

    Reads the view's declaration (casebook.access_audit.decorators): role pages by role, signed-in
    pages for anyone signed in. A child page is not judged here (that needs the child): True.
    Templates use it through the `may_open` filter so no page offers a link its reader would be
    refused.
    """
    try:
        match = resolve(reverse(url_name, args=args))
    except NoReverseMatch:
        return False
    spec = getattr(match.func, "casebook_access", None)
    if spec is None or spec.kind == "public":
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if spec.kind == "roles":
        return user.role in spec.roles
    return True


def items_for(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    result = []
    for item in sorted(_items.values(), key=lambda i: i.order):
        if not item.visible(user) or not may_open(user, item.url_name):
            continue
        url = reverse(item.url_name)
        prefix = item.prefix or url
        active = request.path == url or (prefix != "/" and request.path.startswith(prefix))
        result.append({"label": item.label, "url": url, "active": active})
    return result
