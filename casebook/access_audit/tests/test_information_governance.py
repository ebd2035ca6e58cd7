"""Information governance: an administrator or auditor opens one child's subject access bundle and
"who has viewed" page with a recorded reason, and nothing more of the record."""

import pytest
from django.urls import reverse

from casebook.access_audit import reports
from casebook.access_audit.models import AccessEvent, BreakGlassGrant, GrantScope
from casebook.access_audit.rules import can_view_child

IG_URL = reverse("access_audit:information-governance")
REASON = "Subject access request SAR-2026-114 from the child's mother"


def _ask(client, child, page="subject-access", reason=REASON):
    return client.post(IG_URL, {"casebook_id": child.casebook_id.lower(), "reason": reason, "page": page})


def test_administrator_is_refused_the_pages_without_a_grant(client, world):
    client.force_login(world["administrator"])
    for name in ("subject-access", "who-viewed"):
        assert client.get(reverse(f"access_audit:{name}", args=[world.child.casebook_id])).status_code == 404


@pytest.mark.parametrize("page", ["subject-access", "who-viewed"])
def test_administrator_with_a_reason_opens_the_page_and_it_is_logged(client, world, page):
    admin, child = world["administrator"], world.child
    client.force_login(admin)
    response = _ask(client, child, page)
    url = reverse(f"access_audit:{page}", args=[child.casebook_id])
    assert response.status_code == 302 and response["Location"] == url
    assert client.get(url).status_code == 200

    grant = BreakGlassGrant.objects.get(user=admin)
    assert (grant.child, grant.reason, grant.scope) == (child, REASON, GrantScope.INFORMATION_GOVERNANCE)
    event = AccessEvent.objects.get(user=admin)
    assert (event.child, event.page, event.via_break_glass) == (child, page, True)
    # In the access review's emergency access report, with its reason and the page opened.
    row = next(r for r in reports.REPORTS["emergency-access"].rows() if r["child"] == child.casebook_id)
    assert (row["reason"], row["views"], row["scope"]) == (REASON, 1, "Information governance")


def test_the_grant_opens_nothing_else_of_the_record(client, world):
    admin, child = world["administrator"], world.child
    client.force_login(admin)
    _ask(client, child)
    assert not can_view_child(admin, child)
    for name in ("children:summary", "children:chronology", "children:history"):
        assert client.get(reverse(name, args=[child.casebook_id])).status_code == 404, name
    search = client.get(reverse("children:search"), {"q": child.casebook_id}).content.decode()
    assert reverse("children:summary", args=[child.casebook_id]) not in search
    assert not AccessEvent.objects.filter(user=admin).exclude(page="subject-access").exists()


def test_auditor_can_open_who_has_viewed_with_a_grant(client, world):
    """Auditors see every child but not the access log (managers' page) until they ask, with a reason."""
    auditor, child = world["auditor"], world.child
    client.force_login(auditor)
    url = reverse("access_audit:who-viewed", args=[child.casebook_id])
    assert client.get(url).status_code == 404
    _ask(client, child, "who-viewed")
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["allocated_worker", "team_manager", "performance_analyst", "mash_worker"])
def test_other_roles_cannot_use_the_page(client, world, persona):
    client.force_login(world[persona])
    assert client.get(IG_URL).status_code == 403
    assert _ask(client, world.child).status_code == 403
    assert not BreakGlassGrant.objects.exists()


def test_a_reason_is_required_and_restricted_or_unknown_records_are_refused(client, world):
    from casebook.children.tests.factories import ChildFactory

    client.force_login(world["administrator"])
    body = _ask(client, world.child, reason="").content.decode()
    assert "Enter why you need to open it" in body
    restricted = ChildFactory(is_restricted=True)
    for casebook_id in (restricted.casebook_id, "CBNOSUCHID"):
        response = client.post(IG_URL, {"casebook_id": casebook_id, "reason": REASON, "page": "subject-access"})
        assert response.status_code == 200
        assert "No record you can open for information governance has that Casebook ID" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert client.get(reverse("access_audit:subject-access", args=[restricted.casebook_id])).status_code == 404


def test_an_expired_grant_opens_nothing(client, world):
    import time_machine
    from datetime import timedelta

    from django.utils import timezone

    admin, child = world["administrator"], world.child
    client.force_login(admin)
    _ask(client, child)
    url = reverse("access_audit:subject-access", args=[child.casebook_id])
    assert client.get(url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1)):
        client.force_login(admin)
        assert client.get(url).status_code == 404
