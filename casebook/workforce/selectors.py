"""Reads for the workforce pages, always scoped to the user asking.

Scope: a team manager sees their own team, a service manager the teams of their service area,
a head of service, performance analyst or administrator every team. Each selector runs a fixed
number of queries however many workers or children there are.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from casebook.accounts.models import Role, Team, User
from casebook.workforce import caseloads
from casebook.workforce.models import ActionStatus, ImprovementAction, Recommendation, WorkerProfile

WORKFORCE_ROLES = (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                   Role.HEAD_OF_SERVICE)
ALL_TEAMS_ROLES = frozenset({Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR})


def teams_in_scope(user) -> QuerySet[Team]:
    """The teams whose workforce `user` may see."""
    teams = Team.objects.select_related("service_area", "establishment")
    if user.role in ALL_TEAMS_ROLES:
        return teams
    if user.role == Role.SERVICE_MANAGER and user.service_area_id:
        return teams.filter(service_area=user.service_area_id)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return teams.filter(pk=user.team_id)
    return teams.none()


def profile_for(user: User) -> WorkerProfile:
    """The user's workforce profile, or an unsaved one read from their job role (full time,
    permanent) when nobody has recorded one yet."""
    try:
        return user.worker_profile
    except WorkerProfile.DoesNotExist:
        return _default_profile(user)


def _default_profile(user: User) -> WorkerProfile:
    return WorkerProfile(user=user, **_profile_defaults(user.role, user.date_joined, user.left_on))


def _profile_defaults(role: str, date_joined: datetime | None, left_on: date | None) -> dict:
    """A missing profile's fields, read from the user's job role: full time, permanent, in role
    since they joined (today if that is unknown), leaving when the user leaves."""
    started = timezone.localtime(date_joined).date() if date_joined else timezone.localdate()
    return {"census_role": caseloads.ROLE_TO_CENSUS.get(role, ""), "fte": Decimal("1"), "is_agency": False,
            "started_on": started, "left_on": left_on}


class StaffFacts(NamedTuple):
    census_role: str
    fte: Decimal
    is_agency: bool
    started_on: date
    left_on: date | None
    user_id: int = 0
    team_id: int | None = None


def census_staff_facts() -> list[StaffFacts]:
    """What the weekly workforce figures need of every member of staff in the workforce census,
    with profile_for's defaults where no profile is recorded: read as plain values, since building
    hundreds of users and profiles as model instances cost more than the figures themselves."""
    rows = User.objects.filter(role__in=WORKFORCE_ROLES).values_list(
        "role", "date_joined", "left_on", "worker_profile__pk", "worker_profile__census_role", "worker_profile__fte",
        "worker_profile__is_agency", "worker_profile__started_on", "worker_profile__left_on", "pk", "team_id")
    facts = []
    for role, joined, user_left, profile, census_role, fte, agency, started, left, user_id, team_id in rows:
        if profile is None:
            facts.append(StaffFacts(**_profile_defaults(role, joined, user_left), user_id=user_id, team_id=team_id))
        else:
            facts.append(StaffFacts(census_role, fte, agency, started, left, user_id, team_id))
    return facts


def workers_in_scope(user) -> QuerySet[User]:
    """Staff in the user's teams who appear in the workforce census (social workers and managers)."""
    return (User.objects.filter(team__in=teams_in_scope(user), role__in=WORKFORCE_ROLES)
            .select_related("team", "worker_profile").order_by("team__name", "last_name", "first_name"))


def census_staff_in_scope(user) -> QuerySet[User]:
    """The workforce page's staff: workers_in_scope, and for those who see every team also the
    staff with no team (service managers, heads of service), whom the census figures count too.
    Staff with no team come last."""
    from django.db.models import F

    scope = Q(team__in=teams_in_scope(user))
    if user.role in ALL_TEAMS_ROLES:
        scope |= Q(team__isnull=True)
    return (User.objects.filter(scope, role__in=WORKFORCE_ROLES).select_related("team", "worker_profile")
            .order_by(F("team__name").asc(nulls_last=True), "last_name", "first_name"))


def worker_for_edit(*, user, worker_id: int) -> User | None:
    """A member of staff whose profile `user` may edit (None: show not found)."""
    return User.objects.filter(pk=worker_id, role__in=WORKFORCE_ROLES).select_related("team", "worker_profile").first()


