"""The leaders' overview: weekly figures over the last 12 months.

Each figure is computed for every week (Monday to Sunday) in one query (or one query plus a
pass over that week's rows), so the page costs the same whatever the size of the council.
A week's figure is about events *in* that week (contacts received, clocks due) or a count *at
the end* of it (children on a plan, cases held), as each definition says. Working-day rules
use casebook.core.workdays, so a week with a bank holiday has four working days, and a
contact received before a bank holiday has until the end of the next working day after it.

Figures whose records Casebook does not hold yet are listed with `available=False` and a reason,
so the page says plainly what it cannot show.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, Func, IntegerField, Q, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from casebook.core.workdays import add_working_days, end_of_working_day, is_working_day

WEEKS = 52


@dataclass
class Point:
    week: date  # the Monday
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass
class Figure:
    key: str
    label: str
    definition: str
    unit: str = "count"  # count | percent | number
    points: list[Point] = field(default_factory=list)
    available: bool = True
    unavailable_reason: str = ""
    reference: tuple[float, str] | None = None  # a published England figure, with its source
    children_link: bool = False  # a list of the children behind the latest week exists
    external_link: str | None = None
    note: str = ""
    # Rows of (label, count, percent) shown under the weekly table, e.g. a grade distribution.
    breakdown: list[tuple[str, int, float | None]] = field(default_factory=list)
    breakdown_caption: str = ""
    empty: str = "None due"  # what a week with no value shows (a rate with nothing to divide by)

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    """The Mondays of the last `weeks` weeks, oldest first, ending with the week containing `today`."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _week_end(monday: date) -> date:
    return monday + timedelta(days=6)


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class WeekIndex(Func):
    """The number of whole weeks from `start` (a Monday) to a date column: 0 for that week.

    TruncWeek on SQLite runs a Python function on every row (about 7 microseconds each, so
    hundreds of milliseconds over a year of clocks); date arithmetic runs inside the engine.
    Only used on rows on or after `start`, so truncating division is the floor."""

    output_field = IntegerField()

    def __init__(self, expression, start: date):
        super().__init__(expression, Value(start.isoformat()))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection,
                           template="CAST((julianday(%(expressions)s) - julianday(%(start)s)) / 7 AS INTEGER)",
                           **extra_context)

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        column_sql, column_params = compiler.compile(self.source_expressions[0])
        start_sql, start_params = compiler.compile(self.source_expressions[1])
        if template is None:  # PostgreSQL: date - date is a whole number of days
            template = "((%(expressions)s) - CAST(%(start)s AS date)) / 7"
        return template % {"expressions": column_sql, "start": start_sql}, (*column_params, *start_params)


def _by_week(weeks: list[date], rows) -> dict[date, list[int]]:
    """Sum rows of (week index, *counts) into {Monday: [counts...]}."""
    counts: dict[date, list[int]] = {}
    for index, *values in rows:
        if 0 <= index < len(weeks):
            into = counts.setdefault(weeks[index], [0] * len(values))
            for i, v in enumerate(values):
                into[i] += v
    return counts


def shown(point: Point, unit: str, empty: str = "None due") -> str:
    """A point's value as the page shows it: `empty` when there is none (the figure's words, e.g.
    "No referrals"), one decimal place at most, "%" after a percentage."""
    if point.value is None:
        return empty
    text = f"{point.value:.1f}"  # values are whole or rounded to one place already
    return f"{text.removesuffix('.0')}{'%' if unit == 'percent' else ''}"


def working_days_in(monday: date) -> int:
    return sum(1 for i in range(7) if is_working_day(monday + timedelta(days=i)))


def _percent_points(weeks: list[date], counts: dict[date, tuple[int, int]]) -> list[Point]:
    points = []
    for w in weeks:
        num, den = counts.get(w, (0, 0))
        points.append(Point(w, round(100 * num / den, 1) if den else None, num, den))
    return points


# ---- Front door ---------------------------------------------------------------------------

def contacts(weeks: list[date]) -> list[Point]:
    """Contacts received in the week (front_door.Contact.received_at)."""
    from casebook.front_door.models import Contact

    rows = (Contact.objects.filter(received_at__gte=_start_of(weeks[0]), received_at__lt=_start_of(weeks[-1] + timedelta(7)))
            .annotate(week=TruncWeek("received_at")).values("week").annotate(n=Count("id")).values_list("week", "n"))
    counts = defaultdict(int)
    for week, n in rows:
        counts[_as_date(week)] += n
    return [Point(w, counts.get(w, 0)) for w in weeks]


