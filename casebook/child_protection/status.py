"""The child's header: an open child protection plan and its category (one query)."""

from casebook.child_protection.models import CPPlan
from casebook.children.panels import ChildStatus
from casebook.core.templatetags.govuk import ukdate


def child_status(child) -> ChildStatus:
    plan = CPPlan.objects.filter(child=child, end_date__isnull=True).order_by("-start_date").first()
    if plan is None:
        return ChildStatus()
    return ChildStatus(tags=[("Child protection plan", f"{plan.get_latest_category_display()}, since "
                              f"{ukdate(plan.start_date)}", "red")], has={"child_protection"})
