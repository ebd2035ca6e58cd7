"""Home pages: what is overdue or due per child, the team's unallocated children, and a useful
page for roles that hold no cases."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.child_protection.tests.journey import cp_plan
from casebook.children.services import allocation_set
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.clocks.models import Clock

HOME = reverse("core:home")


def _clock(child, item, due_in_days):
    today = timezone.localdate()
    return Clock.objects.create(child=child, item=item, started_on=today - timedelta(days=30),
                                due_on=today + timedelta(days=due_in_days))


def _row(body, child):
    start = body.index(reverse("children:summary", args=[child.casebook_id]))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body[start:body.index("</tr>", start)]))


def test_social_worker_sees_per_child_what_is_overdue_or_due_and_the_status(client, world):
    worker, child = world["allocated_worker"], world.child
    cp_plan(child, worker)
    Clock.objects.filter(child=child).delete()  # only the clocks below
    _clock(child, "cp_visit_10wd", -3)
    _clock(child, "assessment_45wd", 1)
    _clock(child, "cp_review_6m", 60)  # not due soon: not shown
    client.force_login(worker)
    row = _row(client.get(HOME).content.decode(), child)
    assert "CP" in row
    assert "Overdue Child protection visit" in row
    assert "Due soon Child and family assessment" in row
    assert "Review conference" not in row


def test_home_query_count_does_not_grow_with_children(client, world):
    worker = world["allocated_worker"]
    client.force_login(worker)
    client.get(HOME)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME)
    for _ in range(4):
        extra = ChildFactory()
        allocate(extra, worker)
        _clock(extra, "cp_visit_10wd", -1)
        _clock(extra, "assessment_45wd", 2)
    with CaptureQueriesContext(connection) as five:
        body = client.get(HOME).content.decode()
    assert body.count("Overdue</strong> Child protection visit") == 4
    assert len(five) == len(one)


def test_team_manager_sees_unallocated_children_flagged_with_an_allocate_link(client, world):
    manager = world["team_manager"]
    waiting = ChildFactory(first_names="Alex", last_name="Waiting")
    allocation_set(child=waiting, team=world.teams["east"], worker=None, acting_user=manager)
    _clock(world.child, "cp_visit_10wd", -2)
    client.force_login(manager)
    body = client.get(HOME).content.decode()
    row = _row(body, waiting)
    assert "No social worker" in row
    assert f'href="{reverse("front_door:allocate", args=[waiting.casebook_id])}"' in body
    summary = re.sub(r"<[^>]+>", "", body[body.index('id="team-summary"'):].split("</p>")[0])
    assert "2 children: 1 without a social worker, 1 with overdue statutory items." in summary
    # Unallocated first.
    assert body.index(waiting.casebook_id) < body.index(world.child.casebook_id)


def test_administrator_gets_their_pages_not_a_dead_end(client, world):
    client.force_login(world["administrator"])
    body = client.get(HOME).content.decode()
    assert "No children are allocated to you" not in body
    pages = body[body.index('id="role-pages"'):]
    assert f'href="{reverse("access_audit:access-review")}"' in pages
    assert f'href="{reverse("access_audit:information-governance")}"' in pages


def test_head_of_service_sees_the_overdue_count_and_their_pages(client, world):
    _clock(world.child, "cp_visit_10wd", -2)
    _clock(world.child, "assessment_45wd", -1)
    _clock(world.child, "cp_review_6m", 5)
    client.force_login(world["head_of_service"])
    body = client.get(HOME).content.decode()
    assert re.search(r">2</span><a class=\"govuk-link\" href=\"" + reverse("oversight:dashboard")
                     + r"\">Statutory items overdue</a>", body)
    assert "No children are allocated to you" not in body
    assert f'href="{reverse("workforce:overview")}"' in body
