"""The front door journey in a browser, with an accessibility check on every page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory
from casebook.front_door.models import Contact
from casebook.front_door.tests import factories
from casebook.workforce.services import worker_profile_save


def _date(page, prefix, day):
    page.fill(f"#id_{prefix}-day", str(day.day))
    page.fill(f"#id_{prefix}-month", str(day.month))
    page.fill(f"#id_{prefix}-year", str(day.year))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_contact_to_allocation_journey(page, sign_in_as, accessible, world):
    mash_manager = factories.front_door_manager(world.teams["mash"])
    existing = ChildFactory(first_names="Jayden", last_name="Thompson")
    today = timezone.localdate()
    received = timezone.localtime() - timedelta(minutes=30)

    page.set_default_timeout(5000)
    sign_in_as(world["mash_worker"])
    page.goto("/front-door/")
    accessible(page)
    page.click("text=Record a contact")
    page.click("button:has-text('Save and link children')")
    assert page.locator(".govuk-error-summary").is_visible()
    accessible(page)
    _date(page, "received_on", received.date())
    page.fill("#id_received_time", received.strftime("%H:%M"))
    page.select_option("#id_source", "2A")
    page.fill("#id_referrer_name", "Ms Priya Shah")
    page.fill("#id_concern", "Both children arrived hungry and said there was no food at home.")
    page.check("#id_consent_0")
    page.click("button:has-text('Save and link children')")

    # Sibling one: an existing record found by a misspelt name.
    page.fill("#id_first_names", "Jaden")
    page.fill("#id_last_name", "Thompsen")
    page.click("button:has-text('Find')")
    accessible(page)
    page.click("#matches button:has-text('Link')")
    # Sibling two: not known, so a new record.
    page.fill("#id_first_names", "Maisie")
    page.fill("#id_last_name", "Thompson")
    page.click("button:has-text('Find')")
    _date(page, "new-date_of_birth", today.replace(year=today.year - 4))
    page.check("#id_new-sex_1")
    page.click("button:has-text('Create record and link')")
    assert page.locator("#linked-children tbody tr").count() == 2
    accessible(page)
    page.click("text=Continue to triage")
    accessible(page)

    page.click("#contact-summary a[href$='/rag/']")
    page.check("#id_rag_1")  # amber
    page.fill("#id_rag_reason", "Neglect indicators for two young children")
    page.click("button:has-text('Save rating')")
    accessible(page)
    for agency, label in (("#id_agency_0", "Police"), ("#id_agency_1", "Health")):
        page.click("text=Request a partner check")
        accessible(page)
        page.check(agency)
        _date(page, "requested_on", today)
        page.click("button:has-text('Save check')")
    page.click("text=Record answer from Police")
    accessible(page)
    _date(page, "received_on", today)
    page.fill("#id_summary", "One call-out for a domestic incident last year.")
    page.click("button:has-text('Save answer')")
    assert "One call-out" in page.locator("#partner-checks").inner_text()

    page.click("text=Record the decision")
    page.check("#id_outcome_3")  # child in need
    page.fill("#id_decision_reasons", "Needs a child and family assessment: neglect concerns for both children.")
    page.check("#id_level_of_need_2")
    page.select_option("#id_primary_need", "N1")
    now = timezone.localtime()
    _date(page, "decided_on", now.date())
    page.fill("#id_decided_time", now.strftime("%H:%M"))
    accessible(page)
    page.click("button:has-text('Save decision')")
    assert "Awaiting sign-off" in page.locator("#decision").inner_text()
    contact_url = page.url

    sign_in_as(mash_manager)
    page.goto(contact_url)
    page.click("text=Sign off the decision")
    accessible(page)
    page.check("#id_confirm")
    page.click("button:has-text('Sign off decision')")
    assert mash_manager.full_name in page.locator("#decision").inner_text()

    sign_in_as(world["team_manager"])
    page.goto("/front-door/awaiting-allocation/")
    accessible(page)
    row = page.locator("#awaiting-allocation tr", has_text="Jayden")
    assert row.locator("[data-waited]").get_attribute("data-waited") == "0"
    row.locator("text=Allocate").click()
    accessible(page)
    # The worker is newly qualified with a protected caseload of 1 and already holds the world's child.
    worker_profile_save(user=world["allocated_worker"], acting_user=world["team_manager"], census_role="case_holder",
                        fte=Decimal("1"), started_on=today - timedelta(days=200), is_asye=True, asye_caseload_limit=1)
    page.check(f"input[name=worker][value='{world['allocated_worker'].pk}']")
    page.click("button:has-text('Allocate')")
    page.wait_for_selector("#caseload-warnings")
    assert "protected caseload limit of 1" in page.locator("#caseload-warnings").inner_text()
    assert "Enter why you are allocating" in page.locator(".govuk-error-summary").inner_text()
    accessible(page)
    page.fill("#id_override_reason", "Keeps the sibling group with one worker")
    page.click("button:has-text('Allocate')")
    # Maisie, from the same contact, is offered next with the same worker selected.
    page.wait_for_selector("text=Still waiting from the same contact: Maisie Thompson")
    assert page.is_checked(f"input[name=worker][value='{world['allocated_worker'].pk}']")
    accessible(page)
    page.goto("/front-door/awaiting-allocation/")
    assert "Jayden" not in page.locator("#awaiting-allocation").inner_text()
    assert "Maisie" in page.locator("#awaiting-allocation").inner_text()

    page.goto(f"/children/{existing.casebook_id}/chronology/")
    accessible(page)
    chronology = page.locator("table").inner_text()
    for step in ("Contact from Schools", "MASH decision: Child in need", "MASH decision signed off", "Referral",
                 "Allocated to Safeguarding East"):
        assert step in chronology, step
    page.goto(f"/front-door/children/{existing.casebook_id}/contacts/")
    accessible(page)
    assert Contact.objects.get().links.count() == 2
    assert not page.console_errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_manager_sends_a_decision_back_and_the_mash_worker_sees_why(page, sign_in_as, accessible, world):
    contact = factories.decided(by=world["mash_worker"], children=[world.child], outcome="nfa")
    contact_url = f"/front-door/children/{world.child.casebook_id}/contacts/{contact.pk}/"
    reason = "The school has raised bruising twice this term: this needs a child and family assessment."

    page.set_default_timeout(5000)
    sign_in_as(world["team_manager"])
    page.goto(contact_url)
    accessible(page)
    page.click("text=Sign off the decision")
    accessible(page)
    page.click("button:has-text('Send back to the MASH')")  # no reason given
    assert "Enter why you disagree with the decision" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    accessible(page)
    page.fill("#id_back-reason", reason)
    page.click("button:has-text('Send back to the MASH')")
    assert "Decision sent back to the MASH with your reason" in page.locator(".govuk-notification-banner").inner_text()
    accessible(page)

    sign_in_as(world["mash_worker"])
    page.goto("/front-door/")
    row = page.locator("#mash-queue tr", has_text=world.child.last_name)
    accessible(page)
    row.locator(f"a[href='{contact_url}']").click()
    warning = page.locator(".govuk-warning-text").inner_text()
    assert f"Sent back for a new decision by {world['team_manager'].full_name}" in warning and reason in warning
    assert "Record the decision" in page.locator("main").inner_text()  # the MASH decides again
    page.click("#decisions-sent-back summary")
    assert "No further action" in page.locator("#decisions-sent-back").inner_text()
    accessible(page)
    assert not page.console_errors
