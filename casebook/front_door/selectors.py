"""Reads for the front door. Every list is scoped to the user and keeps a fixed number of
queries whatever the size of the data (select_related, prefetch, annotate, paginate)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from casebook.access_audit.models import AccessEvent
from casebook.access_audit.rules import children_visible_to
from casebook.accounts.models import CASE_HOLDING_ROLES, SERVICE_WIDE_READ_ROLES, Team, User
from casebook.children.models import Child
from casebook.clocks.models import Clock
from casebook.core.workdays import working_days_between, working_hours_between
from casebook.front_door.models import (SOCIAL_CARE_OUTCOMES, AllocationOverride, Contact, ContactChild, Outcome,
                                        PartnerCheck, Rag)
from casebook.front_door.rules import awaiting_allocation_q, is_front_door_staff

REPEAT_WINDOW_MONTHS = 12


def working_age(*, since: datetime, now: datetime) -> tuple[float, int]:
    """(working hours, working days) between two moments: hours inside the working day
    (09:00-17:00 by default) and whole working days, skipping weekends and bank holidays."""
    hours = working_hours_between(since, now)
    days = working_days_between(timezone.localtime(since).date(), timezone.localtime(now).date())
    return round(hours, 1), max(days, 0)


def _span(hours: float, days: int) -> str:
    from django.conf import settings

    if hours < 1:
        return "less than a working hour"
    day_length = settings.CASEBOOK["WORKING_DAY_END_HOUR"] - settings.CASEBOOK["WORKING_DAY_START_HOUR"]
    if hours < day_length or days < 2:
        whole = int(hours)
        return f"{whole} working hour{'s' if whole != 1 else ''}"
    return f"{days} working days"


def _when(moment: datetime, *, today: date) -> str:
    local = timezone.localtime(moment)
    if local.date() == today:
        day = "today"
    elif local.date() == today + timedelta(days=1):
        day = "tomorrow"
    elif local.date() == today - timedelta(days=1):
        day = "yesterday"
    else:
        day = f"on {local:%A} {local.day} {local:%B %Y}"
    return f"{local:%H:%M} {day}"


def contact_timing(contact, *, now: datetime | None = None) -> str:
    """How long the contact has been at the front door, in working time, and when its decision is
    due, in words: 'Received 6 working hours ago (decision due by 17:00 today)'."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if contact.decided_at:
        hours, days = working_age(since=contact.received_at, now=contact.decided_at)
        text = f"Decided {_span(hours, days)} after it was received"
        if contact.decision_due_at and contact.decided_at > contact.decision_due_at:
            text += f" (after it was due, by {_when(contact.decision_due_at, today=today)})"
        return text
    hours, days = working_age(since=contact.received_at, now=now)
    text = f"Received {_span(hours, days)} ago"
    if contact.decision_due_at:
        due = _when(contact.decision_due_at, today=today)
        text += f" (decision overdue: it was due by {due})" if now > contact.decision_due_at else \
            f" (decision due by {due})"
    else:
        text += " (the decision's due time is set when the contact is rated)"
    return text


def _sees_whole_front_door(user) -> bool:
    return is_front_door_staff(user) or user.role in SERVICE_WIDE_READ_ROLES


def contacts_visible_to(user) -> QuerySet[Contact]:
    """Contacts the user may open: the whole front door for its staff and service-wide
    readers; otherwise contacts about a child the user may see."""
    qs = Contact.objects.all()
    if _sees_whole_front_door(user):
        return qs
    visible_links = ContactChild.objects.filter(contact=OuterRef("pk"), child__in=children_visible_to(user))
    return qs.filter(Exists(visible_links))


def contact_for_child(*, user, child, contact_id: int) -> Contact | None:
    """The contact `contact_id` if it is about `child` (whom the caller has already been allowed to see)."""
    return (Contact.objects.filter(pk=contact_id, links__child=child)
            .select_related("recorded_by", "triaged_by", "decided_by", "signed_off_by", "team").first())


def child_to_link(*, user, child_pk: int, page: str) -> Child | None:
    """An existing child the front door may link to a contact, or None (show 404).

    The MASH finds children across the whole authority (children.selectors.likely_duplicates),
    so it may link any unrestricted child; a restricted child only if the user is named on it.
    Opening the record to link it is a view of that child's record, so it writes an AccessEvent,
    as access_audit.selectors.access_child does for pages.
    """
    if not is_front_door_staff(user):
        return None
    child = (Child.objects.filter(pk=child_pk)
             .filter(Q(is_restricted=False) | Q(pk__in=children_visible_to(user).values("pk"))).first())
    if child is not None:
        AccessEvent.objects.create(user=user, child=child, page=page, method="POST")
    return child


