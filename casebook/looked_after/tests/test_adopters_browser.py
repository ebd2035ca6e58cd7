"""Recording a prospective adopter in a browser: a GOV.UK error for dates out of order, then saved
and listed; each page checked for accessibility."""

import pytest

from casebook.looked_after.models import Adopter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, day, month, year):
    page.fill(f"#id_{name}-day", str(day))
    page.fill(f"#id_{name}-month", str(month))
    page.fill(f"#id_{name}-year", str(year))


def test_record_a_prospective_adopter(page, sign_in_as, accessible, world):
    sign_in_as(world["team_manager"])
    page.goto("/adopters/")
    assert "No adopters recorded yet" in page.inner_text("main")
    accessible(page)

    page.click("text=Record a prospective adopter")
    page.fill("#id_full_name", "Robin Example")
    _date(page, "enquiry_date", 10, 2, 2026)
    _date(page, "stage1_start", 1, 2, 2026)  # before the enquiry
    page.click("button:has-text('Save adopter')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Stage 1 started must be on or after the date of the enquiry" in page.inner_text(".govuk-error-summary")
    assert page.input_value("#id_full_name") == "Robin Example"
    accessible(page)

    _date(page, "stage1_start", 20, 2, 2026)
    page.click("button:has-text('Save adopter')")
    assert "Adopter recorded" in page.inner_text(".govuk-notification-banner")
    assert "Robin Example" in page.inner_text("#adopters")
    accessible(page)
    assert Adopter.objects.get().stage1_start.isoformat() == "2026-02-20"
