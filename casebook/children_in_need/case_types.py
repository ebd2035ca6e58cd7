"""How child in need cases count in caseload weighting (workforce.caseloads)."""

from django.db.models import QuerySet

from casebook.children_in_need.models import CINPlan


def children_on_a_plan(children: QuerySet) -> QuerySet:
    """Children with an open child in need plan (Children Act 1989, section 17): weighed as "CIN".
    A query of child ids (a subquery in the caseload count)."""
    return CINPlan.objects.filter(child__in=children, end_date__isnull=True).values_list("child_id", flat=True)
