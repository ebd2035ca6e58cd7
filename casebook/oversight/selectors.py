"""Reads for oversight, always scoped to the viewer's visibility (access_audit.rules).

The drift and delay counts come from the one timescale table (clocks.Clock) only, in single
GROUP BY queries over the children the viewer may see; per-child columns are subquery
annotations, so no page runs a query per row.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Count, DateField, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from casebook.access_audit.rules import children_visible_to
from casebook.accounts.models import CASE_HOLDING_ROLES, Role, Team, User
from casebook.children.models import Child
from casebook.clocks import timescales
from casebook.clocks.models import Clock
from casebook.clocks.status import DUE_SOON_WORKING_DAYS
from casebook.core.workdays import add_working_days
from casebook.oversight.models import (
    Action, AuditGrade, AuditProgramme, AuditStatus, CaseAudit, CaseDiscussion, Grade, OversightEntry,
    SupervisionSession,
)

LATE_WINDOW_MONTHS = 3
NEVER = date(1900, 1, 1)  # stands for "no record" inside Greatest(), which SQLite nulls on any NULL


# ---- Scope: worker, team or service ---------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    level: str  # worker | team | service
    label: str
    team: Team | None = None
    worker: User | None = None

    def params(self) -> dict:
        if self.worker is not None:
            return {"worker": self.worker.pk}
        if self.team is not None:
            return {"team": self.team.pk}
        return {}


def teams_in_scope(user) -> QuerySet[Team]:
    if user.role in (Role.HEAD_OF_SERVICE, Role.PERFORMANCE_ANALYST):
        return Team.objects.filter(is_front_door=False)
    if user.role == Role.SERVICE_MANAGER:
        return Team.objects.filter(service_area=user.service_area_id)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return Team.objects.filter(pk=user.team_id)
    return Team.objects.none()


def workers_in_scope(user) -> QuerySet[User]:
    """Case-holding staff whose work `user` oversees (themselves, for a social worker)."""
    holders = User.objects.filter(is_active=True, role__in=CASE_HOLDING_ROLES).select_related("team")
    if user.role in CASE_HOLDING_ROLES:
        return holders.filter(pk=user.pk)
    return holders.filter(team__in=teams_in_scope(user))


def scope_for(user, *, team_id: str | None = None, worker_id: str | None = None) -> Scope:
    """The dashboard scope asked for in the query string, or the user's own by default.
    Asking for a team or worker outside the user's remit gives not found."""
    if worker_id:
        worker = workers_in_scope(user).filter(pk=int(worker_id) if worker_id.isdigit() else 0).first()
        if worker is None:
            raise Http404
        return Scope("worker", worker.full_name, team=worker.team, worker=worker)
    if team_id:
        team = teams_in_scope(user).filter(pk=int(team_id) if team_id.isdigit() else 0).first()
        if team is None:
            raise Http404
        return Scope("team", team.name, team=team)
    if user.role in CASE_HOLDING_ROLES:
        return Scope("worker", user.full_name, team=user.team, worker=user)
    if user.role == Role.TEAM_MANAGER and user.team_id:
        return Scope("team", user.team.name, team=user.team)
    if user.role == Role.SERVICE_MANAGER and user.service_area_id:
        return Scope("service", user.service_area.name)
    return Scope("service", "All services")


def children_in_scope(user, scope: Scope) -> QuerySet[Child]:
    qs = children_visible_to(user)
    if scope.worker is not None:
        return qs.filter(allocated_worker=scope.worker.pk)
    if scope.team is not None:
        return qs.filter(allocated_team=scope.team.pk)
    return qs


# ---- Drift and delay counts from the timescale table ---------------------------------------

def _measures(today: date) -> dict[str, Q]:
    """The clock_status() rules as Q objects (overdue, due within 5 working days, late)."""
    now = timezone.now()
    soon = add_working_days(today, DUE_SOON_WORKING_DAYS)
    since = today - relativedelta(months=LATE_WINDOW_MONTHS)
    day_clock = Q(due_at__isnull=True)
    is_open = Q(completed_on__isnull=True)
    return {
        "overdue": is_open & ((day_clock & Q(due_on__lt=today)) | Q(due_at__lt=now)),
        "due-soon": is_open & ((day_clock & Q(due_on__gte=today, due_on__lte=soon))
                               | Q(due_at__gte=now, due_at__lte=now + timedelta(hours=24))),
        "late": Q(completed_on__gte=since, completed_on__lte=today)
        & ((day_clock & Q(completed_on__gt=F("due_on"))) | Q(due_at__isnull=False, completed_at__gt=F("due_at"))),
    }


