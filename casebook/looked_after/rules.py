"""Who sees a looked-after child beyond the allocated team (access_audit.rules).

The independent reviewing officer chairs the child's reviews and monitors the care plan between
them (Children Act 1989, s.25A-25C; CPPCR 2010 reg 36; IRO Handbook 2010), so an IRO sees a child
they have chaired a looked-after review for while the child is still looked after (an open care
episode). After the child leaves care, the allocated team's rules (or break-glass) decide.
"""

from django.db.models import Exists, OuterRef, Q

from casebook.accounts.models import Role
from casebook.looked_after.models import CareEpisode, CareReview


def review_chair(user) -> Q | None:
    """The Q over Child for the looked-after children whose reviews `user` has chaired."""
    if user.role != Role.IRO:
        return None
    chaired = CareReview.objects.filter(child=OuterRef("pk"), chair=user.pk)
    in_care = CareEpisode.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    return Q(Exists(chaired)) & Q(Exists(in_care))
