"""The acceptance journey: a team manager follows an overdue number to the child and records
oversight with an action; the worker sees it; an auditor audits the child and a second auditor
moderates; the audit programme updates. Every page passes the accessibility check."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.clocks.models import Clock
from casebook.oversight.models import PracticeStandard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page, name, day):
    page.locator(f'input[name="{name}-day"]').fill(str(day.day))
    page.locator(f'input[name="{name}-month"]').fill(str(day.month))
    page.locator(f'input[name="{name}-year"]').fill(str(day.year))


def test_oversight_journey(page, sign_in_as, accessible, world):
    today = timezone.localdate()
    child = world.child
    Clock.objects.create(child=child, item="cp_visit_10wd", started_on=today - datetime.timedelta(days=20),
                         due_on=today - datetime.timedelta(days=2))
    second_auditor = UserFactory(role=Role.AUDITOR, email="second.auditor@example.gov.uk")

    sign_in_as(world["team_manager"])
    page.goto("/oversight/dashboard/")
    expect(page.get_by_role("heading", name="Safeguarding East")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name="1 overdue: Child protection visit").click()
    expect(page.get_by_role("heading", name="Overdue: Child protection visit")).to_be_visible()
    accessible(page)
    page.get_by_role("link", name=child.display_name).click()
    page.get_by_role("link", name="Oversight").click()
    accessible(page)
    page.get_by_role("link", name="Record management oversight").click()
    page.get_by_role("button", name="Save oversight").click()  # empty: GOV.UK errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    accessible(page)
    _fill_date(page, "occurred_on", today)
    page.get_by_label("Escalation").check()
    page.get_by_label("Direction given").fill("Visit overdue: see the child alone this week and update the plan")
    page.get_by_label("Action 1 (optional)").fill("See the child alone and record their wishes")
    page.get_by_label("Who owns action 1").select_option(label=world["allocated_worker"].full_name)
    _fill_date(page, "action_1_due_on", today + datetime.timedelta(days=5))
    page.get_by_role("button", name="Save oversight").click()
    expect(page.get_by_text("Management oversight recorded")).to_be_visible()

    sign_in_as(world["allocated_worker"])
    page.goto("/oversight/actions/")
    expect(page.get_by_role("cell", name="See the child alone and record their wishes", exact=True)).to_be_visible()
    accessible(page)

    sign_in_as(world["auditor"])
    page.goto(f"/oversight/children/{child.casebook_id}/oversight/")
    page.get_by_role("link", name="Start a case file audit").click()
    accessible(page)
    page.get_by_role("button", name="Start audit").click()
    for standard in PracticeStandard.objects.filter(active=True):
        page.locator(f'input[name="standard_{standard.pk}_grade"][value="good"]').check()
        page.locator(f'textarea[name="standard_{standard.pk}_evidence"]').fill("Evidence on the file")
    page.locator('input[name="overall_grade"][value="requires_improvement"]').check()
    page.get_by_label("Evidence for the overall grade").fill("Visits are late; the plan is drifting")
    accessible(page)
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.get_by_text("Audit submitted for moderation")).to_be_visible()
    audit_url = page.url

    sign_in_as(second_auditor)
    page.goto(audit_url)
    page.get_by_role("link", name="Moderate this audit").click()
    accessible(page)
    page.get_by_role("button", name="Save moderation").click()
    expect(page.get_by_text("Moderation recorded")).to_be_visible()

    page.goto("/oversight/audits/")
    expect(page.locator("#figure-done")).to_have_text("1")
    expect(page.locator("#figure-in-moderation")).to_have_text("0")
    accessible(page)

    sign_in_as(world["team_manager"])
    page.goto("/oversight/supervision/")
    accessible(page)
