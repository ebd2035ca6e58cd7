"""Who may see which child, for oversight: an auditor with an open audit of a child may open it.

Auditors already have service-wide read in the foundation; this rule keeps an assigned audit
openable if that changes, or if another role (a manager from another service) audits a child.
Every page they open is still a @child_page, so each view is logged.
"""

from django.db.models import Exists, OuterRef, Q

from casebook.oversight.models import AuditStatus, CaseAudit


def auditing(user) -> Q | None:
    return Q(Exists(CaseAudit.objects.filter(child=OuterRef("pk"), auditor=user.pk)
                    .exclude(status=AuditStatus.MODERATED)))
