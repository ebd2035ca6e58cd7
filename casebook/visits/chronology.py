"""Visits on the child's chronology: one entry per visit, whatever the plan. The CP, CIN and
looked-after apps list no visits of their own: their visit rows all have a Visit (the visits service
writes both; migration 0002 and the demo link rows recorded without one)."""

from django.urls import reverse

from casebook.core import chronology
from casebook.visits.models import Visit


def visit_entries(child):
    url = reverse("visits:list", args=[child.casebook_id])
    for v in Visit.objects.filter(child=child).select_related("recorded_by"):
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        bedroom = ", bedroom seen" if v.bedroom_seen else ""
        voice = "; wishes and feelings recorded" if v.has_voice else ""
        yield chronology.Entry(when=v.visited_on, kind="visit",
                               title=f"{v.get_kind_display()}: child {seen}{bedroom}{voice}", by=v.recorded_by.full_name if v.recorded_by else "", url=url)


chronology.register("visit", "Visits", visit_entries)
