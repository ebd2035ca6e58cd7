"""Pages for child in need plans, their reviews, and closing the episode of need (visits are recorded on the
visits app's page)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from casebook.access_audit.decorators import child_page
from casebook.assessments.services import open_episode
from casebook.children_in_need import forms, selectors, services
from casebook.core.forms import call_service
from casebook.core.templatetags.govuk import ukdate


def _overview_url(child) -> str:
    return reverse("children_in_need:overview", args=[child.casebook_id])


def _form_page(request, child, form, heading, button, **extra):
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": heading, "button": button, "back_url": _overview_url(child), **extra})


NO_EPISODE = "This child has no open episode of need. Record a referral first."


@child_page("child-in-need")
def overview(request, child):
    return render(request, "children_in_need/overview.html", {"child": child, **selectors.overview_for_child(child)})


@child_page("cin-plan-start")
def plan_start(request, child):
    form = forms.PlanStartForm(data=request.POST or None)
    episode = open_episode(child)
    if request.method == "POST" and episode is not None and form.is_valid():
        if call_service(form, lambda: services.cin_plan_start(child=child, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Child in need plan started")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Start a child in need plan", "Start plan",
                      blocked="" if episode else NO_EPISODE)


def _plan_or_404(child, plan_id):
    plan = selectors.plan_for_child(child, plan_id)
    if plan is None:
        raise Http404
    return plan


def _facts(plan):
    facts = [("Plan started", ukdate(plan.start_date))]
    if plan.minimum_until:
        facts.append(("Minimum period of support until", ukdate(plan.minimum_until)))
    if plan.end_date:
        facts.append(("Plan ended", ukdate(plan.end_date)))
    return facts


@child_page("cin-plan-end")
def plan_end(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    form = forms.PlanEndForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.cin_plan_end(plan=plan, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Child in need plan ended")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "End the child in need plan", "End plan", record=plan, facts=_facts(plan))


@child_page("cin-review-add")
def review_add(request, child, plan_id: int):
    plan = _plan_or_404(child, plan_id)
    form = forms.ReviewForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.cin_review_record(plan=plan, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Review recorded")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Record a child in need plan review", "Save review", record=plan,
                      facts=_facts(plan))


@child_page("episode-close")
def episode_close(request, child):
    form = forms.ClosureForm(data=request.POST or None)
    episode = open_episode(child)
    if request.method == "POST" and episode is not None and form.is_valid():
        if call_service(form, lambda: services.episode_closure(episode=episode, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Episode of need closed")
            return redirect(_overview_url(child))
    facts = [("Referral date", ukdate(episode.referral_date))] if episode else []
    return _form_page(request, child, form, "Close the episode of need", "Close episode", record=episode, facts=facts,
                      blocked="" if episode else "This child has no open episode of need.")