MEASURE_LABELS = {"overdue": "Overdue", "due-soon": "Due within 5 working days",
                  "late": "Completed late in the last 3 months"}


def _clocks_in_scope(user, scope: Scope, today: date) -> QuerySet[Clock]:
    since = today - relativedelta(months=LATE_WINDOW_MONTHS)
    children = children_in_scope(user, scope)
    if scope.worker is None and scope.team is None:
        # The whole service: EXISTS per clock rather than IN (every child of the council), so SQLite
        # walks the clocks by their own indexes and looks each child up (overdue items at 60,000
        # children: 99 -> 50 ms). A team's or worker's few children are better listed first.
        in_scope = Exists(children.filter(pk=OuterRef("child_id")))
    else:
        in_scope = Q(child__in=children.values("pk"))
    return Clock.objects.filter(Q(completed_on__isnull=True) | Q(completed_on__gte=since), in_scope, cancelled=False)


def _counted(qs, today: date, *group: str):
    measures = _measures(today)
    return (qs.values(*group)
            .annotate(overdue=Count("id", filter=measures["overdue"]),
                      due_soon=Count("id", filter=measures["due-soon"]),
                      late=Count("id", filter=measures["late"]))
            .order_by(*group))


def drift_counts(*, user, scope: Scope, today: date | None = None) -> list[dict]:
    """Per statutory item: overdue, due within 5 working days, completed late in the last 3
    months (Working Together 2023 and local timescales, as registered in clocks.timescales).
    One GROUP BY query; items with nothing to show are left out."""
    today = today or timezone.localdate()
    rows = []
    for row in _counted(_clocks_in_scope(user, scope, today), today, "item"):
        if not (row["overdue"] or row["due_soon"] or row["late"]):
            continue
        try:
            row["label"] = timescales.get(row["item"]).label
        except KeyError:
            row["label"] = row["item"]
        rows.append(row)
    return sorted(rows, key=lambda r: r["label"])


def drift_breakdown(*, user, scope: Scope, today: date | None = None) -> list[dict]:
    """The same counts by team (service level) or by worker (team level). One GROUP BY query."""
    today = today or timezone.localdate()
    if scope.level == "worker":
        return []
    qs = _clocks_in_scope(user, scope, today)
    if scope.level == "service":
        rows = _counted(qs, today, "child__allocated_team", "child__allocated_team__name")
        return [{"id": r["child__allocated_team"], "name": r["child__allocated_team__name"] or "Not allocated",
                 "param": "team", **r} for r in rows if r["overdue"] or r["due_soon"] or r["late"]]
    rows = _counted(qs, today, "child__allocated_worker", "child__allocated_worker__first_name",
                    "child__allocated_worker__last_name")
    return [{"id": r["child__allocated_worker"],
             "name": f"{r['child__allocated_worker__first_name'] or ''} {r['child__allocated_worker__last_name'] or ''}".strip()
             or "No social worker", "param": "worker", **r}
            for r in rows if r["overdue"] or r["due_soon"] or r["late"]]


def open_actions_summary(*, user, scope: Scope, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    return Action.objects.filter(completed_on__isnull=True,
                                 child__in=children_in_scope(user, scope).values("pk")).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))


def actions_in_scope(*, user, scope: Scope, overdue: bool = False,
                     today: date | None = None) -> QuerySet[Action]:
    """The open actions behind open_actions_summary: on children in the scope that `user` may see,
    only those past their due date if `overdue`; soonest due first."""
    qs = Action.objects.filter(completed_on__isnull=True,
                               child__in=children_in_scope(user, scope).values("pk"))
    if overdue:
        qs = qs.filter(due_on__lt=today or timezone.localdate())
    return qs.select_related("child", "owner").order_by("due_on", "pk")


# ---- Per-child columns -----------------------------------------------------------------------