def open_contact_for_linking(*, user, contact_id: int) -> Contact | None:
    """A contact still taking children (no decision yet), for front door staff."""
    if not is_front_door_staff(user):
        return None
    return Contact.objects.filter(pk=contact_id, decided_at__isnull=True).first()


QUEUE_SORTS = {
    "received": ("received_at", "pk"),
    "-received": ("-received_at", "-pk"),
    "due": ("decision_due_at", "received_at"),
    "rag": ("rag_order", "received_at"),
}


def mash_queue(*, user, rag: str = "", team_id: int | None = None, sort: str = "received") -> QuerySet[Contact]:
    """Every open contact (not yet signed off), oldest first by default, filterable by RAG and team."""
    from django.db.models import Case, IntegerField, Value, When

    qs = contacts_visible_to(user).filter(signed_off_at__isnull=True)
    if rag in Rag.values:
        qs = qs.filter(rag=rag)
    elif rag == "none":
        qs = qs.filter(rag="")
    if team_id:
        qs = qs.filter(team_id=team_id)
    qs = qs.annotate(rag_order=Case(When(rag=Rag.RED, then=Value(0)), When(rag=Rag.AMBER, then=Value(1)),
                                    When(rag=Rag.GREEN, then=Value(2)), default=Value(3),
                                    output_field=IntegerField()))
    child_links = ContactChild.objects.select_related("child").order_by("pk")
    return (qs.select_related("team", "decided_by")
            .prefetch_related(Prefetch("links", queryset=child_links))
            .order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["received"])))


@dataclass
class QueueRow:
    contact: Contact
    children: list
    age_hours: float
    age_days: int
    overdue: bool
    age: str = ""  # as the contact page words it: 'Received 6 working hours ago'
    due: str = ""  # '17:00 today', '09:00 on Monday 23 November 2026'


def queue_rows(contacts, *, now: datetime | None = None) -> list[QueueRow]:
    now = now or timezone.now()
    rows = []
    for contact in contacts:
        hours, days = working_age(since=contact.received_at, now=now)
        overdue = bool(contact.decision_due_at and not contact.decided_at and now > contact.decision_due_at)
        due = _when(contact.decision_due_at, today=timezone.localdate(now)) if contact.decision_due_at else ""
        rows.append(QueueRow(contact=contact, children=[link.child for link in contact.links.all()],
                             age_hours=hours, age_days=days, overdue=overdue,
                             age=f"Received {_span(hours, days)} ago", due=due))
    return rows


def front_door_teams() -> QuerySet[Team]:
    return Team.objects.filter(is_front_door=True).order_by("name")


def _waiting_links() -> QuerySet[ContactChild]:
    return ContactChild.objects.filter(contact__signed_off_at__isnull=False, contact__outcome__in=SOCIAL_CARE_OUTCOMES,
                                       allocated_at__isnull=True)


NO_TEAM = "none"
MINE = "mine"  # the manager's own team and the children no team has been given yet


def awaiting_allocation(*, user, team: str = "", outcome: str = "", rag: str = "") -> QuerySet[ContactChild]:
    """One row per child whose threshold was met and who has no allocated social worker, most
    urgent first: red contacts, then child protection decisions, then the longest wait. A child
    with several signed-off social care contacts still waiting appears once, on the earliest,
    since the wait runs from the first threshold decision.

    Filters: `team` is a team id, NO_TEAM (no team given yet), MINE (the user's team and the
    children with no team yet) or "" (all); `outcome` a social care decision; `rag` a RAG rating.
    The number of queries does not depend on the filters or the rows."""
    from django.db.models import Case, IntegerField, Value, When

    earlier = _waiting_links().filter(child=OuterRef("child")).filter(
        Q(contact__signed_off_at__lt=OuterRef("contact__signed_off_at"))
        | Q(contact__signed_off_at=OuterRef("contact__signed_off_at"), pk__lt=OuterRef("pk")))
    qs = (_waiting_links()
          # Visibility is checked only for the few children waiting: the rules over every child
          # of a large council cost more than the whole list.
          .filter(child__allocated_worker__isnull=True,
                  child__in=children_visible_to(user).filter(
                      pk__in=_waiting_links().filter(child__allocated_worker__isnull=True).values("child")))
          .filter(~Exists(earlier)))
    if team == NO_TEAM:
        qs = qs.filter(child__allocated_team__isnull=True)
    elif team == MINE:
        qs = qs.filter(Q(child__allocated_team__isnull=True) | Q(child__allocated_team=user.team_id))
    elif team.isdigit() and len(team) < 10:
        qs = qs.filter(child__allocated_team_id=int(team))
    if outcome in SOCIAL_CARE_OUTCOMES:
        qs = qs.filter(contact__outcome=outcome)
    if rag in Rag.values:
        qs = qs.filter(contact__rag=rag)
    return (qs.annotate(
                red_first=Case(When(contact__rag=Rag.RED, then=Value(0)), default=Value(1), output_field=IntegerField()),
                cp_first=Case(When(contact__outcome=Outcome.CHILD_PROTECTION, then=Value(0)), default=Value(1),
                              output_field=IntegerField()))
            .select_related("child", "child__allocated_team", "contact", "contact__signed_off_by", "referral")
            .order_by("red_first", "cp_first", "contact__signed_off_at", "pk"))


