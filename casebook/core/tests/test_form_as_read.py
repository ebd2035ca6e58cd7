"""Showing a form to someone who may only read the page: `form_answers` reads an edit form's
recorded values as a person would, and child pages swap their forms for it (or, on a page that
only adds a record, for a sentence) when the view's access declaration and the user's role say
they may not record there."""

import re
from datetime import date, time

import pytest
from django import forms
from django.urls import reverse

from casebook.accounts.models import User
from casebook.assessments.forms import AssessmentForm, AssessmentStartForm
from casebook.core.forms import NOT_RECORDED, GovukDateField, GovukForm, GovukTimeField, form_answers, reads_a_record


class _Record(GovukForm):
    seen_on = GovukDateField(label="Date the child was seen (optional)", required=False)
    seen_at = GovukTimeField(label="Time", required=False)
    outcome = forms.ChoiceField(label="Outcome", choices=[("", "Select"), ("cin_plan", "Child in need plan")],
                                required=False)
    factors = forms.MultipleChoiceField(label="Factors", choices=[("4B", "Mental health"), ("16A", "Neglect")],
                                        required=False, widget=forms.CheckboxSelectMultiple)
    independent = forms.TypedChoiceField(label="Independent?", choices=[("yes", "Yes"), ("no", "No")],
                                         coerce=lambda v: v == "yes", required=False, widget=forms.RadioSelect)
    seen_alone = forms.BooleanField(label="Seen alone", required=False)
    worker = forms.ModelChoiceField(label="Worker", queryset=User.objects.all(), required=False)
    analysis = forms.CharField(label="Analysis", required=False, widget=forms.Textarea)


def test_answers_read_as_a_person_reads_them(world):
    worker = world["allocated_worker"]
    form = _Record(initial={"seen_on": date(2025, 4, 3), "seen_at": time(9, 30), "outcome": "cin_plan",
                            "factors": ["16A", "4B"], "independent": "yes", "seen_alone": False,
                            "worker": worker.pk, "analysis": "Line one\nLine two"})
    assert form_answers(form) == [
        ("Date the child was seen", "3 April 2025"), ("Time", "09:30"), ("Outcome", "Child in need plan"),
        ("Factors", "Neglect\nMental health"), ("Independent?", "Yes"), ("Seen alone", "No"),
        ("Worker", str(worker)), ("Analysis", "Line one\nLine two"),
    ]


def test_a_missing_answer_is_not_recorded_and_the_version_is_not_shown(db):
    assert "Version" not in dict(form_answers(AssessmentForm(initial={"version": 1})))
    answers = dict(form_answers(_Record()))
    assert answers["Outcome"] == NOT_RECORDED and answers["Factors"] == NOT_RECORDED
    assert answers["Date the child was seen"] == NOT_RECORDED


def test_only_an_edit_form_read_from_a_stored_record_reads_a_record(db):
    assert reads_a_record(AssessmentForm(initial={"version": 3}))
    assert not reads_a_record(AssessmentForm(initial={"version": 0}))  # the page would create the record
    assert not reads_a_record(AssessmentStartForm())  # an add page


def _main(response) -> str:
    body = response.content.decode()
    return body[body.index("<main"):]


@pytest.mark.parametrize("reader", ["performance_analyst", "auditor"])
def test_an_add_page_opened_by_a_reader_says_they_cannot_record(client, world, reader):
    url = reverse("visits:add", args=[world.child.casebook_id])
    client.force_login(world[reader])
    main = _main(client.get(url))
    assert "You cannot record on this page" in main and "<form" not in main
    client.force_login(world["allocated_worker"])
    main = _main(client.get(url))
    assert '<form method="post"' in main and "You cannot record on this page" not in main


def test_an_edit_page_with_nothing_stored_says_so_to_a_reader(client, world):
    client.force_login(world["performance_analyst"])
    main = _main(client.get(reverse("looked_after:uasc-status", args=[world.child.casebook_id])))
    assert "Nothing has been recorded here yet" in main and "<form" not in main


def test_a_page_whose_audience_names_who_may_act_keeps_its_form_for_the_auditor(client, world):
    client.force_login(world["auditor"])
    main = _main(client.get(reverse("oversight:audit-start", args=[world.child.casebook_id])))
    assert re.search(r'<form method="post"', main)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_read_only_assessment_is_accessible(page, sign_in_as, accessible, world):
    from casebook.assessments import services
    from casebook.child_protection.tests import journey

    worker = world["allocated_worker"]
    journey.referral(world.child, worker, on=date(2025, 4, 1))
    assessment = services.assessment_start(child=world.child, start_date=date(2025, 4, 1), acting_user=worker)
    services.assessment_update(assessment=assessment, read_version=1, acting_user=worker, child_seen_on=None,
                               analysis="Seen at home", factors=["16A"], outcome="", authorised_on=None,
                               delay_reason="")
    page.set_default_timeout(5000)
    sign_in_as(world["auditor"])
    page.goto(reverse("assessments:edit", args=[world.child.casebook_id, assessment.pk]))
    assert page.locator("#recorded-answers").inner_text().count("Neglect") == 1
    assert page.locator("main form").count() == 0
    accessible(page)
    page.goto(reverse("visits:add", args=[world.child.casebook_id]))
    assert page.locator("#cannot-record").is_visible()
    accessible(page)
    assert not page.console_errors
