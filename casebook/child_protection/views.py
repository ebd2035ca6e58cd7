"""Pages for strategy discussions, section 47 enquiries, conferences and CP plans, and the
heads of service panel list. Thin: a form, one service call, a redirect."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.decorators import child_page, role_page
from casebook.accounts.models import Role
from casebook.assessments.services import open_episode
from casebook.child_protection import forms, selectors, services
from casebook.child_protection.codes import ConferenceKind
from casebook.core.forms import call_service
from casebook.core.templatetags.govuk import ukdate


def _overview_url(child) -> str:
    return reverse("child_protection:overview", args=[child.casebook_id])


def _form_page(request, child, form, heading, button, **extra):
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": heading, "button": button, "back_url": _overview_url(child), **extra})


@child_page("child-protection")
def overview(request, child):
    return render(request, "child_protection/overview.html", {
        "child": child, "episode": open_episode(child), **selectors.overview_for_child(child)})


@child_page("strategy-discussion-add")
def strategy_discussion_add(request, child):
    form = forms.StrategyDiscussionForm(data=request.POST or None)
    episode = open_episode(child)
    if request.method == "POST" and episode is not None and form.is_valid():
        data = form.cleaned_data
        discussion = call_service(form, lambda: services.strategy_discussion_record(
            child=child, held_on=data["held_on"], agencies=data["agencies"], s47_decided=data["s47_decided"] == "yes",
            reasons=data["reasons"], acting_user=request.user))
        if discussion:
            messages.success(request, "Strategy discussion recorded")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Record a strategy discussion", "Save strategy discussion",
                      blocked="" if episode else "This child has no open episode of need. Record a referral first.")


@child_page("section-47-start")
def section47_start(request, child, discussion_id: int):
    discussion = selectors.discussion_for_child(child, discussion_id)
    if discussion is None:
        raise Http404
    form = forms.Section47StartForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        s47 = call_service(form, lambda: services.section47_start(strategy_discussion=discussion, acting_user=request.user,
                                                          **form.cleaned_data))
        if s47:
            messages.success(request, f"Section 47 enquiry started. The initial conference is due by "
                                      f"{ukdate(s47.icpc_target)}")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Start a section 47 enquiry", "Start enquiry", record=discussion,
                      facts=[("Strategy discussion", ukdate(discussion.held_on))])


@child_page("section-47-conclude")
def section47_conclude(request, child, s47_id: int):
    s47 = selectors.section47_for_child(child, s47_id)
    if s47 is None:
        raise Http404
    initial = {"concluded_on": s47.concluded_on, "findings": s47.findings, "outcome": s47.outcome,
               "version": s47.version}
    form = forms.Section47ConcludeForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(form, lambda: services.section47_conclude(
                section47=s47, read_version=data["version"], concluded_on=data["concluded_on"],
                findings=data["findings"], outcome=data["outcome"], acting_user=request.user)):
            messages.success(request, "Section 47 enquiry saved")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Section 47 enquiry: findings and outcome", "Save enquiry", record=s47,
                      facts=[("Started", ukdate(s47.start_date)),
                             ("Initial conference due", f"{ukdate(s47.icpc_target)} (15 working days from the "
                                                        "strategy discussion)")])


@child_page("initial-conference-add")
def initial_conference_add(request, child, s47_id: int):
    s47 = selectors.section47_for_child(child, s47_id)
    if s47 is None:
        raise Http404
    form = forms.InitialConferenceForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conference = call_service(form, lambda: services.initial_conference_record(
            section47=s47, kind=data["kind"], held_on=data["held_on"], chair=data["chair"],
            chaired_by=data["chaired_by"], agencies=data["agencies"],
            plan_decided=data["plan_decided"] == "yes", category=data["category"], acting_user=request.user))
        if conference:
            messages.success(request, "Initial conference recorded" + (": child protection plan started"
                                                                       if conference.plan_id else ""))
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Record the initial child protection conference", "Save conference",
                      facts=[("Strategy discussion", ukdate(s47.strategy_discussion.held_on)),
                             ("Initial conference due", ukdate(s47.icpc_target))])


@child_page("strategy-discussion-edit")
def strategy_discussion_edit(request, child, discussion_id: int):
    discussion = selectors.discussion_for_child(child, discussion_id)
    if discussion is None:
        raise Http404
    initial = {"held_on": discussion.held_on, "agencies": discussion.agencies, "reasons": discussion.reasons,
               "s47_decided": "yes" if discussion.s47_decided else "no", "version": discussion.version}
    form = forms.StrategyDiscussionEditForm(data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(form, lambda: services.strategy_discussion_update(
                discussion=discussion, read_version=data["version"], held_on=data["held_on"],
                agencies=data["agencies"], s47_decided=data["s47_decided"] == "yes", reasons=data["reasons"],
                acting_user=request.user)):
            messages.success(request, "Strategy discussion corrected")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Correct the strategy discussion", "Save changes", record=discussion)


@child_page("cp-conference-edit")
def conference_edit(request, child, conference_id: int):
    """Correct an initial, pre-birth or review conference. Its decision (plan or not, plan continues
    or ends) is shown, not changed."""
    conference = selectors.conference_for_child(child, conference_id)
    if conference is None:
        raise Http404
    initial = {"kind": conference.kind, "held_on": conference.held_on, "chair": conference.chair,
               "chaired_by": conference.chaired_by_id, "agencies": conference.agencies,
               "category": conference.category, "version": conference.version}
    review = conference.kind == ConferenceKind.REVIEW
    if review:
        form = forms.ReviewConferenceEditForm(data=request.POST or None, initial=initial)
        decision = "The plan continued" if conference.plan_decided else "The plan ended"
    else:
        form = forms.InitialConferenceEditForm(data=request.POST or None, initial=initial,
                                               plan_decided=conference.plan_decided)
        decision = "Child protection plan needed" if conference.plan_decided else "No child protection plan"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {"held_on": data["held_on"], "chair": data["chair"], "chaired_by": data["chaired_by"],
                  "agencies": data["agencies"], "category": data.get("category", ""), "acting_user": request.user}
        if review:
            done = call_service(form, lambda: services.review_conference_update(
                conference=conference, read_version=data["version"], **fields))
        else:
            done = call_service(form, lambda: services.initial_conference_update(
                conference=conference, read_version=data["version"], kind=data["kind"], **fields))
        if done:
            messages.success(request, "Conference corrected")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, f"Correct the {conference.get_kind_display().lower()}", "Save changes",
                      record=conference, facts=[("Decision", decision)])


@child_page("cp-conference-decision", audience="child-managers")
def conference_decision_edit(request, child, conference_id: int):
    """A manager corrects what a conference decided (plan or not, the plan continued or ended, the
    category), giving the reason."""
    conference = selectors.conference_for_child(child, conference_id)
    if conference is None:
        raise Http404
    review = conference.kind == ConferenceKind.REVIEW
    ended = review and not conference.plan_decided
    initial = {"plan_decided": "yes" if conference.plan_decided else "no", "category": conference.category,
               "end_reason": conference.plan.end_reason if ended else "", "version": conference.version}
    form = forms.ConferenceDecisionForm(data=request.POST or None, initial=initial, review=review)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(form, lambda: services.conference_decision_correct(
            conference=conference, read_version=data["version"], plan_decided=data["plan_decided"] == "yes",
            category=data["category"], end_reason=data.get("end_reason", ""), reason=data["reason"],
            acting_user=request.user))
        if done:
            messages.success(request, "Conference decision corrected")
            return redirect(_overview_url(child))
    if review:
        decision = ("The plan continued" if conference.plan_decided
                    else f"The plan ended ({conference.plan.get_end_reason_display()})")
    else:
        decision = "Child protection plan needed" if conference.plan_decided else "No child protection plan"
    facts = [("Conference", f"{conference.get_kind_display()}, {ukdate(conference.held_on)}"), ("Decision", decision)]
    if conference.category:
        facts.append(("Category of abuse", conference.get_category_display()))
    return _form_page(request, child, form, "Correct the conference's decision", "Save correction",
                      record=conference, facts=facts)


def _open_plan_or_404(child, plan_id):
    plan = selectors.plan_for_child(child, plan_id)
    if plan is None:
        raise Http404
    return plan


def _plan_facts(plan):
    facts = [("Plan started", ukdate(plan.start_date)), ("Latest category", plan.get_latest_category_display())]
    if plan.end_date:
        facts.append(("Plan ended", ukdate(plan.end_date)))
    return facts


@child_page("review-conference-add")
def review_conference_add(request, child, plan_id: int):
    plan = _open_plan_or_404(child, plan_id)
    form = forms.ReviewConferenceForm(data=request.POST or None, initial={"category": plan.latest_category})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        conference = call_service(form, lambda: services.review_conference_record(
            plan=plan, held_on=data["held_on"], chair=data["chair"], chaired_by=data["chaired_by"],
            agencies=data["agencies"], plan_continues=data["plan_continues"] == "yes", category=data["category"],
            end_reason=data["end_reason"],
            step_down_to_cin=data["step_down_to_cin"], acting_user=request.user))
        if conference:
            messages.success(request, "Review conference recorded")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Record a review conference", "Save review", record=plan,
                      facts=_plan_facts(plan))


@child_page("cp-plan-end")
def plan_end(request, child, plan_id: int):
    plan = _open_plan_or_404(child, plan_id)
    form = forms.PlanEndForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = call_service(form, lambda: services.cp_plan_end(plan=plan, acting_user=request.user, **form.cleaned_data))
        if ended:
            messages.success(request, "Child protection plan ended")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "End the child protection plan", "End plan", record=plan,
                      facts=_plan_facts(plan))


@child_page("core-group-add")
def core_group_add(request, child, plan_id: int):
    plan = _open_plan_or_404(child, plan_id)
    form = forms.CoreGroupForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        if call_service(form, lambda: services.core_group_record(plan=plan, acting_user=request.user, **form.cleaned_data)):
            messages.success(request, "Core group meeting recorded")
            return redirect(_overview_url(child))
    return _form_page(request, child, form, "Record a core group meeting", "Save meeting", record=plan,
                      facts=_plan_facts(plan))


@role_page(Role.HEAD_OF_SERVICE)
def panel_review(request):
    from django.core.paginator import Paginator

    today = timezone.localdate()
    # A large council has thousands of flagged plans: the panel reads the most urgent first, a page at a time.
    paginator = Paginator(selectors.plans_needing_panel_review(user=request.user, today=today), PANEL_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "child_protection/panel_review.html", {
        "rows": selectors.panel_rows_with_children(page.object_list, user=request.user), "page": page,
        "total": paginator.count, "today": today})


PANEL_PAGE_SIZE = 100
