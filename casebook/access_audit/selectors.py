"""Reads for access control: the only way a view gets hold of a child."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from casebook.access_audit.models import AccessEvent, BreakGlassGrant, GrantScope
from casebook.access_audit.rules import children_visible_to
from casebook.accounts.models import RECORDING_ROLES, Role
from casebook.children.models import Child

# The pages an information governance grant opens, and who may ask for one.
INFORMATION_GOVERNANCE_PAGES = frozenset({"subject-access", "who-viewed"})
INFORMATION_GOVERNANCE_ROLES = frozenset({"administrator", "auditor", "head_of_service"})
# Methods that only read; any other method records something, whatever the view does with it.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The pages (access names) where chairs record what they chair: looked-after reviews and child
# protection conferences. On every other child page an IRO only reads.
CHAIRED_PAGES = frozenset({"care-review-add", "initial-conference-add", "review-conference-add",
                           "cp-conference-edit"})


def may_record(user, page: str = "") -> bool:
    """May `user` record on child page `page` (of those open to every viewer of the child)?
    Seeing a child is not enough: analysts, auditors and administrators only read, and an IRO
    records only on CHAIRED_PAGES. Without `page`, whether the user records casework at all."""
    return user.role in RECORDING_ROLES or (user.role == Role.IRO and page in CHAIRED_PAGES)


def access_child(*, user, casebook_id: str, page: str, method: str = "GET",
                 audience: Callable = lambda user, child: True,
                 audience_names_actors: bool = False) -> Child | None:
    """The child with this Casebook ID if `user` may see it on `page`, else None (show 404).

    A missing child and a forbidden one look the same to the caller. Each successful access
    writes one AccessEvent, marked when it relied on a break-glass grant. On the information
    governance pages, an unexpired information governance grant for this child also lets in
    the user who asked for it (and counts as break-glass access).

    A request to record (a method outside READING_METHODS) by a user who may see the child but
    not record on `page` (`may_record`) raises PermissionDenied, unless the page's audience names
    who may act (`audience_names_actors`). Like a not-found, a refusal writes no AccessEvent: the
    403 page shows nothing of the child, and the access log lists what people were shown.
    """
    child = (
        children_visible_to(user, include_break_glass=False)
        .select_related("allocated_team", "allocated_worker")
        .filter(casebook_id=casebook_id)
        .first()
    )
    via_break_glass = False
    if child is None:
        child = (
            children_visible_to(user)
            .select_related("allocated_team", "allocated_worker")
            .filter(casebook_id=casebook_id)
            .first()
        )
        via_break_glass = child is not None
    if child is None or not audience(user, child):
        child = _information_governance_child(user, casebook_id, page)
        if child is None:
            return None
        via_break_glass = True
    if method not in READING_METHODS and not audience_names_actors and not may_record(user, page):
        raise PermissionDenied
    AccessEvent.objects.create(user=user, child=child, page=page, method=method, via_break_glass=via_break_glass)
    return child


def _information_governance_child(user, casebook_id: str, page: str) -> Child | None:
    if page not in INFORMATION_GOVERNANCE_PAGES or user.role not in INFORMATION_GOVERNANCE_ROLES:
        return None
    grant = (
        BreakGlassGrant.objects.filter(user=user, child__casebook_id=casebook_id, child__is_restricted=False,
                                       scope=GrantScope.INFORMATION_GOVERNANCE, expires_at__gt=timezone.now())
        .select_related("child__allocated_team", "child__allocated_worker")
        .first()
    )
    return grant.child if grant else None


def information_governance_grants(user) -> QuerySet[BreakGlassGrant]:
    """The user's unexpired information governance grants, newest first."""
    return (BreakGlassGrant.objects.filter(user=user, scope=GrantScope.INFORMATION_GOVERNANCE,
                                           expires_at__gt=timezone.now())
            .select_related("child").order_by("-granted_at"))


def access_events_for_child(child: Child) -> QuerySet[AccessEvent]:
    return AccessEvent.objects.filter(child=child).select_related("user", "user__team").order_by("-at")


def viewers_summary(child: Child) -> QuerySet:
    """One row per person who has viewed the child: how many times, when last."""
    return (
        AccessEvent.objects.filter(child=child)
        .values("user__first_name", "user__last_name", "user__role", "user__team__name")
        .annotate(views=Count("id"), last_viewed=Max("at"))
        .order_by("-last_viewed")
    )


def break_glass_grants(*, since=None) -> QuerySet[BreakGlassGrant]:
    qs = BreakGlassGrant.objects.select_related("user", "user__team", "child")
    if since:
        qs = qs.filter(granted_at__gte=since)
    return qs.order_by("-granted_at")


def active_break_glass(user, child: Child) -> BreakGlassGrant | None:
    return BreakGlassGrant.objects.filter(user=user, child=child, scope=GrantScope.EMERGENCY,
                                          expires_at__gt=timezone.now()).first()
