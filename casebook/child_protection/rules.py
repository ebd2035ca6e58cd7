"""Who sees a child through child protection, beyond the allocated team (access_audit.rules).

Working Together 2023 gives the child protection conference an independent chair who reviews
the plan between conferences, so the chair needs the child's record: a user with the IRO role
sees a child while the episode of need in which they chaired a conference (initial or review)
is open. After the episode closes, the allocated team's rules (or break-glass) decide.
"""

from django.db.models import Exists, OuterRef, Q

from casebook.accounts.models import Role
from casebook.child_protection.models import Conference


def conference_chair(user) -> Q | None:
    """The Q over Child for the children whose open episode has a conference `user` chaired."""
    if user.role != Role.IRO:
        return None
    chaired = Conference.objects.filter(child=OuterRef("pk"), chaired_by=user.pk, episode__closure_date__isnull=True)
    return Q(Exists(chaired))
