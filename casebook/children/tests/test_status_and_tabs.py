"""The child's header says their legal status; the Care and Missing tabs appear only when they have
something to show, and the summary offers a first record instead."""

import re
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.child_protection.tests.journey import cp_plan
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.looked_after import services as la_services
from casebook.looked_after.tests.factories import looked_after


def _tabs(body):
    nav = body[body.index('aria-label="Child\'s record"'):]
    return re.findall(r'service-navigation__link"[^>]*>(?:<strong[^>]*>)?([^<]+)<', nav[:nav.index("</nav>")])


def _status(body):
    if 'id="child-status"' not in body:
        return ""
    part = body[body.index('id="child-status">') + len('id="child-status">'):]
    return re.sub(r"<[^>]+>", "", part[:part.index("</ul>")]).split()


def test_a_child_never_in_care_has_no_care_or_missing_tab_and_a_way_to_start_one(client, world):
    client.force_login(world["allocated_worker"])
    body = client.get(reverse("children:summary", args=[world.child.casebook_id])).content.decode()
    tabs = _tabs(body)
    assert "Summary" in tabs and "Care" not in tabs and "Missing" not in tabs
    assert _status(body) == ""
    assert f'href="{reverse("looked_after:episode-add", args=[world.child.casebook_id])}">Start a care episode' in body
    assert f'href="{reverse("looked_after:missing-add", args=[world.child.casebook_id])}">Record a missing episode' in body


def test_header_shows_cp_plan_with_category(client, world):
    worker = world["allocated_worker"]
    cp_plan(world.child, worker, icpc_on=date(2025, 5, 6), category="NEG")
    client.force_login(worker)
    body = client.get(reverse("children:chronology", args=[world.child.casebook_id])).content.decode()
    assert " ".join(_status(body)) == "Child protection plan Neglect, since 6 May 2025"


def test_looked_after_child_with_a_recent_missing_episode(client, world):
    worker, child = world["allocated_worker"], world.child
    looked_after(child, worker, start=date(2025, 9, 1), legal_status="C2")
    went = timezone.now() - timedelta(days=2)
    la_services.missing_record(child=child, kind="M", started_at=went, ended_at=went + timedelta(hours=5),
                               acting_user=worker)
    client.force_login(worker)
    body = client.get(reverse("children:summary", args=[child.casebook_id])).content.decode()
    status = " ".join(_status(body))
    assert "Looked after C2: full care order, since 1 September 2025" in status
    assert f"Missing episode went missing {timezone.localtime(went).day} " in status
    tabs = _tabs(body)
    assert "Care" in tabs and "Missing" in tabs
    assert "Start a care episode" not in body and "Record a missing episode" not in body


def test_summary_query_count_does_not_grow_with_the_childs_records(client, world):
    """The header's status and the tabs cost the same queries for a child with nothing and a child
    with a plan, care and missing episodes."""
    worker = world["allocated_worker"]
    plain = ChildFactory()
    allocate(plain, worker)
    busy = world.child
    cp_plan(busy, worker)
    looked_after(busy, worker, start=date(2025, 9, 1))
    for days in (40, 10, 2):
        went = timezone.now() - timedelta(days=days)
        la_services.missing_record(child=busy, kind="M", started_at=went, ended_at=went + timedelta(hours=3),
                                   acting_user=worker)
    client.force_login(worker)
    counts = []
    for child in (plain, busy):
        url = reverse("children:chronology", args=[child.casebook_id])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        status = [q["sql"] for q in queries.captured_queries if "looked_after" in q["sql"] or "cpplan" in q["sql"]
                  or "cinplan" in q["sql"]]
        counts.append(len(status))
    assert counts[0] == counts[1]
