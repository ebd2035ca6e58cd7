"""Who may see which child, and who may audit one, for oversight.

An auditor with an open audit of a child may open it: auditors already have service-wide read in
the foundation; this rule keeps an assigned audit openable if that changes, or if another role (a
manager from another service) audits a child. Every page they open is still a @child_page, so
each view is logged.
"""

from django.db.models import Exists, OuterRef, Q

from casebook.access_audit.decorators import register_audience
from casebook.accounts.models import Role
from casebook.oversight.models import AuditStatus, CaseAudit


def auditing(user) -> Q | None:
    return Q(Exists(CaseAudit.objects.filter(child=OuterRef("pk"), auditor=user.pk)
                    .exclude(status=AuditStatus.MODERATED)))


def may_audit(user, child) -> bool:
    """May `user` start, complete or moderate a case file audit of `child` (whom they can already see)?

    Auditors and heads of service audit any child. Team and service managers audit too, but never
    their own line's cases (a conflict of interest): a team manager not their own team's children,
    a service manager not the children of any team in the service area they manage. Nobody else
    audits (workers, analysts, IROs, the MASH, administrators).
    """
    if user.role in (Role.AUDITOR, Role.HEAD_OF_SERVICE):
        return True
    if user.role == Role.TEAM_MANAGER:
        return user.team_id is not None and child.allocated_team_id != user.team_id
    if user.role == Role.SERVICE_MANAGER:
        team = child.allocated_team
        return user.service_area_id is not None and (team is None or team.service_area_id != user.service_area_id)
    return False


register_audience("case-audit", may_audit, names_actors=True)  # auditors record audits
