"""Reads for looked-after children. Every list is scoped to what the user may see
(access_audit.rules) and uses select_related so its query count does not grow with the data."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.rules import children_visible_to
from casebook.children.models import Allocation
from casebook.clocks.selectors import clocks_for_child
from casebook.looked_after import timescales as ts
from casebook.looked_after.models import (
    AdoptionRecord, CareEpisode, CareLeaver, CareLeaverContact, CarePlan, CareReview, CareVisit, HealthCheck,
    MissingEpisode, MotherStatus, PathwayPlanReview, UASCStatus, YearOutcomes,
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


# What completes each open care item: the page links it beside the due date.
NEXT_STEPS = {
    ts.CARE_PLAN: ("Record the care plan", "looked_after:care-plan-add"),
    **{item: ("Record a looked-after review", "looked_after:review-add") for item in ts.REVIEW_ITEMS},
    **{item: ("Record a statutory visit", "visits:add") for item in ts.VISIT_ITEMS},
    ts.HEALTH_INITIAL: ("Record the initial health assessment", "looked_after:health-add", "?kind=initial"),
    ts.HEALTH_REVIEW_UNDER_5: ("Record a review health assessment", "looked_after:health-add", "?kind=review"),
    ts.HEALTH_REVIEW_5_PLUS: ("Record a review health assessment", "looked_after:health-add", "?kind=review"),
    ts.DENTAL: ("Record a dental check", "looked_after:health-add", "?kind=dental"),
    ts.NEEDS_ASSESSMENT: ("Record the needs assessment", "looked_after:care-leaver"),
    ts.PATHWAY_REVIEW: ("Record a pathway plan review", "looked_after:pathway-review-add"),
}


def with_next_steps(rows: list[dict], child) -> list[dict]:
    """Open clock rows with `next_step` ({"text", "url"}): the page that records what is due."""
    for row in rows:
        step = NEXT_STEPS.get(row["clock"].item)
        if step is not None:
            query = step[2] if len(step) > 2 else ""
            row["next_step"] = {"text": step[0], "url": reverse(step[1], args=[child.casebook_id]) + query}
    return rows


def due_items(child, items) -> list[dict]:
    """The child's open clocks among `items`, soonest first, for a record page to say what is due."""
    wanted = frozenset(items)
    return [r for r in clocks_for_child(child)[0] if r["clock"].item in wanted]


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
        "clocks": with_next_steps([r for r in open_clocks if r["clock"].item in CARE_CLOCK_ITEMS | LEAVER_CLOCK_ITEMS],
                                  child),
        "done_clocks": [r for r in done_clocks if r["clock"].item in CARE_CLOCK_ITEMS][:20],
        "care_leaver": CareLeaver.objects.filter(child=child).select_related("personal_adviser").first(),
        "adoption": AdoptionRecord.objects.filter(child=child).first(),
        "return_items": return_items(child, episodes),
    }


def return_items(child, episodes: list[CareEpisode]) -> dict:
    """What the worker has recorded of the 903 items Casebook cannot derive, for the care page to
    show beside the links that change them: previous permanence (on the episode that began the
    latest period of care), UASC status, mother status and this collection year's outcomes (the
    year is named by the 31 March it ends on)."""
    today = timezone.localdate()
    year = today.year + 1 if today.month >= 4 else today.year
    latest_start = episodes[0].period_start if episodes else None
    return {
        "first_episode": next((e for e in reversed(episodes) if e.period_start == latest_start
                               and e.reason_new_episode == "S"), None),
        "uasc": UASCStatus.objects.filter(child=child).first(),
        "mother": MotherStatus.objects.filter(child=child).first(),
        "outcomes": YearOutcomes.objects.filter(child=child, year=year).first(),
        "year": year,
    }


# 903 OC3 counts contact within 3 months either side of each birthday from the 17th to the 21st.
CONTACT_BIRTHDAYS = range(17, 22)
CONTACT_WINDOW_DAYS = 92


def next_contact_due(child, contacted: set[int], today: date) -> dict | None:
    """The first birthday from the 17th to the 21st with no contact recorded whose window (3 months
    either side, as the service checks) has not yet closed: {"birthday", "on", "opens", "closes"}."""
    if child.date_of_birth is None:
        return None
    for n in CONTACT_BIRTHDAYS:
        if n in contacted:
            continue
        on = child.date_of_birth + relativedelta(years=n)
        closes = on + timedelta(days=CONTACT_WINDOW_DAYS)
        if closes >= today:
            return {"birthday": n, "on": on, "opens": on - timedelta(days=CONTACT_WINDOW_DAYS), "closes": closes,
                    "open_now": on - timedelta(days=CONTACT_WINDOW_DAYS) <= today}
    return None


