import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from casebook.assessments import services
from casebook.assessments.models import Assessment
from casebook.assessments.timescales import ASSESSMENT
from casebook.child_protection.tests import journey
from casebook.clocks import status
from casebook.clocks.models import Clock
from casebook.clocks.timescales import get

# Bank holidays in the window: Good Friday 18/4/2025, Easter Monday 21/4, early May 5/5, spring 26/5.
REFERRAL = date(2025, 4, 1)
DUE = date(2025, 6, 9)  # 45 working days after 1/4/2025, counted by hand past the four bank holidays


def test_assessment_is_due_45_working_days_from_the_referral_not_calendar_days():
    assert get(ASSESSMENT).due(REFERRAL) == DUE
    assert (DUE - REFERRAL).days == 69  # 45 calendar days would be 16/5/2025


@pytest.mark.parametrize(("authorised", "today", "expected"), [
    (date(2025, 6, 9), date(2025, 7, 1), status.MET),  # on the due day
    (date(2025, 6, 10), date(2025, 7, 1), status.MISSED),  # a day late
    (None, date(2025, 5, 1), status.NOT_YET_DUE),
    (None, date(2025, 6, 10), status.OVERDUE),
])
def test_assessment_clock_met_missed_not_yet_due(world, authorised, today, expected):
    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=date(2025, 4, 3), acting_user=user)
    if authorised:
        services.assessment_update(assessment=assessment, read_version=1, child_seen_on=date(2025, 4, 4),
                                   analysis="Analysis", factors=["16A"], outcome="cin_plan", authorised_on=authorised,
                                   delay_reason="Waiting for the health report" if authorised > DUE else "",
                                   acting_user=user)
    clock = Clock.objects.get(child=world.child, item=ASSESSMENT)
    assert clock.started_on == REFERRAL and clock.due_on == DUE
    assert status.clock_status(due_on=clock.due_on, completed_on=clock.completed_on, today=today) == expected


def test_assessment_needs_an_open_episode(world):
    with pytest.raises(ValidationError, match="Record a referral"):
        services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=world["allocated_worker"])


def test_late_authorisation_needs_a_reason_and_nothing_is_saved(world):
    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.assessment_update(assessment=assessment, read_version=1, child_seen_on=None, analysis="x",
                                   factors=["21"], outcome="nfa", authorised_on=date(2025, 6, 10), delay_reason="",
                                   acting_user=user)
    assert "Enter the reason for the delay" in error.value.message_dict["delay_reason"][0]
    assert Assessment.objects.get().authorised_on is None
    assert Clock.objects.get(item=ASSESSMENT).completed_on is None


def test_authorised_before_it_started_is_refused(world):
    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=date(2025, 4, 10), acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.assessment_update(assessment=assessment, read_version=1, child_seen_on=None, analysis="",
                                   factors=["21"], outcome="nfa", authorised_on=date(2025, 4, 9), delay_reason="",
                                   acting_user=user)
    assert error.value.message_dict["authorised_on"] == [
        "Date authorised must be on or after the date the assessment started"]


def test_no_factors_cannot_go_with_other_factors():
    with pytest.raises(ValidationError, match="not both"):
        services.validate_factors(["21", "16A"])
    assert services.validate_factors(["16A", "3B", "16A"]) == ["3B", "16A"]


