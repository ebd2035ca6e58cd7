"""Least privilege for recording: seeing a child is not enough to record on the child's pages.

The walker posts to every child page as the performance analyst and the auditor (both see every
child, for oversight) and expects the 403 page with nothing written, except on the pages whose
audience is meant for them. It posts to every child page again as an IRO who chairs the child's
looked-after review: they record the reviews and conferences they chair and nothing else. Expected
answers are written out here, independently of the rules.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit import selectors
from casebook.access_audit.decorators import ACTING_AUDIENCES, AUDIENCES, register_audience
from casebook.access_audit.models import AccessEvent
from casebook.access_audit.services import break_glass_grant
from casebook.access_audit.tests.test_url_access import _BY_NAME, AUDIENCE_EXPECTED, CHILD_CASES, _kwargs
from casebook.accounts.models import Role

READ_ONLY_PERSONAS = ("performance_analyst", "auditor")
# Pages whose audience is meant for a read-only persona to act on: an auditor records case file
# audits, and uses the information governance pages.
MAY_ACT_BY_AUDIENCE = {"case-audit": {"auditor"}, "information-governance": {"auditor"}}
# Who records on an ordinary child page, by role (written out, not read from the rules).
RECORDS = {
    Role.SOCIAL_WORKER: True, Role.SENIOR_PRACTITIONER: True, Role.TEAM_MANAGER: True,
    Role.SERVICE_MANAGER: True, Role.HEAD_OF_SERVICE: True, Role.MASH_WORKER: True, Role.IRO: False,
    Role.AUDITOR: False, Role.PERFORMANCE_ANALYST: False, Role.ADMINISTRATOR: False,
}
# The pages (URL names) where an IRO records what they chair: looked-after reviews, child
# protection conferences and corrections to them. Everywhere else on the child's record they read.
IRO_RECORDS_ON = {"looked_after:review-add", "child_protection:initial-conference-add",
                  "child_protection:review-conference-add", "child_protection:conference-edit"}


def _row_counts() -> dict[str, int]:
    """Rows in every Casebook table (records, their history, access and export events)."""
    return {m._meta.label: m._base_manager.count() for m in apps.get_models() if m.__module__.startswith("casebook.")}


@pytest.mark.parametrize(("url_name", "persona"), [c for c in CHILD_CASES if c[1] in READ_ONLY_PERSONAS])
def test_read_only_roles_cannot_record_on_a_child_page(client, world, url_name, persona):
    callback, args = _BY_NAME[url_name]
    audience = callback.casebook_access.audience
    url = reverse(url_name, kwargs=_kwargs(url_name, args, world))
    client.force_login(world[persona])
    if persona in MAY_ACT_BY_AUDIENCE.get(audience, ()):
        status = client.post(url, {}).status_code
        assert status not in (403, 404) and status < 500, f"{persona} should act on {url_name}, got {status}"
        return
    before = _row_counts()
    status = client.post(url, {}).status_code
    expected = 403 if persona in AUDIENCE_EXPECTED[audience] else 404
    assert status == expected, f"{persona} posting to {url_name}: expected {expected}, got {status}"
    after = _row_counts()
    changed = {label: (n, after[label]) for label, n in before.items() if after[label] != n}
    assert not changed, f"{persona} posting to {url_name} wrote {changed}"


def _chairing(world):
    """The world's IRO chairs a looked-after review for the child, so sees the child while it is in care."""
    from casebook.looked_after import services
    from casebook.looked_after.models import CareEpisode
    from casebook.looked_after.tests.factories import looked_after

    child, worker, today = world.child, world["allocated_worker"], timezone.localdate()
    if not CareEpisode.objects.filter(child=child, end_date__isnull=True).exists():
        looked_after(child, worker, start=today - timedelta(days=60))
    services.review_record(child=child, review_date=today - timedelta(days=1), participation="PN1",
                           chair=world["iro"], acting_user=worker)
    return world["iro"]


@pytest.mark.parametrize("url_name", sorted({c[0] for c in CHILD_CASES}))
def test_an_iro_records_only_what_they_chair(client, world, url_name):
    callback, args = _BY_NAME[url_name]
    audience = callback.casebook_access.audience
    url = reverse(url_name, kwargs=_kwargs(url_name, args, world))
    client.force_login(_chairing(world))
    if url_name in IRO_RECORDS_ON:
        status = client.post(url, {}).status_code
        assert status not in (403, 404) and status < 500, f"the chair should record on {url_name}: {status}"
        return
    before = _row_counts()
    status = client.post(url, {}).status_code
    expected = 403 if audience == "child" else 404  # the other audiences are managers, auditors and IG
    assert status == expected, f"the chair posting to {url_name}: expected {expected}, got {status}"
    after = _row_counts()
    changed = {label: (n, after[label]) for label, n in before.items() if after[label] != n}
    assert not changed, f"the chair posting to {url_name} wrote {changed}"


def test_the_chaired_pages_are_child_pages_open_to_every_viewer():
    pages = {_BY_NAME[name][0].casebook_access.page: _BY_NAME[name][0].casebook_access.audience
             for name in IRO_RECORDS_ON}
    assert set(pages) == selectors.CHAIRED_PAGES
    assert set(pages.values()) == {"child"}


VISIT = {"kind": "other", "seen": "on", "wishes_and_feelings": "I want to play football"}


