"""Reads for looked-after children. Every list is scoped to what the user may see
(access_audit.rules) and uses select_related so its query count does not grow with the data."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from casebook.access_audit.rules import children_visible_to
from casebook.children.models import Allocation
from casebook.clocks.selectors import clocks_for_child
from casebook.looked_after import timescales as ts
from casebook.looked_after.models import (
    AdoptionRecord, CareEpisode, CareLeaver, CarePlan, CareReview, CareVisit, HealthCheck, MissingEpisode,
)

CARE_CLOCK_ITEMS = frozenset(ts.CARE_ITEMS)
LEAVER_CLOCK_ITEMS = frozenset({ts.NEEDS_ASSESSMENT, ts.PATHWAY_REVIEW})


def episodes_for(child) -> list[CareEpisode]:
    return list(CareEpisode.objects.filter(child=child).order_by("-start_date", "-id"))


def periods_of_care(episodes: list[CareEpisode]) -> list[dict]:
    """Group episodes (newest first) into periods of care: runs with no gap (903 guidance)."""
    periods: dict = {}
    for episode in episodes:
        periods.setdefault(episode.period_start, []).append(episode)
    return [{"start": start, "end": eps[0].end_date, "episodes": eps, "open": eps[0].end_date is None}
            for start, eps in periods.items()]


def care_summary(user, child) -> dict:
    """Everything the child's care page shows, in a fixed number of queries."""
    episodes = episodes_for(child)
    open_clocks, done_clocks = clocks_for_child(child)
    return {
        "current": next((e for e in episodes if e.end_date is None), None),
        "periods": periods_of_care(episodes),
        "care_plans": list(CarePlan.objects.filter(child=child)[:5]),
        "reviews": list(CareReview.objects.filter(child=child).select_related("chair")[:10]),
        "visits": list(CareVisit.objects.filter(child=child)[:10]),
        "health": list(HealthCheck.objects.filter(child=child)[:10]),
        "clocks": [r for r in open_clocks if r["clock"].item in CARE_CLOCK_ITEMS | LEAVER_CLOCK_ITEMS],
        "done_clocks": [r for r in done_clocks if r["clock"].item in CARE_CLOCK_ITEMS][:20],
        "care_leaver": CareLeaver.objects.filter(child=child).select_related("personal_adviser").first(),
        "adoption": AdoptionRecord.objects.filter(child=child).first(),
    }


@dataclass(frozen=True)
class InterviewStatus:
    state: str  # not returned | due | overdue | offered | offered late
    hours: int | None = None  # whole hours left, overdue or late (at least 1 when late)
    due_at: datetime | None = None  # the deadline, shown with the hours so the worker can plan

    @property
    def text(self) -> str:
        from casebook.core.templatetags.govuk import ukdate

        return {
            "not returned": "Still missing",
            "due": f"Due by {ukdate(self.due_at)} ({self.hours} hours left)",
            "overdue": f"Overdue by {self.hours} hours (was due by {ukdate(self.due_at)})",
            "offered": "Offered within 72 hours",
            "offered late": f"Offered {self.hours} hours late",
        }[self.state]


def interview_status(episode: MissingEpisode, now: datetime | None = None) -> InterviewStatus:
    """Where the return home interview stands, counted in hours (72 hours from the return)."""
    if episode.ended_at is None or episode.rhi_due_at is None:
        return InterviewStatus("not returned")
    if episode.rhi_offered_at is not None:
        late = (episode.rhi_offered_at - episode.rhi_due_at).total_seconds() / 3600
        return InterviewStatus("offered late", max(1, int(late))) if late > 0 else InterviewStatus("offered")
    left = (episode.rhi_due_at - (now or timezone.now())).total_seconds() / 3600
    if left < 0:
        return InterviewStatus("overdue", max(1, int(-left)), episode.rhi_due_at)
    return InterviewStatus("due", int(left), episode.rhi_due_at)


def missing_history(child) -> list[dict]:
    """Every missing episode for the child, newest first, with the interview's status."""
    now = timezone.now()
    return [{"episode": e, "status": interview_status(e, now)}
            for e in MissingEpisode.objects.filter(child=child).order_by("-started_at")]


def missing_list(user, *, only_open: bool = False) -> QuerySet[MissingEpisode]:
    """Missing episodes of children the user may see: still missing, or returned in the last
    90 days; interviews not yet offered first, soonest due first."""
    since = timezone.now() - timezone.timedelta(days=90)
    qs = MissingEpisode.objects.filter(child__in=children_visible_to(user)).select_related(
        "child", "child__allocated_team", "child__allocated_worker")
    if only_open:
        return qs.filter(Q(ended_at__isnull=True) | Q(rhi_offered_at__isnull=True)).order_by("rhi_due_at", "started_at")
    return qs.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since)).order_by("rhi_offered_at", "rhi_due_at",
                                                                                 "-started_at")


def social_worker_episodes(child) -> list[dict]:
    """903 SWEpisodes derived from the allocation history: every allocation with a social
    worker that overlaps a period of care, with its SW_REASON if recorded."""
    episodes = list(CareEpisode.objects.filter(child=child).only("start_date", "end_date"))
    if not episodes:
        return []
    first = min(e.start_date for e in episodes)
    rows = []
    for allocation in (Allocation.objects.filter(child=child, worker__isnull=False)
                       .select_related("worker", "team", "sw_change").order_by("started_at")):
        start = timezone.localtime(allocation.started_at).date()
        end = timezone.localtime(allocation.ended_at).date() if allocation.ended_at else None
        if end is not None and end < first:
            continue
        change = getattr(allocation, "sw_change", None)
        rows.append({"allocation": allocation, "start": start, "end": end, "reason": change})
    return rows
