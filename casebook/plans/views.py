"""Pages for plan goals: the child's Plans tab, a plan's goals and progress, adding and editing
goals and actions, finalising, reviews, and the team managers' list of plans with quality gaps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.decorators import child_page, role_page
from casebook.accounts.models import MANAGER_ROLES
from casebook.core.forms import call_service
from casebook.plans import charts, forms, quality, selectors, services
from casebook.plans.models import PlanKind
from casebook.core.templatetags.govuk import ukdate


def _plan_url(plan) -> str:
    return reverse("plans:plan", args=[plan.child.casebook_id, plan.pk])


def _plan_or_404(child, plan_id):
    plan = selectors.plan_for_child(child, plan_id)
    if plan is None:
        raise Http404
    return plan


def _form_page(request, child, plan, form, heading, button, **extra):
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": heading, "button": button, "back_url": _plan_url(plan),
        "facts": [("Plan", str(plan))], **extra})


@child_page("plans")
def plan_list(request, child):
    return render(request, "plans/list.html", {"child": child, "documents": selectors.plan_documents_for_child(child)})


@child_page("plan-open")
def plan_open(request, child, kind: str, record_id: int):
    """Open (creating the first time, on POST) the goals record for one of the child's plans."""
    if request.method != "POST":
        return redirect("plans:list", child.casebook_id)
    if kind not in PlanKind.values:
        raise Http404
    record = selectors.concrete_record(child, kind, record_id)
    if record is None:
        raise Http404
    try:
        plan = services.plan_for_record(kind=kind, record=record, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:list", child.casebook_id)
    return redirect(_plan_url(plan))


@child_page("plan")
def plan_detail(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    goals = selectors.goals_for_plan(plan)
    reviews = selectors.reviews_for_plan(plan)
    names = selectors.child_names(child)
    table = selectors.score_table(goals, reviews)
    today = timezone.localdate()
    return render(request, "plans/plan.html", {
        "child": child, "plan": plan, "reviews": reviews, "table": table, "chart": charts.score_chart(table),
        "goals": [(n, g, quality.missing_parts(g), quality.child_centred_flags(g.outcome, child_names=names),
                   quality.past_target(g, today=today)) for n, g in enumerate(goals, start=1)],
        "gaps": quality.finalisation_gaps(goals), "quality": quality.plan_quality(goals, child_names=names),
    })


@child_page("plan-goal-add")
def goal_add(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    form = forms.GoalForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.goal_add(plan=plan, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Goal added")
            return redirect(_plan_url(plan))
    return _form_page(request, child, plan, form, "Add a goal", "Save goal")


@child_page("plan-goal-edit")
def goal_edit(request, child, plan_id: int, goal_id: int):
    plan = _plan_or_404(child, plan_id)
    goal = selectors.goal_for_plan(plan, goal_id)
    if goal is None:
        raise Http404
    initial = {"outcome": goal.outcome, "measure": goal.measure, "target_date": goal.target_date,
               "owner": goal.owner, "version": goal.version}
    form = forms.GoalEditForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if call_service(form, lambda: services.goal_update(goal=goal, read_version=version, acting_user=request.user,
                                                           **data)):
            messages.success(request, "Goal changed")
            return redirect(_plan_url(plan))
    return _form_page(request, child, plan, form, "Change a goal", "Save goal", record=goal)


@child_page("plan-goal-action-add")
def action_add(request, child, plan_id: int, goal_id: int):
    plan = _plan_or_404(child, plan_id)
    goal = selectors.goal_for_plan(plan, goal_id)
    if goal is None:
        raise Http404
    form = forms.GoalActionForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.goal_action_add(goal=goal, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Action added")
            return redirect(_plan_url(plan))
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": "Add an action toward a goal", "button": "Save action",
        "back_url": _plan_url(plan), "facts": [("Plan", str(plan)), ("Goal", goal.outcome)]})


@child_page("plan-finalise")
def plan_finalise(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    gaps = []
    if request.method == "POST":
        try:
            services.plan_finalise(plan=plan, acting_user=request.user)
        except ValidationError as error:
            gaps = error.messages
        else:
            messages.success(request, "Plan finalised")
            return redirect(_plan_url(plan))
    return render(request, "plans/finalise.html", {"child": child, "plan": plan, "gaps": gaps,
                                                   "back_url": _plan_url(plan)})


@child_page("plan-review-add")
def review_add(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    goals = list(plan.goals.all())
    form = forms.ReviewForm(data=request.POST or None, goals=goals)
    if request.method == "POST" and form.is_valid():
        review = call_service(form, lambda: services.plan_review_record(plan=plan, acting_user=request.user,
                                                                **form.service_kwargs()))
        if review:
            if review.improving_without_change:
                messages.warning(request, "Review recorded. It says the child's situation is improving, but no "
                                          "goal's score rose since the last review: your manager will see this flag")
            else:
                messages.success(request, "Review recorded")
            return redirect(_plan_url(plan))
    blocked = ""
    if not plan.is_open:
        blocked = f"This plan ended on {ukdate(plan.ended_on)}: a closed plan cannot be reviewed."
    elif not goals:
        blocked = "Add goals to the plan before reviewing it."
    return _form_page(request, child, plan, form, "Review the plan", "Save review", blocked=blocked)


@role_page(*MANAGER_ROLES)
def quality_gaps(request):
    rows = selectors.plans_with_quality_gaps(request.user)
    return render(request, "plans/quality_gaps.html", {"rows": rows})