def _visit_post(client, world, user):
    day = timezone.localdate() - timedelta(days=1)
    client.force_login(user)
    return client.post(reverse("visits:add", args=[world.child.casebook_id]), {
        **VISIT, "visited_on-day": day.day, "visited_on-month": day.month, "visited_on-year": day.year})


@pytest.mark.parametrize("persona", ["performance_analyst", "auditor"])
def test_a_valid_visit_from_a_read_only_role_is_refused_and_saves_nothing(client, world, persona):
    from casebook.visits.models import Visit

    response = _visit_post(client, world, world[persona])
    assert response.status_code == 403
    assert not Visit.objects.exists()
    assert not AccessEvent.objects.filter(user=world[persona]).exists()
    # The same post from the allocated worker records the visit.
    assert _visit_post(client, world, world["allocated_worker"]).status_code == 302
    assert Visit.objects.filter(child=world.child).count() == 1


def test_an_administrator_with_emergency_access_reads_but_cannot_record(client, world):
    from casebook.visits.models import Visit

    admin = world["administrator"]
    break_glass_grant(user=admin, casebook_id=world.child.casebook_id,
                      reason="Checking a reported data breach on this record out of hours.")
    client.force_login(admin)
    assert client.get(reverse("visits:list", args=[world.child.casebook_id])).status_code == 200
    assert _visit_post(client, world, admin).status_code == 403
    assert not Visit.objects.exists()


# ---- The rule (access_audit.selectors) ------------------------------------------------------------

@pytest.mark.parametrize("role", list(Role))
def test_recording_roles(role):
    assert selectors.may_record(type("U", (), {"role": role})()) is RECORDS[role]


def _access(user, child, method, **kwargs):
    return selectors.access_child(user=user, casebook_id=child.casebook_id, page="test", method=method, **kwargs)


@pytest.mark.parametrize(("page", "records"), [("care-review-add", True), ("cp-conference-edit", True),
                                               ("care-end", False), ("care-episode-add", False), ("", False)])
def test_an_iro_records_only_on_the_pages_they_chair(page, records):
    assert selectors.may_record(type("U", (), {"role": Role.IRO})(), page) is records
    assert selectors.may_record(type("U", (), {"role": Role.SOCIAL_WORKER})(), page) is True
    assert selectors.may_record(type("U", (), {"role": Role.AUDITOR})(), page) is False


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "TRACE"])
def test_every_method_but_reading_ones_needs_a_recording_role(world, method):
    with pytest.raises(PermissionDenied):
        _access(world["performance_analyst"], world.child, method)
    assert not AccessEvent.objects.exists()
    assert _access(world["allocated_worker"], world.child, method) == world.child
    assert AccessEvent.objects.get().method == method


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reading_methods_are_open_to_everyone_who_sees_the_child(world, method):
    assert _access(world["performance_analyst"], world.child, method) == world.child
    assert AccessEvent.objects.filter(user=world["performance_analyst"], method=method).count() == 1


def test_an_audience_that_names_who_acts_lets_them_record(world):
    assert _access(world["auditor"], world.child, "POST", audience_names_actors=True) == world.child


def test_a_child_the_user_cannot_see_is_not_found_before_recording_is_judged(world):
    child = world.child
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    assert _access(world["performance_analyst"], child, "POST") is None


def test_only_audiences_that_name_who_acts_are_exempt():
    assert {"child-managers", "information-governance", "case-audit"} <= ACTING_AUDIENCES
    assert "child" not in ACTING_AUDIENCES

    def everyone(user, child):
        return True

    register_audience("test-readers", everyone)
    try:
        assert "test-readers" not in ACTING_AUDIENCES
        register_audience("test-readers", everyone)  # the same rule again changes nothing
        # A registered audience cannot be changed under pages already decorated with it.
        with pytest.raises(ValueError):
            register_audience("test-readers", everyone, names_actors=True)
        with pytest.raises(ValueError):
            register_audience("test-readers", lambda user, child: False)
        assert "test-readers" not in ACTING_AUDIENCES
        assert AUDIENCES["test-readers"] is everyone
        register_audience("test-actors", everyone, names_actors=True)
        assert "test-actors" in ACTING_AUDIENCES
    finally:
        for name in ("test-readers", "test-actors"):
            AUDIENCES.pop(name, None)
            ACTING_AUDIENCES.discard(name)


# ---- Pages do not offer recording to read-only roles ------------------------------------------

RECORD_LINKS = {
    "children:summary": ["Change the child's details", "Add an address", "Add a person"],
    "visits:list": ["Record a visit"],
}


@pytest.mark.parametrize("url_name", RECORD_LINKS)
@pytest.mark.parametrize(("persona", "offered"), [("allocated_worker", True), ("performance_analyst", False),
                                                  ("auditor", False)])
def test_child_pages_offer_recording_only_to_recording_roles(client, world, url_name, persona, offered):
    client.force_login(world[persona])
    body = client.get(reverse(url_name, args=[world.child.casebook_id])).content.decode()
    for text in RECORD_LINKS[url_name]:
        assert (text in body) is offered, f"{text!r} on {url_name} for {persona}"


def test_the_care_page_offers_an_iro_the_review_and_no_casework(client, world):
    client.force_login(_chairing(world))
    body = client.get(reverse("looked_after:care", args=[world.child.casebook_id])).content.decode()
    assert "Record a looked-after review" in body
    for text in ("Record a change of legal status or placement", "End the period of care",
                 "Record the care plan", "Record a statutory visit"):
        assert text not in body, f"{text!r} offered to the IRO"
