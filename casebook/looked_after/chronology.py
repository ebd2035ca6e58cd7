"""Looked-after records on the child's chronology (derived, never stored twice). Statutory visits
are the visits app's entries (every CareVisit has a visits.Visit)."""

from django.urls import reverse

from casebook.core import chronology
from casebook.looked_after.models import (
    CareEpisode,
    CareLeaverContact,
    CareReview,
    HealthCheck,
    MissingEpisode,
)


def care_entries(child):
    url = reverse("looked_after:care", args=[child.casebook_id])
    for e in CareEpisode.objects.filter(child=child):
        yield chronology.Entry(when=e.start_date, kind="care", url=url,
                               title=f"Care episode ({e.reason_new_episode}): legal status {e.legal_status}, placement {e.placement_type}")
        if e.end_date and e.reason_ceased != "X1":
            yield chronology.Entry(when=e.end_date, kind="care", url=url,
                                   title=f"Stopped being looked after ({e.reason_ceased})")
    for r in CareReview.objects.filter(child=child):
        yield chronology.Entry(when=r.review_date, kind="care", url=url, title=f"Looked-after review ({r.participation})")
    for h in HealthCheck.objects.filter(child=child):
        yield chronology.Entry(when=h.check_date, kind="care", url=url, title=h.get_kind_display())
    for c in CareLeaverContact.objects.filter(child=child):
        yield chronology.Entry(when=c.contact_date, kind="care", url=url, title=f"Care leaver contact ({c.birthday}th birthday)")


def missing_entries(child):
    url = reverse("looked_after:missing", args=[child.casebook_id])
    for m in MissingEpisode.objects.filter(child=child):
        yield chronology.Entry(when=m.started_at, kind="missing", url=url, title=f"{m.get_kind_display()}")
        if m.ended_at:
            yield chronology.Entry(when=m.ended_at, kind="missing", url=url, title="Returned from missing")
        if m.rhi_offered_at:
            yield chronology.Entry(when=m.rhi_offered_at, kind="missing", url=url, title="Return home interview offered")


chronology.register("care", "Care (looked after)", care_entries)
chronology.register("missing", "Missing episodes", missing_entries)