def decision_deadline(received_at: datetime) -> datetime:
    """The end of the first working day after the day the contact arrived (a contact received on
    the Thursday before Good Friday has until the end of the Tuesday after Easter Monday)."""
    return end_of_working_day(add_working_days(timezone.localtime(received_at).date(), 1))


def decisions_within_one_working_day(weeks: list[date]) -> list[Point]:
    """Of the contacts decided in the week, the share decided by the end of the next working day
    after the day they were received (Working Together 2023: a decision within 1 working day)."""
    from casebook.front_door.models import Contact

    rows = Contact.objects.filter(decided_at__gte=_start_of(weeks[0]),
                                  decided_at__lt=_start_of(weeks[-1] + timedelta(7))).values_list("received_at", "decided_at")
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    deadlines: dict[date, datetime] = {}
    for received_at, decided_at in rows:
        day = timezone.localtime(received_at).date()
        if day not in deadlines:
            deadlines[day] = decision_deadline(received_at)
        decided_day = timezone.localtime(decided_at).date()
        week = decided_day - timedelta(days=decided_day.weekday())
        counts[week][1] += 1
        counts[week][0] += decided_at <= deadlines[day]
    return _percent_points(weeks, {w: tuple(v) for w, v in counts.items()})


def waiting_for_allocation(weeks: list[date]) -> list[Point]:
    """Children waiting for allocation at the end of the week: the threshold decision (child in
    need or child protection) was signed off and the child had no worker yet."""
    from casebook.front_door.models import SOCIAL_CARE_OUTCOMES, ContactChild

    ends = [_start_of(w + timedelta(7)) for w in weeks]
    aggregates = {
        f"w{i}": Count("id", filter=Q(contact__signed_off_at__lt=end) & (Q(allocated_at__isnull=True) | Q(allocated_at__gte=end)))
        for i, end in enumerate(ends)
    }
    result = (ContactChild.objects.filter(contact__outcome__in=SOCIAL_CARE_OUTCOMES, contact__signed_off_at__isnull=False)
              .filter(Q(allocated_at__isnull=True) | Q(allocated_at__gte=_start_of(weeks[0] + timedelta(7))))
              .aggregate(**aggregates))
    return [Point(w, result[f"w{i}"]) for i, w in enumerate(weeks)]


# ---- Referrals (episodes) ------------------------------------------------------------------

def _referral_counts(weeks: list[date]) -> dict[date, tuple[int, int]]:
    from casebook.episodes.models import Referral

    rows = (Referral.objects.filter(referral_date__gte=weeks[0], referral_date__lte=_week_end(weeks[-1]))
            .annotate(week=WeekIndex("referral_date", weeks[0])).values("week")
            .annotate(n=Count("id"), re=Count("id", filter=Q(is_re_referral=True))).order_by()
            .values_list("week", "re", "n"))
    return {w: tuple(v) for w, v in _by_week(weeks, rows).items()}


def referrals(weeks: list[date], counts: dict | None = None) -> list[Point]:
    """Referrals with a referral date in the week (CIN census: referrals)."""
    counts = _referral_counts(weeks) if counts is None else counts
    return [Point(w, counts.get(w, (0, 0))[1]) for w in weeks]


def re_referral_rate(weeks: list[date], counts: dict | None = None) -> list[Point]:
    """Of the referrals in the week, the share within 12 months of a previous referral
    (CIN census definition; England 22.4% in 2023-24)."""
    return _percent_points(weeks, _referral_counts(weeks) if counts is None else counts)


# ---- Clocks -----------------------------------------------------------------------------------

