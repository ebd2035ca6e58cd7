"""Who may see which child: the one question every view, selector and export asks.

A child is visible to
- the allocated worker, everyone in the allocated team (workers and its team manager), and
  the service manager of the team's service area (the service hierarchy);
- roles with service-wide read: head of service, auditor, performance analyst;
- anyone a journey app grants through `register_visibility` (the front door for open
  contacts, an IRO for the children they chair for, ...);
- a user holding an unexpired break-glass grant;
- whoever created the record, until it is first allocated to a team.
A restricted child is visible only to the users named on it, whatever the above says.
Everything is expressed as a `Q` over Child so that lists and single records agree.
"""

from collections.abc import Callable

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from casebook.accounts.models import MANAGER_ROLES, SERVICE_WIDE_READ_ROLES, Role
from casebook.children.models import Child

TEAM_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER})
NOTHING = Q(pk__in=[])

_visibility_rules: dict[str, Callable[[object], Q | None]] = {}


def register_visibility(name: str, rule: Callable[[object], Q | None]) -> None:
    """Add a reason a user may see a child: `rule(user)` returns a Q over Child, or None."""
    _visibility_rules[name] = rule


def _core_visibility(user) -> Q:
    if user.role in SERVICE_WIDE_READ_ROLES:
        return Q()
    q = Q(allocated_worker=user.pk) if user.role != Role.ADMINISTRATOR else NOTHING
    if user.role in TEAM_ROLES and user.team_id:
        q |= Q(allocated_team=user.team_id)
    if user.role == Role.SERVICE_MANAGER and user.service_area_id:
        q |= Q(allocated_team__service_area=user.service_area_id)
    return q


def _break_glass(user) -> Q:
    from casebook.access_audit.models import BreakGlassGrant, GrantScope

    # Only emergency grants widen what a user sees; an information governance grant opens two
    # pages for one child (access_audit.selectors.access_child) and nothing else.
    return Q(Exists(BreakGlassGrant.objects.filter(child=OuterRef("pk"), user=user.pk, scope=GrantScope.EMERGENCY,
                                                   expires_at__gt=timezone.now())))


register_visibility("break_glass", _break_glass)


def _creator_until_allocated(user) -> Q:
    # Whoever creates a record must be able to open it (to add the address and family, and to
    # ask for it to be allocated); once a team has held it, the team's rules decide, and the
    # creator does not regain access when the case later closes.
    from casebook.children.models import Allocation

    ever_allocated = Exists(Allocation.objects.filter(child=OuterRef("pk")))
    return Q(recorded_by=user.pk) & ~Q(ever_allocated)


register_visibility("creator_until_allocated", _creator_until_allocated)


def visibility_q(user, *, include_break_glass: bool = True) -> Q:
    """The Q over Child that selects every child `user` may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    from casebook.access_audit.models import RestrictedAccessGrant

    q = _core_visibility(user)
    if q != Q():  # service-wide readers already see every unrestricted child
        for name, rule in _visibility_rules.items():
            if name == "break_glass" and not include_break_glass:
                continue
            extra = rule(user)
            if extra is not None:
                q |= extra
    named = Exists(RestrictedAccessGrant.objects.filter(child=OuterRef("pk"), user=user.pk))
    return (Q(is_restricted=False) & q) | (Q(is_restricted=True) & Q(named))


def children_visible_to(user, *, include_break_glass: bool = True) -> QuerySet[Child]:
    return Child.objects.filter(visibility_q(user, include_break_glass=include_break_glass))


def can_view_child(user, child: Child) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists()


def is_manager_of_child(user, child: Child) -> bool:
    """Managers who can see the child: its team manager, service manager, heads of service."""
    return user.role in MANAGER_ROLES and can_view_child(user, child)


# django-rules permissions, for templates ({% has_perm %}) and user.has_perm().
@rules.predicate
def _can_view(user, child) -> bool:
    return child is not None and can_view_child(user, child)


@rules.predicate
def _manages(user, child) -> bool:
    return child is not None and is_manager_of_child(user, child)


rules.add_perm("children.view_child", _can_view)
rules.add_perm("access_audit.view_access_log", _manages)
