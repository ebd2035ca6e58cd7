"""The child's header: an open child in need plan (one query)."""

from casebook.children.panels import ChildStatus
from casebook.children_in_need.models import CINPlan
from casebook.core.templatetags.govuk import ukdate


def child_status(child) -> ChildStatus:
    plan = CINPlan.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if plan is None:
        return ChildStatus()
    return ChildStatus(tags=[("Child in need plan", f"since {ukdate(plan.start_date)}", "blue")],
                       has={"child_in_need"})
