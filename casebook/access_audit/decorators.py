"""Every view declares who may reach it; a test walks the URL patterns and fails on any that don't.

- `@public_page`: no sign-in (sign-in page, health check).
- `@signed_in_page`: any signed-in user; shows no child's data.
- `@role_page(*roles)`: signed-in users with one of these roles; others get the 403 page.
- `@child_page("name", audience=...)`: a page about one child, reached by the Casebook ID in the
  URL (`child_id`). Not found unless the user may see the child (and belongs to the audience);
  every request that gets through writes one AccessEvent. The view receives the Child. Recording
  (any method but GET, HEAD or OPTIONS) also needs a recording role unless the audience names who
  may act (decided when the view is decorated, and kept on its AccessSpec); others get the 403
  page (selectors.access_child). `may_record_here(request)` tells a page's template the same, so
  it shows those others what is recorded instead of a form.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from casebook.access_audit import selectors


@dataclass(frozen=True)
class AccessSpec:
    kind: str  # public | signed_in | roles | child
    roles: frozenset[str] = field(default_factory=frozenset)
    page: str = ""
    audience: str = "child"  # for child pages: see AUDIENCES
    names_actors: bool = False  # for child pages: the audience is in ACTING_AUDIENCES


# Further conditions on top of "may see the child", by name so the access test can name them.
AUDIENCES: dict[str, Callable] = {
    "child": lambda user, child: True,
    "child-managers": lambda user, child: user.is_manager,
    "information-governance": lambda user, child: user.role in {"auditor", "administrator", "head_of_service"},
}
# Audiences whose rule already names who may act on their pages, so anyone in them may record there.
# On every other child page only RECORDING_ROLES may record (deny by default).
ACTING_AUDIENCES: set[str] = {"child-managers", "information-governance"}


def register_audience(name: str, rule: Callable, *, names_actors: bool = False) -> None:
    """Let an app below access_audit add a named audience (a plain `rule(user, child) -> bool`).
    `names_actors=True` lets everyone the rule admits record on its pages, whatever their role.
    Register it before the views that use it are decorated (import it at the top of views.py).
    A name already registered raises ValueError unless it is the same rule with the same
    `names_actors` (so pages already decorated never change their meaning)."""
    if name in AUDIENCES:
        if AUDIENCES[name] is rule and (name in ACTING_AUDIENCES) == names_actors:
            return
        raise ValueError(f"audience {name!r} is already registered differently")
    AUDIENCES[name] = rule
    if names_actors:
        ACTING_AUDIENCES.add(name)


def may_record_here(request) -> bool:
    """May the signed-in user record on the page `request` is for? On a child page whose audience
    does not name who may act, only those who may record on children's pages
    (`selectors.may_record`); elsewhere the page's own declaration already decided who got in."""
    match = getattr(request, "resolver_match", None)
    spec = getattr(match.func, "casebook_access", None) if match else None
    if spec is None or spec.kind != "child" or spec.names_actors:
        return True
    return selectors.may_record(request.user, spec.page)


def _mark(view, spec: AccessSpec):
    view.casebook_access = spec
    return view


def public_page(view):
    return _mark(view, AccessSpec(kind="public"))


def signed_in_page(view):
    return _mark(view, AccessSpec(kind="signed_in"))


def role_page(*roles: str):
    allowed = frozenset(str(r) for r in roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, AccessSpec(kind="roles", roles=allowed))

    return decorator


def child_page(page: str, *, audience: str = "child"):
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    spec = AccessSpec(kind="child", page=page, audience=audience, names_actors=audience in ACTING_AUDIENCES)
    rule = AUDIENCES[audience]

    def decorator(view):
        @wraps(view)
        def wrapper(request, child_id: str, *args, **kwargs):
            child = selectors.access_child(user=request.user, casebook_id=child_id, page=page,
                                           method=request.method, audience=rule,
                                           audience_names_actors=spec.names_actors)
            if child is None:
                raise Http404
            return view(request, child, *args, **kwargs)

        return _mark(wrapper, spec)

    return decorator