@dataclass
class WorkerRow:
    worker: User
    profile: WorkerProfile
    children: int
    weighted: Decimal
    cap: Decimal | None
    asye_limit: int | None

    @property
    def over_cap(self) -> bool:
        return self.cap is not None and self.weighted > self.cap

    @property
    def over_asye_limit(self) -> bool:
        return self.asye_limit is not None and self.children > self.asye_limit

    @property
    def headroom(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.weighted


@dataclass
class TeamCaseload:
    team: Team
    workers: list[WorkerRow] = field(default_factory=list)
    in_queue: int = 0  # open to the team, no worker, in the front door's awaiting-allocation queue
    needing_new_worker: int = 0  # open to the team, no worker, not in that queue

    @property
    def unallocated_to_worker(self) -> int:
        """Open to the team with no worker yet: the two lists on the awaiting-allocation page."""
        return self.in_queue + self.needing_new_worker

    @property
    def capacity(self) -> Decimal:
        return sum((w.cap for w in self.workers if w.cap is not None), Decimal("0"))

    @property
    def weighted_load(self) -> Decimal:
        return sum((w.weighted for w in self.workers), Decimal("0"))

    @property
    def children(self) -> int:
        return sum(w.children for w in self.workers)

    @property
    def over_cap(self) -> list[WorkerRow]:
        return [w for w in self.workers if w.over_cap or w.over_asye_limit]

    @property
    def funded_fte(self) -> Decimal | None:
        establishment = getattr(self.team, "establishment", None)
        return establishment.funded_fte if establishment else None

    @property
    def permanent_fte(self) -> Decimal:
        return sum((Decimal(w.profile.fte) for w in self.workers if not w.profile.is_agency), Decimal("0"))

    @property
    def agency_fte(self) -> Decimal:
        return sum((Decimal(w.profile.fte) for w in self.workers if w.profile.is_agency), Decimal("0"))

    @property
    def vacancies(self) -> Decimal | None:
        if self.funded_fte is None:
            return None
        return max(Decimal("0"), self.funded_fte - self.permanent_fte)

    @property
    def utilisation(self) -> int | None:
        return round(100 * self.weighted_load / self.capacity) if self.capacity else None


def team_caseloads(*, user, team_id: int | None = None, today: date | None = None) -> list[TeamCaseload]:
    """Per team in the user's scope: each worker in post with their children, weighted caseload,
    cap (role cap x FTE) and ASYE limit; team capacity against weighted load and vacancies.
    Children open to a team with no worker are counted as the awaiting-allocation page lists
    them (only those the user may see), split into the queue and those needing a new worker.
    Queries: teams, workers, children per worker, unallocated per team, one per case type."""
    from casebook.front_door.selectors import no_worker_counts

    today = today or timezone.localdate()
    teams = list(teams_in_scope(user).filter(**({"pk": team_id} if team_id else {})))
    team_ids = [t.pk for t in teams]
    workers = [w for w in User.objects.filter(team__in=team_ids, role__in=WORKFORCE_ROLES, is_active=True)
               .select_related("worker_profile").order_by("last_name", "first_name")]
    profiles = {w.pk: profile_for(w) for w in workers}
    workers = [w for w in workers if not (profiles[w.pk].left_on and profiles[w.pk].left_on < today)]
    loads = caseloads.loads_for_workers([w.pk for w in workers])
    cap_of = caseloads.caps()
    asye_default = caseloads.asye_limit_default()
    waiting = no_worker_counts(user=user, team_ids=team_ids)
    by_team = {t.pk: TeamCaseload(team=t, in_queue=waiting.get(t.pk, (0, 0))[0],
                                  needing_new_worker=waiting.get(t.pk, (0, 0))[1]) for t in teams}
    for w in workers:
        profile = profiles[w.pk]
        role_cap = cap_of.get(profile.census_role)
        row = WorkerRow(
            worker=w, profile=profile, children=loads[w.pk].children, weighted=loads[w.pk].weighted,
            cap=(role_cap * Decimal(profile.fte)).quantize(Decimal("0.1")) if role_cap is not None else None,
            asye_limit=(profile.asye_caseload_limit or asye_default) if profile.is_asye else None,
        )
        by_team[w.team_id].workers.append(row)
    return list(by_team.values())


def awaiting_allocation_link() -> str | None:
    """The front door's awaiting-allocation queue, when that page exists."""
    try:
        return reverse("front_door:awaiting-allocation")
    except NoReverseMatch:
        return None


def improvement_plan() -> list[Recommendation]:
    """Every recommendation with its actions and their owners (two queries)."""
    from django.db.models import Prefetch

    actions = ImprovementAction.objects.select_related("owner").order_by("due_on", "pk")
    return list(Recommendation.objects.prefetch_related(Prefetch("actions", queryset=actions)))


def overdue_actions(*, today: date | None = None) -> QuerySet[ImprovementAction]:
    """Actions past their due date and not done, earliest due first, with owner and recommendation."""
    today = today or timezone.localdate()
    return (ImprovementAction.objects.filter(due_on__lt=today).exclude(status=ActionStatus.DONE)
            .select_related("owner", "recommendation").order_by("due_on", "pk"))


@dataclass(frozen=True)
class FigureReading:
    """One week's value of an overview figure, as the overview shows it. `shown` is None when the
    week's figures are not stored (not yet computed, or older than the overview's 12 months)."""

    week: date
    shown: str | None


@dataclass(frozen=True)
class FigureMovement:
    """An improvement-plan recommendation's linked figure: in the week the recommendation was
    added (None while that week is not over) and in the latest complete week."""

    key: str
    label: str
    at_start: FigureReading | None
    latest: FigureReading


def recommendation_figures(recommendations: list[Recommendation], *, today: date | None = None
                           ) -> dict[int, FigureMovement]:
    """{recommendation id: FigureMovement} for the recommendations linked to an overview figure,
    read from the stored weekly figures (one query; nothing is computed here: the overview page
    and the nightly refresh store them)."""
    from datetime import timedelta

    from casebook.workforce import overview
    from casebook.workforce.models import OverviewWeek

    today = today or timezone.localdate()
    this_monday = today - timedelta(days=today.weekday())
    latest_week = this_monday - timedelta(days=7)
    linked = [r for r in recommendations if r.figure_key]
    if not linked:
        return {}
    # Labels and units as the overview gives them (no data is read to build them).
    figures = {f.key: f for f in overview.build_figures([], {k: [] for k, _ in overview.FIGURE_CHOICES}, {})}

    def start_of(rec: Recommendation) -> date:
        added = timezone.localdate(rec.created_at)
        return added - timedelta(days=added.weekday())

    weeks = {latest_week} | {start_of(r) for r in linked if start_of(r) < this_monday}
    stored = {row.week: row.points for row in OverviewWeek.objects.filter(week__in=weeks)}

    def reading(key: str, week: date) -> FigureReading:
        raw = stored.get(week, {}).get(key)
        if raw is None:
            return FigureReading(week, None)
        return FigureReading(week, overview.shown(overview.Point(week, *raw), figures[key].unit, figures[key].empty))

    movements = {}
    for rec in linked:
        if rec.figure_key not in figures:
            continue
        start = start_of(rec)
        movements[rec.pk] = FigureMovement(
            key=rec.figure_key, label=figures[rec.figure_key].label,
            at_start=reading(rec.figure_key, start) if start < this_monday else None,
            latest=reading(rec.figure_key, latest_week))
    return movements


# Who may own an improvement action; each may open the plan and update the actions they own.
ACTION_OWNER_ROLES = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST,
                      Role.AUDITOR)