def default_allocation_team_filter(user) -> str:
    """A team manager of a case-holding team starts on their own team (and the children no team
    has been given yet); everyone else on the whole list."""
    from casebook.accounts.models import Role

    if user.team_id and not user.team.is_front_door and user.role == Role.TEAM_MANAGER:
        return MINE
    return ""


@dataclass
class WaitingRow:
    link: ContactChild
    working_days: int
    over_limit: bool


def waiting_rows(links, *, today: date | None = None) -> list[WaitingRow]:
    """Each waiting child's wait; over the limit exactly when their allocation clock is overdue
    (the same timescale, local value included, so the queue and the drift dashboard agree)."""
    from casebook.front_door.timescales import ALLOCATION_AFTER_THRESHOLD

    today = today or timezone.localdate()
    rows = []
    for link in links:
        signed_off_on = timezone.localtime(link.contact.signed_off_at).date()
        days = waited_working_days(signed_off_at=link.contact.signed_off_at, today=today)
        rows.append(WaitingRow(link=link, working_days=days,
                               over_limit=today > ALLOCATION_AFTER_THRESHOLD.due(signed_off_on)))
    return rows


def waited_working_days(*, signed_off_at: datetime, today: date) -> int:
    """Working days since the threshold decision was signed off (the day itself not counted)."""
    return max(working_days_between(timezone.localtime(signed_off_at).date(), today), 0)


def needing_new_worker(*, user, team: str = "") -> QuerySet[Child]:
    """Children open to a team (an allocated team) with no social worker who are not in the
    awaiting-allocation queue (front_door.rules.awaiting_allocation_q): their worker's allocation
    ended without a new worker, or they were opened to the team without a threshold decision.
    Longest without a worker first.

    Each child is annotated with `without_worker_since` (when the current run of allocations
    with no worker began: the moment the last worker's allocation ended, or the case was opened
    to a team), the last worker's name, team and end date (`last_worker_*`, None if the child
    never had one) and the current allocation's reason. `team` filters as awaiting_allocation's
    does; NO_TEAM gives nothing (these children all have a team). One query, however many rows."""
    from django.db.models import CharField, DateTimeField, Max, Subquery
    from django.db.models.functions import Concat

    from casebook.children.models import Allocation

    candidates = Child.objects.filter(allocated_team__isnull=False, allocated_worker__isnull=True).exclude(
        awaiting_allocation_q())
    qs = candidates.filter(pk__in=children_visible_to(user).filter(pk__in=candidates.values("pk")).values("pk"))
    if team == NO_TEAM:
        return qs.none()
    if team == MINE:
        qs = qs.filter(allocated_team=user.team_id)
    elif team.isdigit() and len(team) < 10:
        qs = qs.filter(allocated_team_id=int(team))
    no_worker = Allocation.objects.filter(worker__isnull=True)
    # A run without a worker starts at a worker-less allocation that no worker-less allocation
    # ran straight into (allocation_set ends one and starts the next at the same moment).
    run_starts = (no_worker.filter(child=OuterRef("pk"))
                  .exclude(Exists(no_worker.filter(child=OuterRef("child"),
                                                   ended_at=OuterRef("started_at"))))
                  .values("child").annotate(latest=Max("started_at")).values("latest"))
    last_worker = (Allocation.objects.filter(child=OuterRef("pk"), worker__isnull=False, ended_at__isnull=False)
                   .order_by("-ended_at", "-pk"))
    current = Allocation.objects.filter(child=OuterRef("pk"), ended_at__isnull=True)
    return (qs.annotate(
                without_worker_since=Subquery(run_starts, output_field=DateTimeField()),
                last_worker_name=Subquery(last_worker.annotate(
                    name=Concat("worker__first_name", Value(" "), "worker__last_name", output_field=CharField()))
                    .values("name")[:1]),
                last_worker_team=Subquery(last_worker.values("team__name")[:1]),
                last_worker_ended_at=Subquery(last_worker.values("ended_at")[:1]),
                allocation_reason=Subquery(current.values("reason")[:1]))
            .select_related("allocated_team")
            .order_by(F("without_worker_since").asc(nulls_first=True), "pk"))