def clocks_met(items: tuple[str, ...], weeks: list[date], today: date) -> list[Point]:
    """Of the clocks for `items` due in the week, the share done by their due date (or due moment,
    for clocks counted in hours). Clocks still open and not yet due are left out; cancelled
    clocks are left out."""
    from django.db.models import F

    from casebook.clocks.models import Clock

    met = (Q(completed_on__isnull=False) & Q(due_at__isnull=True) & Q(completed_on__lte=F("due_on"))) | (
        Q(due_at__isnull=False) & Q(completed_at__isnull=False) & Q(completed_at__lte=F("due_at")))
    pending = Q(completed_on__isnull=True) & Q(due_on__gte=today)
    rows = (Clock.objects.filter(item__in=items, cancelled=False, due_on__gte=weeks[0], due_on__lte=_week_end(weeks[-1]))
            .exclude(pending).annotate(week=WeekIndex("due_on", weeks[0])).values("week")
            .annotate(n=Count("id"), met=Count("id", filter=met)).order_by().values_list("week", "met", "n"))
    return _percent_points(weeks, {w: tuple(v) for w, v in _by_week(weeks, rows).items()})


# ---- Child protection -----------------------------------------------------------------------

def _cp_aggregates(weeks: list[date]) -> dict:
    """Plans open, open over 15 months, new and repeat, per week (CIN census CPP definitions).

    Open at the end of week i = plans started by then minus plans ended by then (a plan ends on or
    after its start: a check constraint), so one count grouped by week started and week ended
    replaces four filtered counts per week over every row. Plans open 15 months are few, so only
    they are counted week by week."""
    from casebook.child_protection.models import CPPlan

    first, last = weeks[0], _week_end(weeks[-1])
    before, after = -1, len(weeks)
    # One row per (week started, week ended, repeat): weeks before the window are -1, after it len(weeks).
    # Plans that ended before the first week add one start and one end before it, which cancel:
    # leaving them out changes no figure and spares reading every plan the council ever made.
    rows = (CPPlan.objects.filter(start_date__lte=last).filter(Q(end_date__isnull=True) | Q(end_date__gte=first)).order_by()
            .annotate(started=Case(When(start_date__lt=first, then=Value(before)),
                                   default=WeekIndex("start_date", first)),
                      ended=Case(When(end_date__isnull=True, then=Value(after)),
                                 When(end_date__lt=first, then=Value(before)),
                                 When(end_date__gt=last, then=Value(after)),
                                 default=WeekIndex("end_date", first)),
                      repeat=Case(When(previous_plans__gt=0, then=Value(1)), default=Value(0)))
            .values("started", "ended", "repeat").annotate(n=Count("id")).values_list("started", "ended", "repeat", "n"))
    starts, repeats, ends = [0] * (len(weeks) + 1), [0] * len(weeks), [0] * (len(weeks) + 2)
    for started_in, ended_in, repeat, n in rows:
        starts[started_in + 1] += n  # shifted by one so that index 0 holds the plans started before
        ends[ended_in + 1] += n
        if started_in >= 0 and repeat:
            repeats[started_in] += n
    long_aggregates = {}
    for i, w in enumerate(weeks):
        end = _week_end(w)
        long_aggregates[f"long{i}"] = Count("id", filter=Q(start_date__lte=end - relativedelta(months=15))
                                            & (Q(end_date__isnull=True) | Q(end_date__gt=end)))
    result = (CPPlan.objects.filter(start_date__lte=last - relativedelta(months=15))
              .filter(Q(end_date__isnull=True) | Q(end_date__gt=_week_end(first))).aggregate(**long_aggregates))
    on_plan = starts[0] - ends[0]
    for i in range(len(weeks)):
        on_plan += starts[i + 1] - ends[i + 1]
        result.update({f"on{i}": on_plan, f"new{i}": starts[i + 1], f"repeat{i}": repeats[i]})
    return result


# ---- Workforce --------------------------------------------------------------------------------

