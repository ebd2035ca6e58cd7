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


def test_a_manager_corrects_a_conference_recorded_as_a_plan_by_mistake(page, sign_in_as, accessible, world):
    child = world.child
    plan = journey.cp_plan(child, world["allocated_worker"], icpc_on=date(2025, 5, 6))
    sign_in_as(world["team_manager"])

    page.goto(f"/children/{child.casebook_id}/child-protection/")
    page.locator("a", has_text="Correct the decision").first.click()
    assert page.get_by_role("heading", name="Correct the conference's decision").is_visible()
    accessible(page)

    page.get_by_label("No", exact=True).check()
    page.click("button:has-text('Save correction')")
    assert page.title().startswith("Error: ")
    assert "Enter why the decision is being corrected" in page.locator(".govuk-error-summary").inner_text()
    accessible(page)

    page.fill("#id_reason", "The conference decided no plan; recorded as a plan by mistake")
    page.click("button:has-text('Save correction')")
    assert "Conference decision corrected" in page.locator(".govuk-notification-banner").inner_text()
    assert "No child protection plans." in page.content()
    shown = page.locator(".cp-decision-correction").inner_text()
    assert shown.startswith(f"Decision corrected by {world['team_manager'].full_name} on ")
    assert shown.endswith("from plan needed (neglect) to no plan. Reason: The conference decided no plan; "
                          "recorded as a plan by mistake")
    accessible(page)
    assert not type(plan).objects.filter(child=child).exists()
    assert not page.console_errors
