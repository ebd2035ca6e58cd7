"""Who sees children through the front door.

Decided: a child is *open at the front door* while it is linked to a contact that has not
been signed off, or to a signed-off social care decision and the child still has no allocated
social worker. While open, the child is visible to
- MASH workers, and team managers of a front door team (they triage, decide and sign off);
- team and service managers anywhere, but only for children awaiting allocation (they pick
  the social worker).
Once a social worker is allocated the child is visible to the allocated team through the core
rules and no longer to other teams through the front door.
"""

from django.db.models import Exists, OuterRef, Q

from casebook.accounts.models import Role
from casebook.front_door.models import SOCIAL_CARE_OUTCOMES, ContactChild


def _undecided_contact():
    return Exists(ContactChild.objects.filter(child=OuterRef("pk"), contact__signed_off_at__isnull=True))


def awaiting_allocation_q() -> Q:
    """Children whose threshold was met (signed-off social care decision) and who have no
    allocated social worker yet."""
    waiting = ContactChild.objects.filter(child=OuterRef("pk"), contact__signed_off_at__isnull=False,
                                          contact__outcome__in=SOCIAL_CARE_OUTCOMES, allocated_at__isnull=True)
    return Q(allocated_worker__isnull=True) & Q(Exists(waiting))


def is_front_door_staff(user) -> bool:
    if user.role == Role.MASH_WORKER:
        return True
    return user.role == Role.TEAM_MANAGER and bool(user.team_id) and user.team.is_front_door


def front_door_open_contact(user) -> Q | None:
    """The Q over Child the front door adds to what `user` may see (see the module docstring)."""
    if is_front_door_staff(user):
        return Q(_undecided_contact()) | awaiting_allocation_q()
    if user.role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
        return awaiting_allocation_q()
    return None
