"""The changed pages pass axe: the team manager's home, a child's header with statuses, and the
information governance page (with its errors, then the page it opens)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_child_header_and_information_governance_pages_are_accessible(page, sign_in_as, accessible, world):
    from casebook.child_protection.tests.journey import cp_plan
    from casebook.children.services import allocation_set
    from casebook.children.tests.factories import ChildFactory
    from casebook.clocks.models import Clock

    child, worker = world.child, world["allocated_worker"]
    cp_plan(child, worker, icpc_on=date(2025, 5, 6))
    today = timezone.localdate()
    Clock.objects.create(child=child, item="cp_visit_10wd", started_on=today - timedelta(days=20),
                         due_on=today - timedelta(days=2))
    waiting = ChildFactory()
    allocation_set(child=waiting, team=world.teams["east"], worker=None, acting_user=world["team_manager"])

    sign_in_as(world["team_manager"])
    page.goto(reverse("core:home"))
    assert page.locator("#team-summary").is_visible()
    assert "No social worker" in page.locator("table").first.inner_text()
    accessible(page)

    page.goto(reverse("children:summary", args=[child.casebook_id]))
    assert "Child protection plan" in page.locator("#child-status").inner_text()
    accessible(page)

    sign_in_as(world["administrator"])
    page.goto(reverse("core:home"))
    accessible(page)
    page.goto(reverse("access_audit:information-governance"))
    page.get_by_role("button", name="Open").click()
    assert page.locator(".govuk-error-summary").is_visible()
    accessible(page)
    page.get_by_label("Casebook ID of the child").fill(child.casebook_id)
    page.get_by_label("Why do you need to open it?").fill("Subject access request SAR-2026-114")
    page.get_by_label("Who has viewed the record").check()
    page.get_by_role("button", name="Open").click()
    assert page.url.endswith(reverse("access_audit:who-viewed", args=[child.casebook_id]))
    accessible(page)
