"""Reads for plan goals, progress and quality. Child pages reach a child through
access_audit.decorators.child_page; lists across children are scoped by children_visible_to."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from casebook.access_audit.rules import children_visible_to
from casebook.plans import quality
from casebook.plans.models import Goal, GoalAction, GoalProgress, Plan, PlanKind, PlanReview


def child_names(child) -> list[str]:
    return [child.known_as, child.first_names.split()[0] if child.first_names else ""]


@dataclass
class PlanDocument:
    """A plan document on the Plans tab: the owning record, and its goals record if it has one."""
    kind: str
    label: str
    record: object
    started_on: object
    ended_on: object
    plan: Plan | None


def plan_documents_for_child(child) -> list[PlanDocument]:
    """Every CP, CIN, care and pathway plan the child has had, newest first (a fixed number of queries)."""
    from casebook.child_protection.models import CPPlan
    from casebook.children_in_need.models import CINPlan
    from casebook.looked_after.models import CareLeaver, CarePlan

    by_link = {}
    for plan in Plan.objects.filter(child=child):
        key = plan.cp_plan_id or plan.cin_plan_id or plan.care_plan_id or plan.care_leaver_id
        by_link[(plan.kind, key)] = plan
    docs = [PlanDocument(PlanKind.CP, "Child protection plan", p, p.start_date, p.end_date, by_link.get(("cp", p.pk)))
            for p in CPPlan.objects.filter(child=child)]
    docs += [PlanDocument(PlanKind.CIN, "Child in need plan", p, p.start_date, p.end_date, by_link.get(("cin", p.pk)))
             for p in CINPlan.objects.filter(child=child)]
    docs += [PlanDocument(PlanKind.CARE, "Care plan", p, p.agreed_on, None, by_link.get(("care", p.pk)))
             for p in CarePlan.objects.filter(child=child)]
    docs += [PlanDocument(PlanKind.PATHWAY, "Pathway plan", p, p.pathway_plan_on, None,
                          by_link.get(("pathway", p.pk)))
             for p in CareLeaver.objects.filter(child=child, pathway_plan_on__isnull=False)]
    return sorted(docs, key=lambda d: d.started_on, reverse=True)


def concrete_record(child, kind: str, record_id: int):
    """The child's own CP/CIN/care/pathway record of `kind`, or None."""
    from casebook.child_protection.models import CPPlan
    from casebook.children_in_need.models import CINPlan
    from casebook.looked_after.models import CareLeaver, CarePlan

    model = {PlanKind.CP: CPPlan, PlanKind.CIN: CINPlan, PlanKind.CARE: CarePlan, PlanKind.PATHWAY: CareLeaver}.get(kind)
    return model.objects.filter(child=child, pk=record_id).first() if model else None


def plan_for_child(child, plan_id: int) -> Plan | None:
    return (Plan.objects.filter(child=child, pk=plan_id)
            .select_related("cp_plan", "cin_plan", "care_plan", "care_leaver", "finalised_by", "recorded_by").first())


def goal_for_plan(plan: Plan, goal_id: int) -> Goal | None:
    return plan.goals.filter(pk=goal_id).first()


def goals_for_plan(plan: Plan) -> list[Goal]:
    """The plan's goals with their actions, progress and the visits whose child's words informed them."""
    return list(plan.goals.prefetch_related(
        Prefetch("actions", queryset=GoalAction.objects.order_by("due_on", "pk")),
        Prefetch("progress", queryset=GoalProgress.objects.select_related("review").order_by("review__held_on", "pk")),
        "informed_by_visits",
    ))


@dataclass
class ScoreTable:
    reviews: list = field(default_factory=list)  # PlanReview, oldest first
    rows: list = field(default_factory=list)  # (number, goal, [score or None per review])


def score_table(goals: list[Goal], reviews: list[PlanReview]) -> ScoreTable:
    """Each goal's score at each review, oldest review first, from the prefetched progress."""
    ordered = sorted(reviews, key=lambda r: (r.held_on, r.pk))
    rows = []
    for number, goal in enumerate(goals, start=1):
        by_review = {p.review_id: p.score for p in goal.progress.all()}
        rows.append((number, goal, [by_review.get(r.pk) for r in ordered]))
    return ScoreTable(reviews=ordered, rows=rows)


def reviews_for_plan(plan: Plan) -> list[PlanReview]:
    return list(plan.reviews.select_related("recorded_by"))


@dataclass
class PlanWithQuality:
    plan: Plan
    quality: quality.Quality
    gaps: list[str]
    flagged_reviews: int


def plans_with_quality_gaps(user, *, only_gaps: bool = True, limit: int = 500) -> list[PlanWithQuality]:
    """Open plans of children `user` may see whose goals are incomplete or not child-centred, or whose
    latest review said "improving" without any rise in scores. For team managers (Ofsted ILACS:
    plans without measurable, child-centred outcomes). A fixed number of queries."""
    flagged = PlanReview.objects.filter(plan=OuterRef("pk"), improving_without_change=True)
    # The visibility rules run only over children with a plan, not every child of the council.
    plans = (Plan.objects.filter(child__in=children_visible_to(user).filter(pk__in=Plan.objects.values("child")))
             .select_related("child", "child__allocated_worker", "cp_plan", "cin_plan")
             .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("pk")))
             .annotate(has_flag=Exists(flagged))
             .order_by("started_on", "pk"))
    result = []
    for plan in plans[:limit]:
        if not plan.is_open:
            continue
        goals = list(plan.goals.all())
        q = quality.plan_quality(goals, child_names=child_names(plan.child))
        gaps = quality.finalisation_gaps(goals)
        if only_gaps and not (q.has_gaps or plan.has_flag):
            continue
        result.append(PlanWithQuality(plan=plan, quality=q, gaps=gaps, flagged_reviews=int(plan.has_flag)))
    return result


def open_goals_for_child(child) -> QuerySet[Goal]:
    """Goals on the child's plans, for linking a visit's words or actions to the goal they inform."""
    return (Goal.objects.filter(plan__child=child).exclude(outcome="")
            .select_related("plan").order_by("-plan__started_on", "pk"))
