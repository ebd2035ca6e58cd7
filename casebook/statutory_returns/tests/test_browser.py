"""One journey through the returns pages in a browser, each page checked for accessibility."""

import pytest

from casebook.statutory_returns.models import ReturnKind
from casebook.statutory_returns.services import validation_run_record
from casebook.statutory_returns.years import current_year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_returns_findings_annex_a_and_child_panel(page, sign_in_as, accessible, world):
    child = world.child.casebook_id
    validation_run_record(kind=ReturnKind.CIN, year=current_year(), children=1, acting_user=world["head_of_service"],
                          result={"crashed": [], "findings": [
                              {"rule_code": "8610", "message": "Primary need code is missing", "severity": "error",
                               "child_id": child, "table": "CINdetails", "field": "PrimaryNeedCode"},
                              {"rule_code": "2887Q", "message": "Fewer than 8 children with no disability",
                               "severity": "query", "child_id": None}]})
    sign_in_as(world["performance_analyst"])
    page.goto("/returns/")
    assert page.locator("#findings-cin").inner_text().count("8610") == 1
    accessible(page)

    page.click("text=Ofsted Annex A lists (spreadsheet)")
    page.click("button:has-text('Download the lists')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    accessible(page)

    sign_in_as(world["allocated_worker"])
    page.goto(f"/children/{child}/")
    assert "Primary need code is missing" in page.locator("#child-return-findings").inner_text()
    accessible(page)