def _workforce_points(weeks: list[date]) -> tuple[list[Point], list[Point]]:
    """(average caseload, agency rate) at the end of each week."""
    from casebook.children.models import Allocation
    from casebook.workforce.models import CASE_HOLDING_CENSUS_ROLES
    from casebook.workforce.selectors import census_staff_facts

    staff = census_staff_facts()
    ends = [_start_of(w + timedelta(7)) for w in weeks]
    # An allocation counts at the end of week i when it started before then and had not ended:
    # from the first week whose end is after it started up to, not including, the first week whose
    # end is after it ended. Grouping by those two weeks is one pass, not a filtered count per week.
    def first_week_ending_after(column):
        # Open allocations first: a NULL would otherwise be compared with every week's end.
        return Case(When(**{f"{column}__isnull": True}, then=Value(len(ends))),
                    *(When(**{f"{column}__lt": end}, then=Value(i)) for i, end in enumerate(ends)),
                    default=Value(len(ends)), output_field=IntegerField())

    spans = (Allocation.objects.filter(worker__isnull=False, started_at__lt=ends[-1])
             .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=ends[0])).order_by()
             .annotate(first=first_week_ending_after("started_at"), stop=first_week_ending_after("ended_at"))
             .values("first", "stop", "worker").annotate(n=Count("id")).values_list("first", "stop", "worker", "n"))
    in_post_by_week = []
    for w in weeks:
        end = _week_end(w)
        in_post_by_week.append([p for p in staff if p.started_on <= end and (p.left_on is None or p.left_on > end)])
    # As the census counts them (figures.census_figures): cases held by case holders in post, so
    # children allocated to a MASH worker or a manager are not divided by case holders' FTE.
    holders_by_week = [{p.user_id for p in in_post if p.census_role in CASE_HOLDING_CENSUS_ROLES}
                       for in_post in in_post_by_week]
    cases = [0] * len(ends)
    for first, stop, worker, n in spans:
        for i in range(first, stop):
            if worker in holders_by_week[i]:
                cases[i] += n
    caseload, agency = [], []
    for i, w in enumerate(weeks):
        in_post = in_post_by_week[i]
        holder_fte = sum((Decimal(p.fte) for p in in_post if p.census_role in CASE_HOLDING_CENSUS_ROLES), Decimal(0))
        total_fte = sum((Decimal(p.fte) for p in in_post), Decimal(0))
        agency_fte = sum((Decimal(p.fte) for p in in_post if p.is_agency), Decimal(0))
        n = cases[i]
        caseload.append(Point(w, round(float(n / holder_fte), 1) if holder_fte else None, n, None))
        agency.append(Point(w, round(float(100 * agency_fte / total_fte), 1) if total_fte else None))
    return caseload, agency


# ---- Case file audits --------------------------------------------------------------------------

def audit_grade_counts(weeks: list[date]) -> dict[date, dict[str, int]]:
    """Case file audits completed in each week, counted by final grade: {Monday: {grade: n}}.

    An audit is completed when a second auditor has moderated it (oversight: the grade is then
    agreed; audits still in moderation are left out), on the day of moderation; its grade is the
    moderated overall grade where the moderator changed it, else the auditor's (Ofsted's
    four-point scale). One query.
    """
    from casebook.oversight.models import AuditStatus, CaseAudit

    rows = (CaseAudit.objects.filter(status=AuditStatus.MODERATED, moderated_on__gte=weeks[0],
                                     moderated_on__lte=_week_end(weeks[-1]))
            .annotate(week=WeekIndex("moderated_on", weeks[0])).values("week", "overall_grade", "moderated_overall_grade")
            .annotate(n=Count("id")).order_by())
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[weeks[row["week"]]][row["moderated_overall_grade"] or row["overall_grade"]] += row["n"]
    return {w: dict(grades) for w, grades in counts.items()}


def _audit_figures(weeks: list[date], counts: dict[date, dict[str, int]]):
    """(audits completed per week, the spread of their grades over all the weeks)."""
    from casebook.oversight.models import Grade

    per_grade: dict[str, int] = defaultdict(int)
    for grades in counts.values():
        for grade, n in grades.items():
            per_grade[grade] += n
    total = sum(per_grade.values())
    spread = [(grade.label, per_grade.get(grade.value, 0),
               round(100 * per_grade.get(grade.value, 0) / total, 1) if total else None) for grade in Grade]
    return [Point(w, sum(counts.get(w, {}).values())) for w in weeks], spread


def audits_completed(weeks: list[date]) -> tuple[list[Point], list[tuple[str, int, float | None]]]:
    """Case file audits completed in each week (see audit_grade_counts) and the spread of their
    grades over all the weeks."""
    return _audit_figures(weeks, audit_grade_counts(weeks))


# ---- The page ---------------------------------------------------------------------------------

VISIT_ITEMS = ("cp_visit_10wd", "cin_visit_20wd", "lac_visit_after_placement", "lac_visit_first_year",
               "lac_visit_long_term")