def action_owners() -> QuerySet[User]:
    """People who can own an improvement action: managers and leaders still in post."""
    return User.objects.filter(is_active=True, role__in=ACTION_OWNER_ROLES).filter(Q(left_on__isnull=True))


FORECAST_WEEKS = 8


def arrivals_and_allocations(*, today: date, weeks: int = FORECAST_WEEKS) -> tuple[list[date], list[int], list[int]]:
    """Weekly counts over the last `weeks` complete weeks (oldest first), from the front door:
    arrivals are children whose threshold decision (child in need or child protection) was signed
    off that week; allocations are those children allocated to a worker that week. Counts for the
    whole council (aggregate numbers, no child's details). Two queries."""
    from datetime import time, timedelta

    from django.db.models.functions import TruncWeek

    from casebook.front_door.models import SOCIAL_CARE_OUTCOMES, ContactChild

    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in range(weeks, 0, -1)]
    tz = timezone.get_current_timezone()
    start, end = datetime.combine(mondays[0], time.min, tzinfo=tz), datetime.combine(this_monday, time.min, tzinfo=tz)
    links = ContactChild.objects.filter(contact__outcome__in=SOCIAL_CARE_OUTCOMES)

    def weekly(field_name: str) -> list[int]:
        rows = (links.filter(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
                .annotate(week=TruncWeek(field_name)).values("week").annotate(n=Count("id")).values_list("week", "n"))
        counts: dict[date, int] = {}
        for week, n in rows:
            day = timezone.localtime(week).date() if isinstance(week, datetime) else week
            counts[day] = counts.get(day, 0) + n
        return [counts.get(m, 0) for m in mondays]

    return mondays, weekly("contact__signed_off_at"), weekly("allocated_at")


def backlog_forecast(*, user, today: date):
    """The awaiting-allocation forecast for the overview: the queue `user` can see now, how long
    its longest-waiting child has waited (working days, None when nobody waits), and the council's
    arrivals and allocations over the last 8 complete weeks."""
    from django.db.models import Min

    from casebook.front_door.selectors import awaiting_allocation, waited_working_days
    from casebook.workforce.forecast import backlog_forecast as forecast

    from django.core.cache import cache

    from casebook.workforce.snapshots import LIVE_SECONDS

    # Council-wide counts of completed weeks: kept in the cache as long as the overview's live week.
    mondays, arrivals, allocations = cache.get_or_set(
        f"workforce:arrivals-and-allocations:{today.isoformat()}", lambda: arrivals_and_allocations(today=today),
        LIVE_SECONDS)
    # One query for both: the size of the queue and its earliest sign-off (the queue is listed most
    # urgent first, so its first row is not the longest wait).
    queue = awaiting_allocation(user=user).order_by().aggregate(n=Count("pk"), since=Min("contact__signed_off_at"))
    result = forecast(queue_now=queue["n"], arrivals=arrivals, allocations=allocations)
    longest = waited_working_days(signed_off_at=queue["since"], today=today) if queue["since"] else None
    return {"forecast": result, "rows": list(zip(mondays, arrivals, allocations, strict=True)), "longest_wait": longest}
