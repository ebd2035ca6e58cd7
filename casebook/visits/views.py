"""Pages for visits and the child's voice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from casebook.access_audit.decorators import child_page
from casebook.clocks.models import Clock
from casebook.core.forms import add_service_errors
from casebook.plans.selectors import open_goals_for_child
from casebook.visits import forms, selectors, services

VISIT_CLOCKS = ("cp_visit_10wd", "cin_visit_20wd", "lac_visit_after_placement", "lac_visit_first_year",
                "lac_visit_long_term")


@child_page("visits")
def visit_list(request, child):
    next_due = (Clock.objects.filter(child=child, item__in=VISIT_CLOCKS, completed_on__isnull=True, cancelled=False)
                .order_by("due_on").first())
    return render(request, "visits/list.html", {
        "child": child, "visits": selectors.visits_for_child(child), "next_due": next_due,
        "flags": selectors.voice_flags(child)})


@child_page("visit-add")
def visit_add(request, child):
    goals = open_goals_for_child(child)
    form = forms.VisitForm(data=request.POST or None, goals=goals,
                           initial={"kind": selectors.current_visit_kind(child)})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(child=child, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Visit recorded")
            return redirect("visits:list", child.casebook_id)
    plans = selectors.current_plans(child)
    facts = ([("Counts towards", f"{plan}: choose '{kind}'") for plan, kind in plans] if plans
             else [("Counts towards", "No current plan: choose 'Other visit'")])
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": "Record a visit", "button": "Save visit", "facts": facts,
        "back_url": reverse("visits:list", args=[child.casebook_id])})


@child_page("childs-voice")
def voice(request, child):
    last_n, weeks = selectors.voice_settings()
    return render(request, "visits/voice.html", {
        "child": child, "entries": selectors.voice_entries(child), "flags": selectors.voice_flags(child),
        "last_n": last_n, "weeks": weeks})