def visit_annotations(child_ref: str) -> dict:
    """Last visit (child seen), last seen alone and last wishes and feelings for the child at
    `child_ref`: the one place that knows where visits are recorded.

    Reads the visits app's record of every visit (visits.Visit, with the child's words) and,
    for visits recorded before it existed, the clock-keeping visit rows of child protection
    (CPVisit), children in need (CINVisit) and looked-after children (CareVisit). The visits
    app's selectors answer for one child at a time, so a list reads its table in a subquery.
    """
    from casebook.child_protection.models import CPVisit
    from casebook.children_in_need.models import CINVisit
    from casebook.looked_after.models import CareVisit
    from casebook.visits.models import Visit

    def latest(qs, field):
        return Coalesce(Subquery(qs.order_by(f"-{field}").values(field)[:1]), Value(NEVER), output_field=DateField())

    child = OuterRef(child_ref)
    visits = Visit.objects.filter(child=child, seen=True)
    cp = CPVisit.objects.filter(plan__child=child, seen=True)
    cin = CINVisit.objects.filter(plan__child=child, seen=True)
    care = CareVisit.objects.filter(child=child)
    return {
        "last_visit": Greatest(latest(visits, "visited_on"), latest(cp, "visited_on"), latest(cin, "visited_on"),
                               latest(care, "visit_date"), output_field=DateField()),
        "last_seen_alone": Greatest(latest(visits.filter(seen_alone=True), "visited_on"),
                                    latest(cp.filter(seen_alone=True), "visited_on"),
                                    latest(cin.filter(seen_alone=True), "visited_on"),
                                    latest(care.filter(seen_alone=True), "visit_date"), output_field=DateField()),
        "last_wishes": Subquery(Visit.objects.filter(child=child).exclude(wishes_and_feelings="")
                                .order_by("-visited_on").values("visited_on")[:1]),
    }


def child_columns(child_ref: str) -> dict:
    """Annotations for the per-child columns: days since last visit, seen alone, management
    oversight, supervision discussion, wishes and feelings; plan length; repeat-plan and
    re-referral flags."""
    from casebook.child_protection.models import CPPlan
    from casebook.children_in_need.models import CINPlan
    from casebook.episodes.models import Referral
    from casebook.looked_after.models import CareEpisode

    child = OuterRef(child_ref)
    open_cp = CPPlan.objects.filter(child=child, end_date__isnull=True)
    return {
        **visit_annotations(child_ref),
        "last_oversight": Subquery(OversightEntry.objects.filter(child=child).order_by("-occurred_on")
                                   .values("occurred_on")[:1]),
        "last_supervision": Subquery(CaseDiscussion.objects.filter(child=child).order_by("-session__held_on")
                                     .values("session__held_on")[:1]),
        "plan_started": Coalesce(
            Subquery(open_cp.values("start_date")[:1]),
            Subquery(CINPlan.objects.filter(child=child, end_date__isnull=True).values("start_date")[:1]),
            Subquery(CareEpisode.objects.filter(child=child, end_date__isnull=True).values("period_start")[:1]),
            output_field=DateField()),
        "repeat_plan": Exists(open_cp.filter(previous_plans__gt=0)),
        "re_referral": Coalesce(Subquery(Referral.objects.filter(child=child).order_by("-referral_date")
                                         .values("is_re_referral")[:1]), Value(False)),
    }


def clocks_behind(*, user, scope: Scope, measure: str, item: str = "", today: date | None = None,
                  columns: bool = True) -> QuerySet[Clock]:
    """The statutory items behind one dashboard number, with the child's columns (or, with
    columns=False, without them: page first, then add them with with_child_columns)."""
    today = today or timezone.localdate()
    qs = _clocks_in_scope(user, scope, today).filter(_measures(today)[measure])
    if item:
        qs = qs.filter(item=item)
    qs = qs.order_by("due_on", "pk")
    return with_child_columns(qs) if columns else qs


def with_child_columns(clocks: QuerySet[Clock]) -> QuerySet[Clock]:
    """`clocks` (a queryset, or one page of it) with their children and the child's columns. Given a
    page, the column subqueries run for that page's rows only, not for every item behind the number."""
    if clocks.query.is_sliced:
        clocks = Clock.objects.filter(pk__in=clocks.values("pk")).order_by("due_on", "pk")
    return (clocks.select_related("child", "child__allocated_worker", "child__allocated_team")
            .annotate(**child_columns("child_id")))


FLAGS = {"repeat-plan": "Repeat child protection plan", "re-referral": "Re-referral",
         "no-oversight": "No management oversight in 3 months", "no-visit": "Not visited in 6 weeks"}


def open_cases(*, user, scope: Scope, flag: str = "", today: date | None = None) -> QuerySet[Child]:
    """Every allocated child in scope with the per-child columns (the whole-service drift view)."""
    today = today or timezone.localdate()
    qs = (children_in_scope(user, scope).filter(allocated_team__isnull=False)
          .select_related("allocated_worker", "allocated_team").annotate(**child_columns("pk")))
    if flag == "repeat-plan":
        qs = qs.filter(repeat_plan=True)
    elif flag == "re-referral":
        qs = qs.filter(re_referral=True)
    elif flag == "no-oversight":
        qs = qs.filter(Q(last_oversight__isnull=True) | Q(last_oversight__lt=today - relativedelta(months=3)))
    elif flag == "no-visit":
        qs = qs.filter(last_visit__lt=today - timedelta(weeks=6))
    return qs.order_by("last_name", "first_names", "pk")


