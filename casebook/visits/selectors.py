"""Reads for visits and the child's voice. Child pages reach the child through
access_audit.decorators.child_page, so these take an already-checked child."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from casebook.visits.models import Visit, VisitKind


def visits_for_child(child):
    return (Visit.objects.filter(child=child)
            .select_related("recorded_by", "goal")
            .prefetch_related("actions__goal"))


def current_plans(child) -> list[tuple[str, str]]:
    """The child's current plans, each with the visit type that counts towards it, in the order
    current_visit_kind prefers them: [("Child protection plan since 3 March 2026", "Child protection visit")]."""
    from casebook.child_protection.models import CPPlan
    from casebook.children_in_need.models import CINPlan
    from casebook.core.templatetags.govuk import ukdate
    from casebook.looked_after.models import CareEpisode

    found = []
    for model, name, kind in ((CPPlan, "Child protection plan", VisitKind.CP),
                              (CareEpisode, "Looked after", VisitKind.LOOKED_AFTER),
                              (CINPlan, "Child in need plan", VisitKind.CIN)):
        current = model.objects.filter(child=child, end_date__isnull=True).order_by("start_date").first()
        if current is not None:
            found.append((f"{name} since {ukdate(current.start_date)}", kind.label))
    return found


def current_visit_kind(child) -> str:
    """The visit type the child's current plan calls for: CP over looked-after over CIN, else other."""
    from casebook.child_protection.models import CPPlan
    from casebook.children_in_need.models import CINPlan
    from casebook.looked_after.models import CareEpisode

    if CPPlan.objects.filter(child=child, end_date__isnull=True).exists():
        return VisitKind.CP
    if CareEpisode.objects.filter(child=child, end_date__isnull=True).exists():
        return VisitKind.LOOKED_AFTER
    if CINPlan.objects.filter(child=child, end_date__isnull=True).exists():
        return VisitKind.CIN
    return VisitKind.OTHER


@dataclass(frozen=True)
class VoiceEntry:
    when: date
    source: str
    words: str
    goal: object  # plans.Goal or None
    url: str = ""


def voice_entries(child) -> list[VoiceEntry]:
    """Every wishes-and-feelings entry for the child, newest first: from visits (linked to the goal they
    informed), from plan reviews and from return home interviews (what the child said about why they
    went missing, dated by the interview, else the offer, else the return). Assessments, conferences
    and looked-after reviews hold no record of the child's own words in Casebook yet."""
    from casebook.looked_after.models import MissingEpisode
    from casebook.plans.models import PlanReview

    entries = [VoiceEntry(v.visited_on, v.get_kind_display(), v.wishes_and_feelings, v.goal)
               for v in Visit.objects.filter(child=child).exclude(wishes_and_feelings="").select_related("goal")]
    entries += [VoiceEntry(r.held_on, f"Review of the {r.plan.get_kind_display().lower()}", r.child_views, None)
                for r in PlanReview.objects.filter(plan__child=child).exclude(child_views="").select_related("plan")]
    entries += [VoiceEntry(_interview_day(m), "Return home interview" + (" (independent)" if m.rhi_independent else ""),
                           m.why_missing, None)
                for m in MissingEpisode.objects.filter(child=child).exclude(why_missing="")]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _interview_day(episode) -> date:
    moment = episode.rhi_offered_at or episode.ended_at or episode.started_at
    return episode.rhi_completed_on or timezone.localtime(moment).date()


def voice_settings() -> tuple[int, int]:
    """(visits, weeks): how far back a child on a plan should have had their wishes and feelings recorded."""
    return (settings.CASEBOOK.get("VOICE_LAST_VISITS", 3), settings.CASEBOOK.get("VOICE_WEEKS", 8))


def on_a_plan(child) -> bool:
    return current_visit_kind(child) != VisitKind.OTHER


def voice_flags(child, *, today: date | None = None) -> list[str]:
    """Flags for a child on a plan (Working Together 2023: the child's wishes and feelings inform the
    plan; the child is seen alone): no wishes and feelings in the last N visits (setting
    VOICE_LAST_VISITS, default 3), none in the last N weeks (VOICE_WEEKS, default 8), and not seen
    alone at any of those visits. A child on no plan is not flagged."""
    if not on_a_plan(child):
        return []
    today = today or timezone.localdate()
    last_n, weeks = voice_settings()
    recent = list(Visit.objects.filter(child=child).order_by("-visited_on", "-pk")[:last_n])
    flags = []
    if not recent:
        return [f"No visits recorded: the child's wishes and feelings have not been recorded in the last {weeks} weeks",
                "The child has not been seen alone"]
    last = "the last visit" if len(recent) == 1 else f"the last {len(recent)} visits"
    if not any(v.has_voice for v in recent):
        flags.append(f"No wishes and feelings recorded at {last}")
    since = today - timedelta(weeks=weeks)
    if not Visit.objects.filter(child=child, visited_on__gte=since).exclude(wishes_and_feelings="").exists():
        flags.append(f"No wishes and feelings recorded at a visit in the last {weeks} weeks")
    if not any(v.seen_alone for v in recent):
        flags.append(f"The child has not been seen alone at {last}")
    return flags
