"""In a browser: a social worker corrects the date of an initial conference typed wrongly. A weekend
date gets a GOV.UK error; the corrected date moves the plan's start and its first review due date,
which the child's summary shows. Every page on the way is checked with axe."""

from datetime import date

import pytest

from casebook.child_protection.tests import journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, d: date):
    page.fill(f"#id_{name}-day", str(d.day))
    page.fill(f"#id_{name}-month", str(d.month))
    page.fill(f"#id_{name}-year", str(d.year))


def test_correcting_a_conference_date(page, sign_in_as, accessible, world):
    child, worker = world.child, world["allocated_worker"]
    plan = journey.cp_plan(child, worker, icpc_on=date(2025, 5, 6))
    sign_in_as(worker)

    page.goto(f"/children/{child.casebook_id}/child-protection/")
    accessible(page)
    page.locator("a", has_text="Correct").filter(has_text="initial child protection conference").first.click()
    assert page.get_by_role("heading", name="Correct the initial child protection conference").is_visible()
    accessible(page)

    _date(page, "held_on", date(2025, 5, 3))  # a Saturday
    page.click("button:has-text('Save changes')")
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    assert "Date of the conference must be a weekday (Monday to Friday)" in summary.inner_text()
    accessible(page)

    _date(page, "held_on", date(2025, 5, 1))
    page.click("button:has-text('Save changes')")
    assert "Conference corrected" in page.locator(".govuk-notification-banner").inner_text()
    assert "1 May 2025" in page.locator("#open-plan").inner_text()
    accessible(page)
    plan.refresh_from_db()
    assert plan.start_date == date(2025, 5, 1)
    assert plan.child.clocks.get(item="cp_first_review_3m").due_on == date(2025, 8, 1)
    assert not page.console_errors
