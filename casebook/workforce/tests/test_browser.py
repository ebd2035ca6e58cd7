"""The leaders' journey in a browser, with an accessibility check on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from casebook.workforce.models import ActionStatus, ImprovementAction
from casebook.workforce.services import action_create, recommendation_create


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_head_of_service_overview_queue_and_improvement_plan(page, sign_in_as, accessible, world):
    hos = world["head_of_service"]
    rec = recommendation_create(title="Reduce caseloads for experienced staff", source="Ofsted letter, March 2026",
                                figure_key="average-caseload", acting_user=hos)
    action = action_create(recommendation=rec, description="Recruit four permanent social workers",
                           owner=world["service_manager"], due_on=datetime.date(2026, 1, 31), acting_user=hos)
    sign_in_as(hos)

    page.goto("/workforce/overview/")
    expect(page.get_by_role("heading", name="Leaders' overview")).to_be_visible()
    expect(page.get_by_role("heading", name="Case file audits and grades")).to_be_visible()
    expect(page.locator("#breakdown-audits")).to_be_visible()
    accessible(page)

    # From a week in a figure's table to the children behind it, and on to the week before.
    page.locator("#figure-visits").locator("xpath=..").get_by_role("link", name="children behind the figure").first.click()
    page.wait_for_url("**/overview/visits/children/?week=**")
    expect(page.get_by_role("heading", name="Visits in timescale: children behind the figure")).to_be_visible()
    accessible(page)
    week = page.locator(".govuk-caption-l").inner_text()
    page.get_by_role("link", name="Previous week").click()
    expect(page.locator(".govuk-caption-l")).not_to_have_text(week)
    page.get_by_role("link", name="Back to the leaders' overview").click()
    page.wait_for_url("**/workforce/overview/#figure-visits")

    page.goto("/workforce/caseloads/weights-and-caps/")
    page.get_by_label("Weight for child protection cases").fill("9")
    page.get_by_role("button", name="Save weights and caps").click()
    expect(page.locator(".govuk-error-summary").get_by_role(
        "link", name="Weight for child protection cases must be between 0.1 and 5")).to_be_visible()
    accessible(page)
    page.goto("/workforce/overview/")

    page.get_by_role("link", name="Children waiting for allocation").first.click()
    page.wait_for_url(lambda url: "/front-door/" in url or "/workforce/caseloads/" in url)
    assert "/front-door/awaiting-allocation/" in page.url or "/workforce/caseloads/" in page.url
    accessible(page)

    page.goto("/workforce/caseloads/")
    expect(page.get_by_role("heading", name="Safeguarding East")).to_be_visible()
    accessible(page)

    page.goto("/workforce/improvement-plan/")
    expect(page.get_by_text("Overdue", exact=True)).to_be_visible()
    expect(page.locator("#overdue").get_by_role("link", name="Recruit four permanent social workers")).to_be_visible()
    accessible(page)
    page.locator("#overdue").get_by_role("link", name="Recruit four permanent social workers").click()
    page.wait_for_url("**/improvement-plan/actions/**")
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    accessible(page)
    page.get_by_label("Evidence of impact (optional)").fill("Four social workers started in February")
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action updated")).to_be_visible()
    accessible(page)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and ImprovementAction.objects.count() == 1
    assert not page.console_errors