@dataclass
class NoWorkerRow:
    child: Child
    working_days: int | None  # since `child.without_worker_since`; None if it is not recorded


def no_worker_rows(children, *, today: date | None = None) -> list[NoWorkerRow]:
    """Each child's working days without a worker (the day it began not counted)."""
    today = today or timezone.localdate()
    return [NoWorkerRow(child=child, working_days=waited_working_days(signed_off_at=child.without_worker_since,
                                                                      today=today)
                        if child.without_worker_since else None)
            for child in children]


def no_worker_counts(*, user, team_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Team id -> (children in the awaiting-allocation queue, children needing a new worker):
    every child `user` may see who is open to the team with no worker, split as the two lists on
    the awaiting-allocation page split them. One query."""
    open_no_worker = Child.objects.filter(allocated_team__in=team_ids, allocated_worker__isnull=True)
    rows = (open_no_worker.filter(pk__in=children_visible_to(user).filter(pk__in=open_no_worker.values("pk"))
                                  .values("pk"))
            .values("allocated_team")
            .annotate(queued=Count("id", filter=awaiting_allocation_q()), n=Count("id"))
            .values_list("allocated_team", "queued", "n").order_by())
    return {team_id: (queued, n - queued) for team_id, queued, n in rows}


def strategy_discussions_due(contact: Contact) -> list[Clock]:
    """The open strategy discussion clocks a signed-off child protection decision started (the
    contact page's next step), soonest first."""
    from casebook.clocks.services import source_ref
    from casebook.front_door.timescales import STRATEGY_DISCUSSION

    if not (contact.signed_off_at and contact.outcome == Outcome.CHILD_PROTECTION):
        return []
    return list(Clock.objects.filter(item=STRATEGY_DISCUSSION.item, source=source_ref(contact), completed_on__isnull=True,
                                     cancelled=False).select_related("child").order_by("due_on", "child_id"))


def is_awaiting_allocation(child) -> bool:
    from casebook.children.models import Child

    return Child.objects.filter(pk=child.pk).filter(awaiting_allocation_q()).exists()


def contact_history(*, child, before: datetime | None = None) -> list[Contact]:
    """The child's contacts in the 12 months before `before` (default now), newest first."""
    before = before or timezone.now()
    since = before - relativedelta(months=REPEAT_WINDOW_MONTHS)
    return list(Contact.objects.filter(links__child=child, received_at__gte=since, received_at__lte=before)
                .select_related("decided_by").order_by("-received_at"))


def contacts_for_child(child) -> list[Contact]:
    links = ContactChild.objects.filter(child=child).select_related("referral").order_by("pk")
    return list(Contact.objects.filter(links__child=child)
                .prefetch_related(Prefetch("links", queryset=links, to_attr="child_links"))
                .select_related("decided_by", "signed_off_by").order_by("-received_at"))


def recent_contact_counts(*, child_ids: list[int], exclude_contact_id: int | None = None) -> dict[int, int]:
    """How many contacts each child had in the last 12 months (other than this one): one query."""
    since = timezone.now() - relativedelta(months=REPEAT_WINDOW_MONTHS)
    qs = ContactChild.objects.filter(child_id__in=child_ids, contact__received_at__gte=since)
    if exclude_contact_id:
        qs = qs.exclude(contact_id=exclude_contact_id)
    return dict(qs.values_list("child_id").annotate(n=Count("id")).values_list("child_id", "n"))


def checks_for(contact) -> list[PartnerCheck]:
    return list(contact.checks.select_related("recorded_by"))


def check_is_overdue(check: PartnerCheck, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return check.received_on is None and today > check.due_on


@dataclass
class WorkerOption:
    """A social worker the child could be allocated to, with the caseload figures the allocation
    warning uses (workforce.services.warnings_for_load), so the list and the warning agree."""

    worker: User
    children: int
    weighted: Decimal
    cap: Decimal | None
    asye_limit: int | None  # only for a newly qualified (ASYE) worker
    warnings: list[str]

    @property
    def pk(self) -> int:
        return self.worker.pk

    @property
    def weighted_text(self) -> str:
        from casebook.workforce.services import format_load

        return format_load(self.weighted)

    @property
    def cap_text(self) -> str:
        from casebook.workforce.services import format_load

        return format_load(self.cap) if self.cap is not None else ""


def case_type_of(child) -> str:
    """The caseload case type `child` counts as (workforce.caseloads: the heaviest registered type
    that claims the child, else child in need)."""
    from casebook.workforce import caseloads

    return caseloads.case_type_of(child.pk)


def candidate_workers(*, team_id: int | None = None, child=None, case_type: str | None = None) -> list[WorkerOption]:
    """Case-holding staff (of one team, or all), each with their children, weighted caseload,
    cap, ASYE limit and what allocating `child` to them would warn about. A fixed number of
    queries, however many workers: the workers with their profiles, the loads (one aggregate),
    the weights and caps, and the child's case type unless `case_type` (case_type_of) is given."""
    from casebook.workforce import caseloads
    from casebook.workforce.selectors import profile_for
    from casebook.workforce.services import asye_limit, warnings_for_load, worker_cap

    qs = User.objects.filter(is_active=True, role__in=CASE_HOLDING_ROLES, team__isnull=False)
    if team_id:
        qs = qs.filter(team_id=team_id)
    workers = list(qs.select_related("team", "worker_profile").order_by("team__name", "last_name", "first_name"))
    loads = caseloads.loads_for_workers([w.pk for w in workers])
    weights, caps = caseloads.weights(), caseloads.caps()
    if case_type is None:
        case_type = case_type_of(child) if child is not None else caseloads.DEFAULT_CASE_TYPE
    weight = weights.get(case_type, Decimal("1"))
    options = []
    for worker in workers:
        profile, load = profile_for(worker), loads[worker.pk]
        already = child is not None and child.allocated_worker_id == worker.pk
        options.append(WorkerOption(
            worker=worker, children=load.children, weighted=load.weighted, cap=worker_cap(profile, caps),
            asye_limit=asye_limit(profile) if profile.is_asye else None,
            warnings=[] if already else warnings_for_load(worker=worker, profile=profile, load=load, weight=weight,
                                                          caps=caps)))
    return options


def caseload_weights_text(child=None, *, case_type: str | None = None) -> tuple[str, str]:
    """('child in need 1, child protection 1.5, ...', how this child counts) for the allocation page
    (`case_type`: the child's, from case_type_of, when already known)."""
    from casebook.workforce import caseloads
    from casebook.workforce.services import format_load

    weights = caseloads.weights()
    listed = ", ".join(f"{caseloads.CASE_TYPE_LABELS.get(k, k).lower()} {format_load(v)}"
                       for k, v in sorted(weights.items(), key=lambda kv: kv[1]))
    this = ""
    if child is not None:
        case_type = case_type or case_type_of(child)
        this = f"{caseloads.CASE_TYPE_LABELS.get(case_type, case_type).lower()}, {format_load(weights.get(case_type, Decimal('1')))}"
    return listed, this


def siblings_waiting(child) -> list[Child]:
    """Other children on the same signed-off social care contacts as `child` who are still waiting
    for a social worker (siblings referred together): one query."""
    contacts = ContactChild.objects.filter(child=child, contact__signed_off_at__isnull=False,
                                           contact__outcome__in=SOCIAL_CARE_OUTCOMES).values("contact")
    return list(Child.objects.filter(pk__in=_waiting_links().filter(contact__in=contacts).exclude(child=child)
                                     .values("child"), allocated_worker__isnull=True)
                .order_by("date_of_birth", "pk"))


def allocation_warnings_for(*, child, worker) -> list[str]:
    """What the workforce rules say about giving `worker` this child (workforce.services.
    allocation_warnings: weighted caseload cap, the ASYE protected caseload), weighing the child
    as the case type the journey apps register for it. Reads only: a fixed number of queries."""
    from casebook.workforce.services import allocation_warnings

    if child.allocated_worker_id == worker.pk:
        return []
    return allocation_warnings(worker=worker, case_type=case_type_of(child))


def allocation_overrides(allocations) -> dict[int, AllocationOverride]:
    """Allocation id -> the override recorded with it, for the allocations shown: one query."""
    return {o.allocation_id: o for o in AllocationOverride.objects.filter(allocation__in=[a.pk for a in allocations])}


# ---- Threshold consistency -------------------------------------------------------------------

RETURN_WINDOWS = {"3 months": timedelta(days=91), "12 months": timedelta(days=365)}


@dataclass
class Breakdown:
    label: str
    team: str
    total: int
    by_outcome: dict  # outcome value -> count
    by_rag: dict  # rag value -> count

    def share(self, counts: dict, key: str) -> float:
        return round(100 * counts.get(key, 0) / self.total, 1) if self.total else 0.0


def _decisions_in(start: date, end: date) -> QuerySet[Contact]:
    tz = timezone.get_current_timezone()
    start_at = datetime(start.year, start.month, start.day, tzinfo=tz)
    end_at = datetime(end.year, end.month, end.day, tzinfo=tz) + timedelta(days=1)
    return Contact.objects.filter(decided_at__gte=start_at, decided_at__lt=end_at)


def _breakdowns(rows, key_fields: tuple[str, ...]) -> dict:
    """Fold (key..., outcome, rag, n) rows into per-key outcome and RAG counts."""
    result: dict = {}
    for row in rows:
        key = tuple(row[f] for f in key_fields)
        entry = result.setdefault(key, {"total": 0, "by_outcome": {}, "by_rag": {}})
        entry["total"] += row["n"]
        entry["by_outcome"][row["outcome"]] = entry["by_outcome"].get(row["outcome"], 0) + row["n"]
        entry["by_rag"][row["rag"]] = entry["by_rag"].get(row["rag"], 0) + row["n"]
    return result


def threshold_consistency(*, start: date, end: date) -> dict:
    """Decisions made in the period, by decision-maker, by team and across the whole front door,
    by outcome and by RAG; and, for each outcome, the share of children who came back with a
    new contact within 3 and 12 months of the decision (repeat contacts: Ofsted ILACS; DfE
    re-referral measure). A fixed number of queries."""
    decided = _decisions_in(start, end)
    rows = list(decided.values("decided_by", "decided_by__first_name", "decided_by__last_name",
                               "decided_by__team__name", "outcome", "rag")
                .annotate(n=Count("id")).order_by())
    people = _breakdowns(rows, ("decided_by", "decided_by__first_name", "decided_by__last_name",
                                "decided_by__team__name"))
    teams = _breakdowns(rows, ("decided_by__team__name",))
    whole = _breakdowns(rows, ())
    whole_entry = whole.get((), {"total": 0, "by_outcome": {}, "by_rag": {}})
    team_entries = {key[0] or "No team": value for key, value in teams.items()}

    makers = sorted(
        (Breakdown(label=f"{k[1]} {k[2]}".strip(), team=k[3] or "No team", **v) for k, v in people.items()),
        key=lambda b: (b.team, b.label))
    team_rows = sorted((Breakdown(label=name, team=name, **v) for name, v in team_entries.items()),
                       key=lambda b: b.label)
    whole_row = Breakdown(label="Whole front door", team="", **whole_entry)

    # Came back: another contact about the same child received after this decision, within the window.
    later = {}
    for label, window in RETURN_WINDOWS.items():
        later[label] = Exists(ContactChild.objects.filter(
            child=OuterRef("child"), contact__received_at__gt=OuterRef("contact__decided_at"),
            contact__received_at__lte=OuterRef("contact__decided_at") + window))
    links = ContactChild.objects.filter(contact__in=decided).annotate(
        back_3=later["3 months"], back_12=later["12 months"])
    returns = {}
    for row in (links.values("contact__outcome")
                .annotate(children=Count("child", distinct=True),
                          back_3=Count("child", filter=Q(back_3=True), distinct=True),
                          back_12=Count("child", filter=Q(back_12=True), distinct=True)).order_by()):
        returns[row["contact__outcome"]] = row
    return_rows = []
    for value, label in Outcome.choices:
        row = returns.get(value, {"children": 0, "back_3": 0, "back_12": 0})
        n = row["children"]
        return_rows.append({"outcome": value, "label": label, "children": n, "back_3": row["back_3"],
                            "back_12": row["back_12"],
                            "share_3": round(100 * row["back_3"] / n, 1) if n else 0.0,
                            "share_12": round(100 * row["back_12"] / n, 1) if n else 0.0})
    return {"makers": makers, "teams": team_rows, "team_by_name": {t.label: t for t in team_rows},
            "whole": whole_row, "returns": return_rows}
