"""How looked-after children and care leavers count in caseload weighting (workforce.caseloads)."""

from django.db.models import QuerySet

from casebook.looked_after.models import CareEpisode, CareLeaver


def children_looked_after(children: QuerySet) -> QuerySet:
    """Children with an open care episode (SSDA903: an episode with no DEC), so looked after
    under the Children Act 1989, section 22: weighed as "CLA". A query of child ids (a subquery
    in the caseload count)."""
    return CareEpisode.objects.filter(child__in=children, end_date__isnull=True).values_list("child_id", flat=True)


def care_leavers(children: QuerySet) -> QuerySet:
    """Care leavers (Children (Leaving Care) Act 2000) who are no longer looked after: weighed as
    "CARE_LEAVER". An eligible child still in care is counted by `children_looked_after`. A
    query of child ids (a subquery in the caseload count)."""
    still_in_care = CareEpisode.objects.filter(end_date__isnull=True).values("child_id")
    return (CareLeaver.objects.filter(child__in=children).exclude(child_id__in=still_in_care)
            .values_list("child_id", flat=True))