def days_since(value: date | None, today: date | None = None) -> int | None:
    if value is None or value == NEVER:
        return None
    return ((today or timezone.localdate()) - value).days


# ---- Actions ----------------------------------------------------------------------------------

def my_actions(user, *, include_done: bool = False) -> QuerySet[Action]:
    """The actions `user` owns on children they may see, soonest due first."""
    # The visibility rules run only over the children the user owns actions on, not every child.
    owned = Action.objects.filter(owner=user).values("child")
    qs = Action.objects.filter(owner=user, child__in=children_visible_to(user).filter(pk__in=owned).values("pk"))
    if not include_done:
        qs = qs.filter(completed_on__isnull=True)
    return qs.select_related("child", "oversight", "oversight__manager", "discussion", "audit").order_by("due_on", "pk")


def open_action_count(user) -> int:
    return Action.objects.filter(owner=user, completed_on__isnull=True).count()


def action_owner_choices(child) -> QuerySet[User]:
    """Staff who may own an action about `child`: its team, its worker, and managers above it."""
    area = child.allocated_team.service_area_id if child.allocated_team_id else None
    return (User.objects.filter(is_active=True).exclude(role=Role.ADMINISTRATOR)
            .filter(Q(team=child.allocated_team_id, team__isnull=False) | Q(pk=child.allocated_worker_id)
                    | Q(role=Role.SERVICE_MANAGER, service_area=area, service_area__isnull=False)
                    | Q(role=Role.HEAD_OF_SERVICE))
            .order_by("last_name", "first_name"))


# ---- The child's oversight record -----------------------------------------------------------

def oversight_for_child(child) -> dict:
    """Everything oversight holds about one child: a fixed number of queries."""
    return {
        "entries": list(OversightEntry.objects.filter(child=child).select_related("manager")
                        .prefetch_related("actions__owner")),
        "discussions": list(CaseDiscussion.objects.filter(child=child)
                            .select_related("session", "session__supervisor", "session__worker")
                            .prefetch_related("actions__owner")),
        "audits": list(CaseAudit.objects.filter(child=child).select_related("auditor", "moderator")),
    }


def chronology_entries(child):
    from django.urls import reverse

    from casebook.core.chronology import Entry

    url = reverse("oversight:child", kwargs={"child_id": child.casebook_id})
    for entry in OversightEntry.objects.filter(child=child).select_related("manager"):
        yield Entry(entry.occurred_on, "management-oversight", f"Management oversight: {entry.get_kind_display()}",
                    entry.direction[:300], by=entry.manager.full_name, url=url)
    for d in CaseDiscussion.objects.filter(child=child).select_related("session", "session__supervisor"):
        yield Entry(d.session.held_on, "supervision", "Case discussed in supervision", d.needs_to_happen[:300],
                    by=d.session.supervisor.full_name, url=url)
    for a in CaseAudit.objects.filter(child=child, submitted_on__isnull=False).select_related("auditor"):
        yield Entry(a.submitted_on, "case-audit", f"Case file audit: {a.get_overall_grade_display()}",
                    by=a.auditor.full_name, url=url)


# ---- Supervision frequency ------------------------------------------------------------------

def supervision_interval_days() -> int:
    return settings.CASEBOOK.get("SUPERVISION_INTERVAL_DAYS", 30)


def supervision_frequency(user, *, today: date | None = None) -> list[dict]:
    """Each worker `user` manages: last supervision, when the next is due, whether it is overdue
    (local supervision policy; setting SUPERVISION_INTERVAL_DAYS, default 30). One query."""
    today = today or timezone.localdate()
    interval = supervision_interval_days()
    rows = []
    for worker in workers_in_scope(user).exclude(pk=user.pk).annotate(
            last=Max("supervision_sessions__held_on"),
            in_year=Count("supervision_sessions", filter=Q(supervision_sessions__held_on__gte=today - timedelta(days=365)))
    ).order_by("team__name", "last_name", "first_name"):
        due = worker.last + timedelta(days=interval) if worker.last else None
        rows.append({"worker": worker, "last": worker.last, "due": due, "in_year": worker.in_year,
                     "overdue": due is None or due < today})
    return rows


def sessions_by(user) -> QuerySet[SupervisionSession]:
    return (SupervisionSession.objects.filter(supervisor=user).select_related("worker")
            .annotate(discussions_count=Count("discussions")).order_by("-held_on", "-pk"))


