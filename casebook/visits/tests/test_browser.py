"""Recording a CP visit from the child protection page on the one visit page, in a browser: GOV.UK
errors, the clock moved, the visit once on the chronology; every page accessible."""

from datetime import date

import pytest

from casebook.child_protection.tests import journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date(page, name, d: date):
    page.fill(f"[name='{name}-day']", str(d.day))
    page.fill(f"[name='{name}-month']", str(d.month))
    page.fill(f"[name='{name}-year']", str(d.year))


def _submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def test_record_a_cp_visit_from_the_child_protection_page(page, sign_in_as, accessible, world):
    child, worker = world.child, world["allocated_worker"]
    journey.cp_plan(child, worker)  # ICPC Tuesday 6 May 2025: first visit due 20 May
    sign_in_as(worker)
    base = f"/children/{child.casebook_id}"
    page.goto(f"{base}/child-protection/")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a visit").click()
    assert page.url.endswith(f"{base}/visits/add/")
    assert page.is_checked("input[name=kind][value=cp]")  # the child's current plan
    accessible(page)

    _date(page, "visited_on", date(2025, 5, 1))  # before the plan started
    page.check("#id_seen_alone")
    _submit(page, "Save visit")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select 'Child seen' as well if the child was seen alone" in summary
    assert page.title().startswith("Error: ")
    accessible(page)
    page.check("#id_seen")
    _submit(page, "Save visit")
    assert "Date of the visit must be on or after the start of the plan (6 May 2025)" in (
        page.locator(".govuk-error-summary").inner_text())

    _date(page, "visited_on", date(2025, 5, 9))
    page.check("#id_bedroom_seen")
    page.fill("[name=wishes_and_feelings]", "I like my new bed")
    _submit(page, "Save visit")
    # 10 working days from Friday 9 May 2025: Friday 23 May.
    assert "Next statutory visit due 23 May 2025" in page.locator("#next-visit").inner_text()
    accessible(page)

    page.goto(f"{base}/chronology/")
    accessible(page)
    assert page.get_by_text("Child protection visit: child seen alone, bedroom seen").count() == 1
    page.goto(f"{base}/visits/voice/")
    assert "I like my new bed" in page.content()
    accessible(page)
    assert not page.console_errors
