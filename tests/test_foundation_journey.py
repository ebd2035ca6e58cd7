"""The foundation journey in Debian's chromium: sign in through the real form, find a child by a
misspelt surname, create a child past the duplicate warning, open the record and its chronology,
filter it, sign out. axe (WCAG 2.2 A/AA) runs on every page, including form pages showing errors.
Screenshots go to test-artifacts/ for a person to look at."""

import re
from pathlib import Path

import pytest
from django.conf import settings

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "foundation"
PASSWORD = "correct-horse-battery"  # the factories' password


def _shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _check(page, accessible, name):
    """Every page: no WCAG violation, GOV.UK Frontend initialised, no console error, a screenshot."""
    accessible(page)
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.console_errors == [], (name, page.console_errors, getattr(page, "failed_responses", None))
    _shot(page, name)


def _error_summary_has_focus(page):
    page.wait_for_function("document.activeElement && document.activeElement.closest('.govuk-error-summary')")
    return True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_foundation_journey(page, accessible, world):
    page.set_default_timeout(10000)
    worker, child = world["allocated_worker"], world.child
    failed_responses = page.failed_responses = []
    page.on("response", lambda r: r.status >= 400 and failed_responses.append(f"{r.status} {r.url}"))

    # Sign in through the real form, first with a mistake.
    page.goto("/")
    assert "/accounts/sign-in/" in page.url
    _check(page, accessible, "01-sign-in")
    page.click("button:has-text('Sign in')")
    assert page.title().startswith("Error: ")
    assert _error_summary_has_focus(page)
    _check(page, accessible, "02-sign-in-errors")
    page.fill("#id_username", worker.email)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/$"))
    assert worker.full_name in page.inner_text(".govuk-phase-banner")
    _check(page, accessible, "03-home")

    # Search with a misspelt surname.
    page.click(".govuk-service-navigation__list a:has-text('Find a child')")
    page.fill("#id_q", "Smyth")
    page.click("button:has-text('Search')")
    result = page.locator(f"table a[href='/children/{child.casebook_id}/']")
    assert result.inner_text() == f"{child.first_names} {child.last_name}"
    _check(page, accessible, "04-search-results")

    # Create a child: errors first, then a near-identical record brings up the duplicate warning.
    page.click("text=Create a new record")
    page.click("button:has-text('Continue')")
    assert _error_summary_has_focus(page)
    assert page.title().startswith("Error: ")
    _check(page, accessible, "05-create-errors")
    dob = child.date_of_birth
    page.fill("#id_first_names", "Jordan")
    page.fill("#id_last_name", "Smyth")
    page.fill("#id_date_of_birth-day", str(dob.day))
    page.fill("#id_date_of_birth-month", str(dob.month))
    page.fill("#id_date_of_birth-year", str(dob.year))
    page.check("#id_sex_1")
    page.fill("#id_nhs_number", "943 476 5918")  # wrong check digit
    page.click("button:has-text('Continue')")
    assert "Enter a valid NHS number" in page.inner_text("#id_nhs_number-error")
    page.fill("#id_nhs_number", "943 476 5919")
    page.click("button:has-text('Continue')")
    page.locator("#possible-duplicates").wait_for()
    assert child.casebook_id in page.inner_text("table")
    _check(page, accessible, "06-create-duplicate-warning")
    page.check("#id_not_a_duplicate")
    page.click("button:has-text('Create the record')")
    page.wait_for_url(re.compile(r"/children/CB[A-Z0-9]+/$"))
    assert "Record created for Jordan Smyth" in page.inner_text(".govuk-notification-banner")
    _check(page, accessible, "07-new-record")

    # Open the existing record and its chronology, then filter the chronology.
    page.goto(f"/children/{child.casebook_id}/")
    assert page.inner_text("h1").startswith(f"{child.first_names} {child.last_name}")
    _check(page, accessible, "08-record")
    page.click("nav[aria-label=\"Child's record\"] a:has-text('Chronology')")
    page.wait_for_url(re.compile(r"/chronology/"))
    assert "Allocated to Safeguarding East" in page.inner_text("table")
    _check(page, accessible, "09-chronology")
    page.click("summary:has-text('Filter by type of event')")
    page.check("label:has-text('Allocations')")
    page.click("button:has-text('Filter')")
    page.wait_for_url(re.compile(r"kind=allocation"))
    assert "Record created or changed" not in page.inner_text("tbody")
    assert page.is_checked("#kind-allocation")
    _check(page, accessible, "10-chronology-filtered")

    # Sign out.
    page.click("button:has-text('Sign out')")
    page.wait_for_url(re.compile(r"/accounts/signed-out/"))
    assert page.inner_text("h1") == "You have signed out"
    _check(page, accessible, "11-signed-out")
    page.goto(f"/children/{child.casebook_id}/")
    assert "/accounts/sign-in/" in page.url

    assert failed_responses == [], failed_responses