def test_start_page_shows_govuk_errors_and_saves_nothing(client, world):
    journey.referral(world.child, world["allocated_worker"], on=REFERRAL)
    client.force_login(world["allocated_worker"])
    url = reverse("assessments:start", args=[world.child.casebook_id])
    response = client.post(url, {"start_date-day": "31", "start_date-month": "3", "start_date-year": "2025"})
    assert response.status_code == 200
    assert "Start date must be on or after the referral date (1 April 2025)" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    response = client.post(url, {"start_date-day": "", "start_date-month": "", "start_date-year": ""})
    assert "Enter the date the assessment started" in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(url, {"start_date-day": "2", "start_date-month": "4", "start_date-year": "2025"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and assessment.recorded_by == world["allocated_worker"]


def test_edit_page_states_who_recorded_it_and_saves_a_version(client, world):
    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=user)
    client.force_login(world["team_manager"])
    url = reverse("assessments:edit", args=[world.child.casebook_id, assessment.pk])
    page = client.get(url).content.decode()
    assert f"Recorded by {escape(user.full_name)}" in page and "9 June 2025" in page
    data = {"version": 1, "analysis": "Mother is struggling", "factors": ["16A", "4B"], "outcome": "cin_plan",
            "authorised_on-day": "9", "authorised_on-month": "6", "authorised_on-year": "2025"}
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.factors == ["4B", "16A"] and assessment.version == 2
    assert assessment.history.first().history_user == world["team_manager"]
    stale = client.post(url, {**data, "analysis": "Older"})
    assert "Someone else changed this record after you opened it" in stale.content.decode()


def test_assessment_appears_on_the_chronology(world):
    from casebook.core import chronology

    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=user)
    titles = [e.title for e in chronology.entries_for(world.child, only={"assessment"})]
    assert titles == ["Child and family assessment started"]


def test_no_factors_comes_last_after_an_or_divider_and_is_exclusive(client, world):
    import re

    user = world["allocated_worker"]
    journey.referral(world.child, user, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=user)
    client.force_login(user)
    url = reverse("assessments:edit", args=[world.child.casebook_id, assessment.pk])
    page = client.get(url).content.decode()
    values = re.findall(r'name="factors" type="checkbox" value="([^"]+)"', page)
    assert values[-1] == "21" and values[-2] == "24A" and len(values) == len(set(values))
    assert re.search(r'<div class="govuk-checkboxes__divider">or</div>\s*<div class="govuk-checkboxes__item">\s*'
                     r'<input [^>]*value="21" data-behaviour="exclusive">', page)
    # Without JavaScript both can be sent: a GOV.UK error on the field, nothing saved.
    response = client.post(url, {"version": 1, "analysis": "Seen at home", "factors": ["16A", "21"]})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_factors' in body and "Select &#x27;No factors identified&#x27; or the factors, not both" in body
    assessment.refresh_from_db()
    assert assessment.factors == [] and assessment.version == 1


@pytest.mark.parametrize("reader", ["performance_analyst", "auditor"])
def test_a_reader_sees_the_assessment_read_only_and_the_allocated_worker_gets_the_form(client, world, reader):
    worker = world["allocated_worker"]
    journey.referral(world.child, worker, on=REFERRAL)
    assessment = services.assessment_start(child=world.child, start_date=REFERRAL, acting_user=worker)
    services.assessment_update(assessment=assessment, read_version=1, acting_user=worker,
                               child_seen_on=date(2025, 4, 3), analysis="Mother is struggling\nGran helps",
                               factors=["16A", "4B"], outcome="cin_plan", authorised_on=None, delay_reason="")
    url = reverse("assessments:edit", args=[world.child.casebook_id, assessment.pk])

    client.force_login(world[reader])
    page = client.get(url).content.decode()
    main = page[page.index("<main"):]
    assert "<form" not in main and "Save assessment" not in main
    rows = dict(re.findall(r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*'
                           r'<dd class="govuk-summary-list__value">(.*?)</dd>', main, re.S))
    assert rows["Factors identified"] == "Mental health: concerns about a parent or carer<br>Neglect"
    assert rows["Outcome"] == "Child in need plan"
    assert rows["Date the child was seen"] == "3 April 2025"
    assert rows["Analysis"] == "Mother is struggling<br>Gran helps"
    assert rows["Date authorised by a manager"] == "Not recorded"

    client.force_login(worker)
    page = client.get(url).content.decode()
    assert '<form method="post"' in page and "Save assessment" in page
    assert 'name="factors" type="checkbox" value="16A" checked' in page
