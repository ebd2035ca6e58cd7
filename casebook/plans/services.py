"""Writes for plan goals, their actions, finalisation and progress reviews.

Sources: Working Together to Safeguard Children 2023 (the child protection plan sets out
outcomes, what needs to change and by when, who is responsible); the Children Act 1989 guidance
vol 2 (care plans) and CPPCR 2010 reg 5 and Schedule 1; the Care Leavers (England) Regulations
2010 (pathway plans); Signs of Safety scaling (0 to 10) for progress. Every function raises a
ValidationError in GOV.UK words naming the rule and leaves nothing saved half-way.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.core.concurrency import save_if_unchanged
from casebook.plans import quality
from casebook.plans.models import Goal, GoalAction, GoalProgress, GoalStatus, Plan, PlanKind, PlanReview
from casebook.core.templatetags.govuk import ukdate

GOAL_FIELDS = ["outcome", "measure", "target_date", "owner"]
# The one wording for a score that is missing a number, not whole, or outside the scale.
SCORE_RANGE = "Score for goal {number} must be a whole number between 0 and 10"


def _source_for(kind: str, record) -> tuple[str, date]:
    """The link field and the start date of the record that owns a plan of `kind`."""
    if kind == PlanKind.CP:
        return "cp_plan", record.start_date
    if kind == PlanKind.CIN:
        return "cin_plan", record.start_date
    if kind == PlanKind.CARE:
        return "care_plan", record.agreed_on
    if kind == PlanKind.PATHWAY:
        if record.pathway_plan_on is None:
            raise ValidationError("Record the date of the pathway plan before setting its goals")
        return "care_leaver", record.pathway_plan_on
    raise ValidationError("Select the type of plan")


@transaction.atomic
@transaction.atomic
def plan_for_record(*, kind: str, record, acting_user) -> Plan:
    """The goals record for a CP, CIN, care or pathway plan, created the first time it is needed."""
    field, started_on = _source_for(kind, record)
    if kind == PlanKind.CP:  # a correction may be removing the CP plan at this moment
        from casebook.child_protection.services import lock_plan

        lock_plan(record)
    plan, created = Plan.objects.get_or_create(
        **{field: record}, defaults={"child": record.child, "kind": kind, "started_on": started_on,
                                     "recorded_by": acting_user})
    return plan


def _check_open(plan: Plan) -> None:
    if not plan.is_open:
        raise ValidationError(f"The plan ended on {ukdate(plan.ended_on)}: it cannot be changed")


def _check_target(plan: Plan, target_date: date | None) -> None:
    if target_date is not None and target_date < plan.started_on:
        raise ValidationError({"target_date": "Target date must be on or after the date the plan started "
                                              f"({ukdate(plan.started_on)})"})


@transaction.atomic
def goal_add(*, plan: Plan, outcome: str, measure: str = "", target_date: date | None = None, owner: str = "",
             acting_user) -> Goal:
    """Add a goal. Parts may be left for later, but the plan cannot be finalised until every goal has
    an outcome, a measure, a target date and an owner (see quality.finalisation_gaps)."""
    _check_open(plan)
    _check_target(plan, target_date)
    goal = Goal(plan=plan, outcome=outcome.strip(), measure=measure.strip(), target_date=target_date,
                owner=owner.strip(), recorded_by=acting_user)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal: Goal, read_version: int, outcome: str, measure: str, target_date: date | None, owner: str,
                acting_user) -> Goal:
    """Change a goal; refused (ConcurrentEditError) if someone else saved it since it was read."""
    _check_open(goal.plan)
    _check_target(goal.plan, target_date)
    goal.outcome, goal.measure, goal.target_date, goal.owner = outcome.strip(), measure.strip(), target_date, owner.strip()
    goal._history_user = acting_user
    goal.full_clean()
    save_if_unchanged(goal, read_version=read_version, fields=GOAL_FIELDS)
    return goal


@transaction.atomic
def goal_action_add(*, goal: Goal, action: str, owner: str, due_on: date, acting_user) -> GoalAction:
    """Add an action toward a goal, with who will do it and by when."""
    _check_open(goal.plan)
    if due_on < goal.plan.started_on:
        raise ValidationError({"due_on": "Due date must be on or after the date the plan started "
                                         f"({ukdate(goal.plan.started_on)})"})
    item = GoalAction(goal=goal, action=action.strip(), owner=owner.strip(), due_on=due_on, recorded_by=acting_user)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_finalise(*, plan: Plan, acting_user) -> Plan:
    """Finalise the plan. Refused while any goal lacks an outcome, a measure, a target date or an
    owner; the error lists exactly what is missing, goal by goal."""
    _check_open(plan)
    if plan.is_finalised:
        raise ValidationError("This plan has already been finalised")
    gaps = quality.finalisation_gaps(plan.goals.all())
    if gaps:
        raise ValidationError(gaps)
    plan.finalised_at, plan.finalised_by = timezone.now(), acting_user
    plan._history_user = acting_user
    plan.save(update_fields=["finalised_at", "finalised_by", "updated_at"])
    return plan


@transaction.atomic
def plan_review_record(*, plan: Plan, held_on: date, improving: bool, progress: dict[int, dict],
                       child_views: str = "", summary: str = "", acting_user) -> PlanReview:
    """Record a review of the plan: each goal's status, a 0-10 score (Signs of Safety scaling) and
    the evidence. `progress` maps goal id to {"status", "score", "evidence"}. Refused for a closed or
    unfinalised plan, a date before the plan started or in the future, a score outside 0-10, or a goal
    left out. The review is flagged when it says "improving" but no goal's score rose."""
    errors: dict[str, str] = {}
    if not plan.is_open:
        errors["__all__"] = f"The plan ended on {ukdate(plan.ended_on)}: a closed plan cannot be reviewed"
    elif not plan.is_finalised:
        errors["__all__"] = "Finalise the plan before reviewing it"
    if held_on < plan.started_on:
        errors["held_on"] = f"Date of the review must be on or after the date the plan started ({ukdate(plan.started_on)})"
    elif held_on > timezone.localdate():
        errors["held_on"] = "Date of the review must be today or in the past"
    else:
        last = plan.reviews.order_by("-held_on").first()
        if last and held_on < last.held_on:
            errors["held_on"] = f"Date of the review must be on or after the last review ({ukdate(last.held_on)})"
    goals = list(plan.goals.all())
    for number, goal in enumerate(goals, start=1):
        entry = progress.get(goal.pk)
        if not entry or not entry.get("status"):
            errors[f"status_{goal.pk}"] = f"Select the status of goal {number}"
        elif entry["status"] not in GoalStatus.values:
            errors[f"status_{goal.pk}"] = f"Select the status of goal {number}"
        score = entry.get("score") if entry else None
        if score is None:
            errors[f"score_{goal.pk}"] = f"Enter a score for goal {number}"
        elif not 0 <= score <= 10:
            errors[f"score_{goal.pk}"] = SCORE_RANGE.format(number=number)
        if not entry or not (entry.get("evidence") or "").strip():
            errors[f"evidence_{goal.pk}"] = f"Enter the evidence for goal {number}'s score"
    if errors:
        raise ValidationError(errors)

    previous = _latest_scores(plan)
    scores = {g.pk: progress[g.pk]["score"] for g in goals}
    achieved = {g.pk for g in goals if progress[g.pk]["status"] == GoalStatus.ACHIEVED and g.status != GoalStatus.ACHIEVED}
    review = PlanReview(plan=plan, held_on=held_on, improving=improving, child_views=child_views.strip(),
                        summary=summary.strip(), recorded_by=acting_user,
                        improving_without_change=quality.improving_without_change(
                            improving=improving, scores=scores, previous=previous, achieved=achieved))
    review.full_clean()
    review.save()
    rows = [GoalProgress(review=review, goal=g, status=progress[g.pk]["status"], score=scores[g.pk],
                         evidence=progress[g.pk]["evidence"].strip()) for g in goals]
    for row in rows:
        row.full_clean(exclude=["review"])
    GoalProgress.objects.bulk_create(rows)
    for goal in goals:
        if goal.status != progress[goal.pk]["status"]:
            goal.status = progress[goal.pk]["status"]
            goal._history_user = acting_user
            goal.save(update_fields=["status", "updated_at"])
    return review


def _latest_scores(plan: Plan) -> dict[int, int]:
    """Each goal's score at the most recent earlier review."""
    latest: dict[int, int] = {}
    for row in GoalProgress.objects.filter(review__plan=plan).order_by("review__held_on", "review_id"):
        latest[row.goal_id] = row.score
    return latest
