"""Looked-after records on the child's chronology (derived, never stored twice), in words rather
than 903 codes, with who recorded each. Statutory visits are the visits app's entries (every
CareVisit has a visits.Visit)."""

from django.urls import reverse

from casebook.core import chronology
from casebook.looked_after.models import (
    CareEpisode,
    CareLeaverContact,
    CarePlan,
    CareReview,
    HealthCheck,
    MissingEpisode,
    PathwayPlanReview,
)


def _by(record) -> str:
    return record.recorded_by.full_name if record.recorded_by else ""


def _words(label: str) -> str:
    """A 903 choice label without its code: "C1: interim care order" -> "interim care order"."""
    return label.split(": ", 1)[-1]


def episode_title(e: CareEpisode) -> str:
    """What changed when this episode began, by its reason for a new episode (903 RNE)."""
    legal = _words(e.get_legal_status_display())
    place = _words(e.get_placement_type_display())
    if e.reason_new_episode == "S":
        return f"Became looked after ({legal}); placed in {place}"
    if e.reason_new_episode == "L":
        return f"Legal status changed to {legal}"
    if e.reason_new_episode in ("P", "B"):
        return f"Placement changed to {place}"
    return f"Legal status changed to {legal} and placement to {place}"


def care_entries(child):
    url = reverse("looked_after:care", args=[child.casebook_id])
    leaving = reverse("looked_after:care-leaver", args=[child.casebook_id])
    for e in CareEpisode.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=e.start_date, kind="care", url=url, title=episode_title(e), by=_by(e),
                               detail=e.carer_name)
        if e.end_date and e.reason_ceased != "X1":
            yield chronology.Entry(when=e.end_date, kind="care", url=url, by=_by(e),
                                   title=f"Stopped being looked after: {_words(e.get_reason_ceased_display())}")
    for p in CarePlan.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=p.agreed_on, kind="care", url=url, title="Care plan agreed", by=_by(p),
                               detail=f"Permanence plan: {p.permanence_plan}" if p.permanence_plan else "")
    for r in CareReview.objects.filter(child=child).select_related("recorded_by", "chair"):
        yield chronology.Entry(when=r.review_date, kind="care", url=url, by=_by(r),
                               title=f"Looked-after review{f' chaired by {r.chair.full_name}' if r.chair else ''}",
                               detail=f"The child's part: {_words(r.get_participation_display())}")
    for h in HealthCheck.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=h.check_date, kind="care", url=url, title=h.get_kind_display(), by=_by(h))
    for pr in PathwayPlanReview.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=pr.review_date, kind="care", url=leaving, title="Pathway plan review", by=_by(pr))
    for c in CareLeaverContact.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=c.contact_date, kind="care", url=leaving, by=_by(c),
                               title=f"Care leaver contact around their {c.birthday}th birthday",
                               detail=c.get_in_touch_display())


def missing_entries(child):
    url = reverse("looked_after:missing", args=[child.casebook_id])
    for m in MissingEpisode.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=m.started_at, kind="missing", url=url, title=m.get_kind_display(), by=_by(m))
        if m.ended_at:
            yield chronology.Entry(when=m.ended_at, kind="missing", url=url, title="Returned from missing",
                                   detail=f"Found: {m.where_found}" if m.where_found else "")
        if m.rhi_offered_at:
            yield chronology.Entry(when=m.rhi_offered_at, kind="missing", url=url,
                                   title="Return home interview offered",
                                   detail=m.get_rhi_response_display() if m.rhi_response else "")


chronology.register("care", "Care (looked after)", care_entries)
chronology.register("missing", "Missing episodes", missing_entries)