def session_children(user, session: SupervisionSession) -> list[tuple[Child, bool]]:
    """The children allocated to the supervised worker that `user` may see, each with whether it
    was discussed in `session` (the next steps after recording supervision)."""
    discussed = set(CaseDiscussion.objects.filter(session=session).values_list("child_id", flat=True))
    children = children_visible_to(user).filter(allocated_worker=session.worker_id).order_by("last_name", "pk")
    return [(child, child.pk in discussed) for child in children]


def recent_sessions_for_discussion(user, *, days: int = 60) -> QuerySet[SupervisionSession]:
    return (SupervisionSession.objects.filter(supervisor=user, held_on__gte=timezone.localdate() - timedelta(days=days))
            .select_related("worker").order_by("-held_on", "-pk"))


# ---- Case file audits -------------------------------------------------------------------------

def audit_for(child, audit_id: int) -> CaseAudit | None:
    return (CaseAudit.objects.filter(child=child, pk=audit_id).select_related("auditor", "moderator", "team")
            .prefetch_related("grades__standard", "actions__owner").first())


def sample_candidates(*, team: Team, month_start: date, exclude_months: int) -> list[int]:
    """Open (allocated, unrestricted) cases in `team` not audited in the `exclude_months` before
    the month. Restricted records are never sampled: auditors are not named on them."""
    since = month_start - relativedelta(months=exclude_months)
    recent = CaseAudit.objects.filter(child=OuterRef("pk"), assigned_on__gte=since)
    return list(Child.objects.filter(allocated_team=team, is_restricted=False).exclude(Exists(recent))
                .order_by("pk").values_list("pk", flat=True))


def current_programme() -> AuditProgramme | None:
    return AuditProgramme.objects.order_by("-ends_on", "-pk").first()


def _final(moderated: str, original: str) -> str:
    return moderated or original


def programme_figures(programme: AuditProgramme | None, *, today: date | None = None) -> dict:
    """Target, done, in moderation, overdue, grade distribution by team and by theme, and
    learning actions outstanding, for the programme's period. A fixed number of queries."""
    today = today or timezone.localdate()
    audits = CaseAudit.objects.all()
    if programme is not None:
        audits = audits.filter(assigned_on__gte=programme.starts_on, assigned_on__lte=programme.ends_on)
    totals = audits.aggregate(
        assigned=Count("id"),
        done=Count("id", filter=Q(status=AuditStatus.MODERATED)),
        in_moderation=Count("id", filter=Q(status=AuditStatus.IN_MODERATION)),
        overdue=Count("id", filter=Q(status=AuditStatus.ASSIGNED, due_on__lt=today)),
    )
    grades = [g.value for g in Grade]
    by_team: dict[str, dict[str, int]] = {}
    for row in (audits.exclude(status=AuditStatus.ASSIGNED)
                .values("team__name", "overall_grade", "moderated_overall_grade").annotate(n=Count("id"))):
        team = by_team.setdefault(row["team__name"] or "Not allocated", dict.fromkeys(grades, 0))
        team[_final(row["moderated_overall_grade"], row["overall_grade"])] += row["n"]
    by_theme: dict[str, dict[str, int]] = {}
    for row in (AuditGrade.objects.filter(audit__in=audits.exclude(status=AuditStatus.ASSIGNED))
                .values("standard__name", "standard__order", "grade", "moderated_grade").annotate(n=Count("id"))
                .order_by("standard__order", "standard__name")):
        theme = by_theme.setdefault(row["standard__name"], dict.fromkeys(grades, 0))
        theme[_final(row["moderated_grade"], row["grade"])] += row["n"]
    learning = Action.objects.filter(audit__isnull=False, completed_on__isnull=True).aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    return {
        "programme": programme, "totals": totals,
        "remaining": max(0, programme.target - totals["done"]) if programme else None,
        "grades": [(g.value, g.label) for g in Grade],
        "by_team": sorted(by_team.items()), "by_theme": list(by_theme.items()),
        "learning": learning,
    }


def audits_visible_to(user, *, status: str = "", mine: bool = False) -> QuerySet[CaseAudit]:
    """Audits of children `user` may see; `mine`: only their own audits not yet moderated."""
    # Audited children are few: run the visibility rules over them only, not over every child.
    audited = CaseAudit.objects.values("child")
    qs = CaseAudit.objects.filter(child__in=children_visible_to(user).filter(pk__in=audited).values("pk"))
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(auditor=user).exclude(status=AuditStatus.MODERATED)
    return (qs.select_related("child", "child__allocated_team", "auditor", "moderator", "team")
            .order_by("due_on", "pk"))
