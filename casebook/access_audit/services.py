"""Writes for access control: break-glass grants and restricted-record grants."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casebook.access_audit.models import BreakGlassGrant, ExportEvent, GrantScope, RestrictedAccessGrant
from casebook.children.models import Child


class BreakGlassRefused(Exception):
    pass


@transaction.atomic
def break_glass_grant(*, user, casebook_id: str, reason: str) -> Child:
    """Give `user` emergency access to a child for BREAK_GLASS_HOURS, recording the reason.

    Restricted records cannot be opened this way: they need a named grant. Raises
    BreakGlassRefused (with one message for "no such child" and "restricted").
    """
    return _grant(user=user, casebook_id=casebook_id, reason=reason, scope=GrantScope.EMERGENCY,
                  not_found="No record you can open in an emergency has that Casebook ID")


@transaction.atomic
def information_governance_grant(*, user, casebook_id: str, reason: str) -> Child:
    """Let an information governance user (administrator, auditor, head of service) open one
    child's subject access bundle and "who has viewed" page for BREAK_GLASS_HOURS, recording
    the reason like an emergency access. It opens nothing else, and no restricted record.
    """
    from casebook.access_audit.selectors import INFORMATION_GOVERNANCE_ROLES

    if user.role not in INFORMATION_GOVERNANCE_ROLES:
        raise BreakGlassRefused("Only information governance staff can open these pages")
    return _grant(user=user, casebook_id=casebook_id, reason=reason, scope=GrantScope.INFORMATION_GOVERNANCE,
                  not_found="No record you can open for information governance has that Casebook ID")


def _grant(*, user, casebook_id: str, reason: str, scope, not_found: str) -> Child:
    """Record a BREAK_GLASS_HOURS grant of `scope` to the unrestricted child with `casebook_id`,
    or raise BreakGlassRefused(`not_found`)."""
    child = Child.objects.filter(casebook_id=casebook_id.strip().upper(), is_restricted=False).first()
    if child is None:
        raise BreakGlassRefused(not_found)
    BreakGlassGrant.objects.create(
        user=user, child=child, reason=reason.strip(), scope=scope,
        expires_at=timezone.now() + timedelta(hours=settings.CASEBOOK["BREAK_GLASS_HOURS"]),
    )
    return child


@transaction.atomic
def restricted_grant_add(*, child: Child, user, granted_by) -> RestrictedAccessGrant:
    grant, _ = RestrictedAccessGrant.objects.get_or_create(child=child, user=user, defaults={"granted_by": granted_by})
    return grant


def export_record(*, user, what: str, rows: int | None = None) -> ExportEvent:
    """Log an export of children's data (who, what, when) in the append-only export log."""
    return ExportEvent.objects.create(user=user, what=what, rows=rows)
