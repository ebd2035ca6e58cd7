"""Pages for child and family assessments: list, start, record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from casebook.access_audit.decorators import child_page
from casebook.assessments import forms, selectors, services
from casebook.core.forms import add_service_errors, call_service


@child_page("assessments")
def assessment_list(request, child):
    return render(request, "assessments/list.html", {
        "child": child, "assessments": selectors.assessments_for_child(child),
        "episode": services.open_episode(child),
    })


@child_page("assessment-start")
def assessment_start(request, child):
    form = forms.AssessmentStartForm(data=request.POST or None)
    episode = services.open_episode(child)
    if request.method == "POST" and episode is not None and form.is_valid():
        try:
            assessment = services.assessment_start(child=child, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Assessment started. It is due by {assessment.due_on.day} "
                                      f"{assessment.due_on:%B %Y}")
            return redirect("assessments:edit", child_id=child.casebook_id, assessment_id=assessment.pk)
    facts = [("Referral date", f"{episode.referral_date.day} {episode.referral_date:%B %Y}")] if episode else []
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": "Start a child and family assessment", "button": "Start assessment",
        "facts": facts, "back_url": reverse("assessments:list", args=[child.casebook_id]),
        "blocked": "" if episode else "This child has no open episode of need. Record a referral first.",
    })


@child_page("assessment-edit")
def assessment_edit(request, child, assessment_id: int):
    assessment = selectors.assessment_for_child(child, assessment_id)
    if assessment is None:
        raise Http404
    fields = ["child_seen_on", "analysis", "factors", "outcome", "authorised_on", "delay_reason"]
    form = forms.AssessmentForm(data=request.POST or None,
                                initial={**{f: getattr(assessment, f) for f in fields}, "version": assessment.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(form, lambda: services.assessment_update(
                assessment=assessment, read_version=data["version"], acting_user=request.user,
                **{f: data[f] for f in fields})):
            messages.success(request, "Assessment saved")
            return redirect("assessments:list", child_id=child.casebook_id)
    due = assessment.due_on
    facts = [("Referral date", f"{assessment.episode.referral_date.day} {assessment.episode.referral_date:%B %Y}"),
             ("Started", f"{assessment.start_date.day} {assessment.start_date:%B %Y}"),
             ("Due", f"{due.day} {due:%B %Y} (45 working days from the referral)")]
    return render(request, "assessments/form_page.html", {
        "child": child, "form": form, "heading": "Child and family assessment", "button": "Save assessment",
        "record": assessment, "facts": facts, "back_url": reverse("assessments:list", args=[child.casebook_id]),
    })
