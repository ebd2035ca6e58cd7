"""Children open to a team with no social worker who are not in the awaiting-allocation queue
(their worker's allocation ended without a new one, or they were opened to the team another way):
the second list on the awaiting-allocation page, and the caseloads page's count that agrees with
the two lists."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.children.models import Child
from casebook.children.services import allocation_end, allocation_set
from casebook.children.tests.factories import ChildFactory
from casebook.core.workdays import working_days_between
from casebook.front_door import selectors
from casebook.front_door.models import Contact
from casebook.front_door.tests import factories

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - timedelta(days=days)


def _worker_left(world, *, days_ago, team="east"):
    """A child whose worker's allocation ended `days_ago` days ago, leaving the case with the team."""
    child = ChildFactory()
    allocation_set(child=child, team=world.teams["east"], worker=world["allocated_worker"],
                   acting_user=world["team_manager"], reason="Case opened", at=_ago(days_ago + 30))
    allocation_set(child=child, team=world.teams[team], worker=None, acting_user=world["team_manager"],
                   reason="Social worker left", at=_ago(days_ago))
    return child


def _opened_without_worker(world, *, days_ago, team="east"):
    """A child opened to a team with no worker and no threshold decision."""
    child = ChildFactory()
    allocation_set(child=child, team=world.teams[team], worker=None, acting_user=world["team_manager"],
                   reason="Case opened", at=_ago(days_ago))
    return child


def _in_queue(world, *, team="east"):
    """A child with a signed-off child in need decision and no worker: the front door queue's."""
    child = ChildFactory()
    contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child],
                                   rag="amber", outcome="cin")
    Contact.objects.filter(pk=contact.pk).update(signed_off_at=_ago(4))
    Child.objects.filter(pk=child.pk).update(allocated_team=world.teams[team])
    return child


def test_which_children_in_what_order_and_since_when(world):
    left = _worker_left(world, days_ago=20)
    opened = _opened_without_worker(world, days_ago=40)
    queued = _in_queue(world)
    closed = _worker_left(world, days_ago=60)
    allocation_end(child=closed, acting_user=world["team_manager"])
    # Held by a worker, closed, then reopened without one: the wait runs from the reopening.
    reopened = ChildFactory()
    allocation_set(child=reopened, team=world.teams["east"], worker=world["allocated_worker"],
                   acting_user=world["team_manager"], reason="Case opened", at=_ago(200))
    allocation_end(child=reopened, acting_user=world["team_manager"], at=_ago(90))
    allocation_set(child=reopened, team=world.teams["east"], worker=None, acting_user=world["team_manager"],
                   reason="Case reopened", at=_ago(10))
    # Moved to another team without a worker: the wait still runs from when the worker's allocation ended.
    moved = _worker_left(world, days_ago=30)
    allocation_set(child=moved, team=world.teams["west"], worker=None, acting_user=world["team_manager"],
                   reason="Transferred", at=_ago(5))
    listed = list(selectors.needing_new_worker(user=world["head_of_service"]))

    assert [c.pk for c in listed] == [opened.pk, moved.pk, left.pk, reopened.pk]  # longest without a worker first
    assert queued.pk not in [c.pk for c in listed] and closed.pk not in [c.pk for c in listed]
    by_pk = {c.pk: c for c in listed}
    worker = world["allocated_worker"]
    assert by_pk[left.pk].last_worker_name == worker.full_name
    assert by_pk[left.pk].last_worker_team == "Safeguarding East"
    assert by_pk[left.pk].allocation_reason == "Social worker left"
    assert by_pk[left.pk].without_worker_since == by_pk[left.pk].last_worker_ended_at
    assert by_pk[opened.pk].last_worker_name is None and by_pk[opened.pk].allocation_reason == "Case opened"
    assert by_pk[moved.pk].without_worker_since.date() == _ago(30).date()
    assert by_pk[reopened.pk].without_worker_since.date() == _ago(10).date()
    assert by_pk[reopened.pk].last_worker_ended_at.date() == _ago(90).date()
    row = selectors.no_worker_rows([by_pk[left.pk]], today=timezone.localdate())[0]
    assert row.working_days == working_days_between(timezone.localdate(_ago(20)), timezone.localdate())


def test_team_filter_and_access(world):
    east = _worker_left(world, days_ago=8)
    west = _worker_left(world, days_ago=9, team="west")
    hidden = _worker_left(world, days_ago=7)
    Child.objects.filter(pk=hidden.pk).update(is_restricted=True)

    def listed(user, team=""):
        return [c.pk for c in selectors.needing_new_worker(user=user, team=team)]

    manager = world["team_manager"]  # Safeguarding East
    assert listed(manager, selectors.MINE) == [east.pk]
    assert listed(manager) == [east.pk]  # another team's children stay out of sight; so does a restricted child
    assert listed(manager, str(world.teams["west"].pk)) == []
    assert listed(manager, selectors.NO_TEAM) == []
    assert listed(world["service_manager"]) == [west.pk, east.pk]
    assert listed(world["service_manager"], str(world.teams["west"].pk)) == [west.pk]
    assert listed(world["other_team_manager"]) == []
    assert listed(world["other_service_manager"]) == []
    assert selectors.no_worker_counts(user=manager, team_ids=[world.teams["east"].pk]) == {world.teams["east"].pk: (0, 1)}


def _count_after(body, marker):
    return int(re.search(rf"(\d+) child(?:ren)? {marker}", body).group(1))


def test_page_lists_both_and_the_caseloads_count_agrees(client, world):
    left = _worker_left(world, days_ago=20)
    opened = _opened_without_worker(world, days_ago=40)
    queued = _in_queue(world)
    _worker_left(world, days_ago=3, team="west")
    client.force_login(world["team_manager"])

    body = client.get(reverse("front_door:awaiting-allocation")).content.decode()
    queue, needing = body.split('id="needing-new-worker"')
    assert queued.casebook_id in queue and left.casebook_id not in queue
    assert needing.index(opened.casebook_id) < needing.index(left.casebook_id)
    assert queued.casebook_id not in needing
    assert reverse("front_door:allocate", args=[left.casebook_id]) in needing
    assert "the leaders' overview counts as waiting for allocation" in queue
    days = working_days_between(timezone.localdate(_ago(20)), timezone.localdate())
    assert f'data-without-worker="{days}">{days} working days' in needing
    assert _count_after(body, "waiting") == 1 and _count_after(body, "needing a new worker") == 2

    east = world.teams["east"]
    caseloads = client.get(reverse("workforce:caseloads")).content.decode()
    assert 'data-no-worker="3">3: 1 in the awaiting-allocation queue, 2 needing a new worker' in caseloads
    link = f'{reverse("front_door:awaiting-allocation")}?team={east.pk}'
    assert f'href="{link}"' in caseloads
    team_body = client.get(link).content.decode()
    assert _count_after(team_body, "waiting") + _count_after(team_body, "needing a new worker") == 3


def test_page_queries_do_not_grow_with_the_children_needing_a_worker(client, world):
    client.force_login(world["team_manager"])
    url = reverse("front_door:awaiting-allocation")
    _worker_left(world, days_ago=3)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for days in range(4, 10):
        _opened_without_worker(world, days_ago=days) if days % 2 else _worker_left(world, days_ago=days)
    with CaptureQueriesContext(connection) as seven:
        body = client.get(url).content.decode()
    assert "7 children needing a new worker" in body
    assert len(seven) == len(one)
