"""Child in need plans and reviews on the child's chronology. Visits are the visits app's entries
(every CIN visit has a visits.Visit)."""

from django.urls import reverse

from casebook.children_in_need.models import CINPlan, CINReview
from casebook.core import chronology


def _by(record) -> str:
    return record.recorded_by.full_name if record.recorded_by else ""


def _url(child) -> str:
    return reverse("children_in_need:overview", args=[child.casebook_id])


def plan_entries(child):
    for p in CINPlan.objects.filter(child=child).select_related("recorded_by"):
        step = " (step-down from child protection)" if p.stepped_down_from_id else ""
        yield chronology.Entry(when=p.start_date, kind="cin-plan", title=f"Child in need plan started{step}",
                               by=_by(p), url=_url(child))
        if p.end_date:
            yield chronology.Entry(when=p.end_date, kind="cin-plan", title="Child in need plan ended", by=_by(p),
                                   url=_url(child))


def review_entries(child):
    for r in CINReview.objects.filter(plan__child=child).select_related("recorded_by"):
        yield chronology.Entry(when=r.held_on, kind="cin-review", title="Child in need plan review", by=_by(r),
                               url=_url(child))


chronology.register("cin-plan", "Child in need plans", plan_entries)
chronology.register("cin-review", "Child in need reviews", review_entries)