CLOCK_FIGURES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "assessments-45wd": ("Assessments within 45 working days", ("assessment_45wd",),
                         "Of the child and family assessments due in the week, the share completed within 45 working "
                         "days of the referral (Working Together 2023). Open assessments not yet due are left out."),
    "icpc-15wd": ("Initial child protection conferences within 15 working days", ("icpc_15wd",),
                  "Of the ICPCs due in the week, the share held within 15 working days of the strategy discussion "
                  "(Working Together 2023)."),
    "visits": ("Visits in timescale", VISIT_ITEMS,
               "Of the statutory visits due in the week (child protection, child in need and looked-after visits), "
               "the share made by their due date."),
    "rhi-72h": ("Return interviews offered within 72 hours", ("missing_return_interview",),
                "Of the return home interviews due in the week, the share offered within 72 hours of the child's "
                "return (statutory guidance on children who run away or go missing, 2014)."),
}


def weekly_points(mondays: list[date], today: date) -> tuple[dict[str, list[Point]], dict[date, dict[str, int]]]:
    """Every figure's points for the consecutive weeks `mondays`, and the audits' grade counts per
    week: the computation behind the page, for all 52 weeks or any run of them (snapshots.py
    stores the completed weeks and computes only the current one live)."""
    referral_counts = _referral_counts(mondays)  # both referral figures come from the one query
    points = {
        "contacts": contacts(mondays),
        "contact-decisions-1wd": decisions_within_one_working_day(mondays),
        "referrals": referrals(mondays, referral_counts),
        "re-referrals": re_referral_rate(mondays, referral_counts),
    }
    for key, (_, items, _) in CLOCK_FIGURES.items():
        points[key] = clocks_met(items, mondays, today)
    cp = _cp_aggregates(mondays)
    points["cp-plans"] = [Point(w, cp[f"on{i}"]) for i, w in enumerate(mondays)]
    points["cp-repeat"] = _percent_points(mondays, {w: (cp[f"repeat{i}"], cp[f"new{i}"]) for i, w in enumerate(mondays)})
    points["cp-over-15-months"] = [Point(w, cp[f"long{i}"]) for i, w in enumerate(mondays)]
    points["waiting-for-allocation"] = waiting_for_allocation(mondays)
    points["average-caseload"], points["agency-rate"] = _workforce_points(mondays)
    return points, audit_grade_counts(mondays)


def build_figures(mondays: list[date], points: dict[str, list[Point]],
                  audit_grades: dict[date, dict[str, int]]) -> list[Figure]:
    """The page's figures, with their definitions, from weekly_points' results for `mondays`."""
    figures = [
        Figure("contacts", "Contacts", "Contacts received by the front door in the week.", points=points["contacts"]),
        Figure("contact-decisions-1wd", "Contact decisions within 1 working day",
               "Of the contacts decided in the week, the share decided by the end of the next working day after the "
               "day the contact arrived. Weekends and bank holidays are not working days.", unit="percent",
               points=points["contact-decisions-1wd"], empty="No decisions"),
        Figure("referrals", "Referrals", "Referrals to children's social care with a referral date in the week.",
               points=points["referrals"]),
        Figure("re-referrals", "Re-referral rate",
               "Of the referrals in the week, the share within 12 months of a previous referral for the same child "
               "(CIN census definition).", unit="percent", points=points["re-referrals"], empty="No referrals",
               reference=(22.4, "England 2023-24: 22.4%")),
    ]
    for key, (label, _, definition) in CLOCK_FIGURES.items():
        figures.append(Figure(key, label, definition, unit="percent", points=points[key], children_link=True))
    figures += [
        Figure("cp-plans", "Children on child protection plans",
               "Children on a child protection plan at the end of the week.", points=points["cp-plans"]),
        Figure("cp-repeat", "Child protection plans that are repeat plans",
               "Of the child protection plans starting in the week, the share for a child who had been on a plan "
               "before (CIN census: second or subsequent plan).", unit="percent", points=points["cp-repeat"], empty="No new plans"),
        Figure("cp-over-15-months", "Child protection plans open over 15 months",
               "Children whose current child protection plan had lasted more than 15 months at the end of the week.",
               points=points["cp-over-15-months"], children_link=True),
        Figure("waiting-for-allocation", "Children waiting for allocation",
               "Children whose threshold decision (child in need or child protection) was signed off and who had no "
               "allocated worker at the end of the week.", points=points["waiting-for-allocation"]),
        Figure("average-caseload", "Average caseload",
               "Children allocated to case-holding staff in post (case holders and senior practitioners) at the end "
               "of the week, divided by those staff's full-time equivalent (FTE): the DfE workforce census measure, "
               "as on the census figures page. Children allocated to MASH workers or managers are not counted.", unit="number", points=points["average-caseload"], empty="No case holders", reference=(16.0, "England 2023: 16.0")),
        Figure("agency-rate", "Agency rate",
               "Agency workers' FTE as a share of all social work FTE in post at the end of the week.",
               unit="percent", points=points["agency-rate"], reference=(17.8, "England 2023: 17.8%"),
               empty="No staff in post"),
    ]
    audit_points, grade_spread = _audit_figures(mondays, audit_grades)
    figures.append(Figure(
        "audits", "Case file audits and grades",
        "Case file audits completed in the week: graded by an auditor and moderated by a second auditor. The grades "
        "table gives the spread of the final overall grades (the moderator's where they changed it) of every audit "
        "completed in the 12 months.", points=audit_points, breakdown=grade_spread,
        breakdown_caption="Grades of the case file audits completed in the last 12 months"))
    return figures