def care_leaver_summary(child) -> dict:
    """The care leaver page: the record, pathway plan reviews, keeping-in-touch contacts, the open
    needs assessment and pathway review clocks, and the next birthday contact due. Five queries."""
    record = CareLeaver.objects.filter(child=child).select_related("personal_adviser").first()
    contacts = list(CareLeaverContact.objects.filter(child=child).order_by("birthday"))
    open_clocks, _ = clocks_for_child(child)
    return {
        "care_leaver": record,
        "pathway_reviews": list(PathwayPlanReview.objects.filter(child=child).select_related("recorded_by")[:20]),
        "contacts": contacts,
        "leaver_clocks": [r for r in open_clocks if r["clock"].item in LEAVER_CLOCK_ITEMS],
        "next_contact": next_contact_due(child, {c.birthday for c in contacts}, timezone.localdate())
        if record else None,
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
    90 days; interviews not yet offered first (still missing, then soonest due), then the rest.
    NULLs are placed explicitly: SQLite sorts them first and PostgreSQL last."""
    qs = _missing_in_view(user).select_related("child", "child__allocated_team", "child__allocated_worker")
    if only_open:
        return qs.filter(Q(ended_at__isnull=True) | Q(rhi_offered_at__isnull=True)).order_by(
            F("rhi_due_at").asc(nulls_first=True), "started_at")
    return qs.order_by(F("rhi_offered_at").asc(nulls_first=True), F("rhi_due_at").asc(nulls_first=True),
                       "-started_at")


def _missing_in_view(user) -> QuerySet[MissingEpisode]:
    since = timezone.now() - timedelta(days=MISSING_LIST_DAYS)
    in_window = MissingEpisode.objects.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=since))
    # Visibility is judged only for the children with an episode in the window: the access rules
    # over every child of a large council cost more than the list (as the allocation queue does).
    return in_window.filter(child__in=children_visible_to(user).filter(pk__in=in_window.values("child")))


MISSING_LIST_DAYS = 90


def missing_counts(user) -> dict[str, int]:
    """The missing list's totals in one query, over every row it could show (not only the first
    page): still missing, interviews due and overdue (72 hours from the return), and interviews
    offered in time and late."""
    now = timezone.now()
    returned_not_offered = Q(ended_at__isnull=False, rhi_offered_at__isnull=True)
    return _missing_in_view(user).aggregate(
        total=Count("pk"),
        still_missing=Count("pk", filter=Q(ended_at__isnull=True)),
        due=Count("pk", filter=returned_not_offered & Q(rhi_due_at__gte=now)),
        overdue=Count("pk", filter=returned_not_offered & Q(rhi_due_at__lt=now)),
        offered_in_time=Count("pk", filter=Q(rhi_offered_at__isnull=False, rhi_offered_at__lte=F("rhi_due_at"))),
        offered_late=Count("pk", filter=Q(rhi_offered_at__isnull=False, rhi_offered_at__gt=F("rhi_due_at"))),
    )


REVIEWS_LIST_ROWS = 300


def reviews_due(user) -> list[dict]:
    """Looked-after reviews still to hold for the children `user` may see (an IRO: the children
    whose reviews they chair), soonest due first, each with the date and chair of the child's last
    review and its status against CPPCR 2010 reg 33. Two queries, whatever the number of rows."""
    from casebook.clocks.models import Clock
    from casebook.clocks.status import clock_status

    today = timezone.localdate()
    last = CareReview.objects.filter(child=OuterRef("child")).order_by("-review_date", "-pk")
    open_reviews = Clock.objects.filter(item__in=ts.REVIEW_ITEMS, completed_on__isnull=True, cancelled=False)
    # Visibility judged only for the children with a review to hold, as for the missing list.
    clocks = (open_reviews.filter(child__in=children_visible_to(user).filter(pk__in=open_reviews.values("child")))
              .select_related("child", "child__allocated_worker")
              .annotate(last_review=Subquery(last.values("review_date")[:1]),
                        chair_first=Subquery(last.values("chair__first_name")[:1]),
                        chair_last=Subquery(last.values("chair__last_name")[:1]))
              .order_by("due_on", "child_id")[:REVIEWS_LIST_ROWS])
    labels = {item: _label(item) for item in ts.REVIEW_ITEMS}
    return [{"clock": c, "child": c.child, "label": labels[c.item], "last_review": c.last_review,
             "chair": f"{c.chair_first or ''} {c.chair_last or ''}".strip(),
             "status": clock_status(due_on=c.due_on, completed_on=None, today=today),
             "days_left": (c.due_on - today).days} for c in clocks]


def _label(item: str) -> str:
    from casebook.clocks import timescales

    return timescales.get(item).label


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
