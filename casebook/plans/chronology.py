"""Plans, goals and reviews on the child's chronology."""

from django.urls import reverse

from casebook.core import chronology
from casebook.plans.models import Goal, Plan, PlanReview


def _by(record) -> str:
    return record.recorded_by.full_name if record.recorded_by else ""


def _url(plan) -> str:
    return reverse("plans:plan", args=[plan.child.casebook_id, plan.pk])


def plan_entries(child):
    for plan in Plan.objects.filter(child=child).select_related("child", "recorded_by", "finalised_by"):
        if plan.finalised_at:
            yield chronology.Entry(when=plan.finalised_at, kind="plan", title=f"{plan.get_kind_display()} finalised",
                                   by=plan.finalised_by.full_name if plan.finalised_by else "", url=_url(plan))


def goal_entries(child):
    for goal in Goal.objects.filter(plan__child=child).select_related("plan__child", "recorded_by"):
        yield chronology.Entry(when=goal.created_at, kind="plan-goal",
                               title=f"Goal added to the {goal.plan.get_kind_display().lower()}",
                               detail=goal.outcome, by=_by(goal), url=_url(goal.plan))


def review_entries(child):
    for review in PlanReview.objects.filter(plan__child=child).select_related("plan__child", "recorded_by"):
        flag = " (improving without evidence of change)" if review.improving_without_change else ""
        yield chronology.Entry(when=review.held_on, kind="plan-review",
                               title=f"Review of the {review.plan.get_kind_display().lower()}{flag}",
                               detail=review.summary, by=_by(review), url=_url(review.plan))


chronology.register("plan", "Plans finalised", plan_entries)
chronology.register("plan-goal", "Plan goals", goal_entries)
chronology.register("plan-review", "Plan reviews", review_entries)
