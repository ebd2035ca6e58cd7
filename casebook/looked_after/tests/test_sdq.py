"""The strengths and difficulties questionnaire score (SSDA903 OC2 SDQ_SCORE) on the health page:
recorded with its date, GOV.UK errors for a missing or impossible score, nothing saved on error."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.looked_after import services
from casebook.looked_after.models import HealthCheck
from casebook.looked_after.tests.factories import looked_after


def _post(client, world, **values):
    client.force_login(world["allocated_worker"])
    url = reverse("looked_after:health-add", args=[world.child.casebook_id])
    data = {"kind": "sdq", "check_date-day": "2", "check_date-month": "6", "check_date-year": "2026", **values}
    return client.post(url, data)


def test_sdq_score_is_recorded_on_the_health_page(client, world):
    looked_after(world.child, world["allocated_worker"], start=date(2025, 1, 6))
    response = _post(client, world, sdq_score="17")
    assert response.status_code == 302
    check = HealthCheck.objects.get(child=world.child)
    assert (check.kind, check.check_date, check.sdq_score) == ("sdq", date(2026, 6, 2), 17)
    care = client.get(reverse("looked_after:care", args=[world.child.casebook_id])).content.decode()
    assert "Strengths and difficulties questionnaire (SDQ), score 17" in care


def test_sdq_is_not_the_last_health_assessment_in_annex_a(world):
    from casebook.statutory_returns.annex_a import LISTS, annex_a_lists

    looked_after(world.child, world["allocated_worker"], start=date(2025, 1, 6))
    user = world["allocated_worker"]
    services.health_check_record(child=world.child, kind="review", check_date=date(2026, 3, 3), acting_user=user)
    services.health_check_record(child=world.child, kind="sdq", check_date=date(2026, 5, 5), sdq_score=9,
                                 acting_user=user)
    row = annex_a_lists(as_at=date(2026, 6, 1))["List 8"][0]
    assert row[LISTS["List 8"][1].index("Date of Last Health Assessment")] == date(2026, 3, 3)


@pytest.mark.parametrize(("values", "message"), [
    ({"sdq_score": ""}, "Enter the SDQ score, a whole number from 0 to 40"),
    ({"sdq_score": "41"}, "SDQ score must be a whole number from 0 to 40"),
    ({"sdq_score": "ten"}, "SDQ score must be a whole number from 0 to 40"),
    ({"kind": "dental", "sdq_score": "12"}, "Only enter an SDQ score for a strengths and difficulties questionnaire"),
])
def test_bad_sdq_score_gives_a_govuk_error_and_saves_nothing(client, world, values, message):
    looked_after(world.child, world["allocated_worker"], start=date(2025, 1, 6))
    response = _post(client, world, **values)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body and message in body
    assert 'href="#id_sdq_score"' in body
    assert not HealthCheck.objects.filter(child=world.child).exists()


def test_service_refuses_an_sdq_without_a_score(world):
    looked_after(world.child, world["allocated_worker"], start=date(2025, 1, 6))
    with pytest.raises(ValidationError) as raised:
        services.health_check_record(child=world.child, kind="sdq", check_date=date(2026, 6, 2),
                                     acting_user=world["allocated_worker"])
    assert raised.value.message_dict == {"sdq_score": ["Enter the SDQ score, a whole number from 0 to 40"]}
    assert not HealthCheck.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sdq_on_the_health_page_in_a_browser(page, sign_in_as, accessible, world):
    looked_after(world.child, world["allocated_worker"], start=date(2025, 1, 6))
    sign_in_as(world["allocated_worker"])
    page.goto(reverse("looked_after:health-add", args=[world.child.casebook_id]))
    page.check("input[name=kind][value=sdq]")
    page.fill("#id_check_date-day", "2")
    page.fill("#id_check_date-month", "6")
    page.fill("#id_check_date-year", "2026")
    page.click("main button:has-text('Save')")
    assert page.title().startswith("Error: ")
    assert "Enter the SDQ score" in page.locator(".govuk-error-summary").inner_text()
    accessible(page)
    page.fill("#id_sdq_score", "17")
    page.click("main button:has-text('Save')")
    assert HealthCheck.objects.get(child=world.child).sdq_score == 17