def overview(*, today: date | None = None, weeks: int = WEEKS) -> list[Figure]:
    """Every figure on the leaders' overview for the last `weeks` weeks, all computed live."""
    today = today or timezone.localdate()
    mondays = week_starts(today, weeks)
    return build_figures(mondays, *weekly_points(mondays, today))


CHILDREN_BEHIND_LIMIT = 500  # children_behind lists at most this many


def children_behind(*, key: str, user, week: date, today: date | None = None):
    """The children behind a figure for one week, limited to those `user` may see: clocks missed
    (for a timescale figure) or plans over 15 months at the end of the week, at most
    CHILDREN_BEHIND_LIMIT of them."""
    from django.db.models import F

    from casebook.access_audit.rules import children_visible_to
    from casebook.clocks.models import Clock

    today = today or timezone.localdate()
    visible = children_visible_to(user)
    end = _week_end(week)
    if key in CLOCK_FIGURES:
        items = CLOCK_FIGURES[key][1]
        missed = (Clock.objects.filter(item__in=items, cancelled=False, due_on__gte=week, due_on__lte=end,
                                       child__in=visible)
                  .filter(Q(completed_on__isnull=True, due_on__lt=today) | Q(completed_on__gt=F("due_on"))
                          | Q(due_at__isnull=False, completed_at__gt=F("due_at")))
                  .select_related("child", "child__allocated_worker").order_by("due_on", "pk"))
        from casebook.clocks import timescales

        return [{"child": c.child, "detail": f"{timescales.get(c.item).label}: due {c.due_on.day} {c.due_on:%B %Y}"}
                for c in missed[:CHILDREN_BEHIND_LIMIT]]
    if key == "cp-over-15-months":
        from casebook.child_protection.models import CPPlan

        plans = (CPPlan.objects.filter(start_date__lte=end - relativedelta(months=15), child__in=visible)
                 .filter(Q(end_date__isnull=True) | Q(end_date__gt=end))
                 .select_related("child", "child__allocated_worker").order_by("start_date", "pk"))
        return [{"child": p.child, "detail": f"Plan since {p.start_date.day} {p.start_date:%B %Y}"}
                for p in plans[:CHILDREN_BEHIND_LIMIT]]
    raise KeyError(key)


CHILDREN_BEHIND_KEYS = (*CLOCK_FIGURES, "cp-over-15-months")
# The figures an improvement-plan recommendation can be linked to.
FIGURE_CHOICES = [
    ("contacts", "Contacts"), ("contact-decisions-1wd", "Contact decisions within 1 working day"),
    ("referrals", "Referrals"), ("re-referrals", "Re-referral rate"),
    *((key, label) for key, (label, _, _) in CLOCK_FIGURES.items()),
    ("cp-plans", "Children on child protection plans"), ("cp-repeat", "Child protection plans that are repeat plans"),
    ("cp-over-15-months", "Child protection plans open over 15 months"),
    ("waiting-for-allocation", "Children waiting for allocation"), ("average-caseload", "Average caseload"),
    ("agency-rate", "Agency rate"), ("audits", "Case file audits and grades"),
]
