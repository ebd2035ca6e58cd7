"""How child protection cases count in caseload weighting (workforce.caseloads)."""

from django.db.models import QuerySet

from casebook.child_protection.models import CPPlan


def children_on_a_plan(children: QuerySet) -> QuerySet:
    """Children with an open child protection plan (Working Together 2023, chapter 4): weighed as
    "CP". A query of child ids (a subquery in the caseload count)."""
    return CPPlan.objects.filter(child__in=children, end_date__isnull=True).values_list("child_id", flat=True)
