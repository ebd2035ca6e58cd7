"""Visits on the child's chronology (one kind for every type of visit)."""

from django.urls import reverse

from casebook.core import chronology
from casebook.visits.models import Visit


def visit_entries(child):
    url = reverse("visits:list", args=[child.casebook_id])
    for v in Visit.objects.filter(child=child).select_related("recorded_by"):
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        voice = "; wishes and feelings recorded" if v.has_voice else ""
        yield chronology.Entry(when=v.visited_on, kind="visit", title=f"{v.get_kind_display()}: child {seen}{voice}",
                               by=v.recorded_by.full_name if v.recorded_by else "", url=url)


chronology.register("visit", "Visits", visit_entries)
