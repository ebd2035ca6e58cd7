"""Drift and delay counts on a hand-built data set with known answers, at each level."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.oversight import selectors

VISIT, ICPC = "cp_visit_10wd", "icpc_15wd"


@pytest.fixture
def drift(world, make_clock):
    """c1 (allocated worker, east), c2 (team colleague, east), c3 (west), c4 (children in care)."""
    today = timezone.localdate()
    west_worker = UserFactory(role=Role.SOCIAL_WORKER, team=world.teams["west"])
    c1 = world.child
    c2, c3, c4 = ChildFactory(), ChildFactory(), ChildFactory()
    allocate(c2, world["team_colleague"])
    allocate(c3, west_worker)
    allocate(c4, world["other_team_worker"])
    day = datetime.timedelta(days=1)
    make_clock(c1, VISIT, due=today - day)  # overdue
    make_clock(c1, ICPC, due=today)  # due (today is within 5 working days)
    make_clock(c1, VISIT, due=today - 20 * day, completed=today - 10 * day)  # late, in the last 3 months
    make_clock(c2, VISIT, due=today - 3 * day)  # overdue
    make_clock(c2, VISIT, due=today + 60 * day)  # not yet due
    make_clock(c2, VISIT, due=today - 3 * day, cancelled=True)  # cancelled: never counted
    make_clock(c2, ICPC, due=today - 40 * day, completed=today - 41 * day)  # met: not counted
    make_clock(c3, ICPC, due=today - 2 * day)  # overdue
    make_clock(c3, VISIT, due=today - 200 * day, completed=today - 180 * day)  # late, but too long ago
    make_clock(c4, VISIT, due=today - 30 * day, completed=today - 5 * day)  # late
    return {"c1": c1, "c2": c2, "c3": c3, "c4": c4, "west_worker": west_worker}


def _counts(user, **scope_args):
    scope = selectors.scope_for(user, **scope_args)
    return {r["item"]: (r["overdue"], r["due_soon"], r["late"]) for r in selectors.drift_counts(user=user, scope=scope)}


def test_worker_level(world, drift):
    assert _counts(world["allocated_worker"]) == {VISIT: (1, 0, 1), ICPC: (0, 1, 0)}
    assert _counts(world["other_team_worker"]) == {VISIT: (0, 0, 1)}


def test_team_level(world, drift):
    assert _counts(world["team_manager"]) == {VISIT: (2, 0, 1), ICPC: (0, 1, 0)}
    # The manager can narrow to one worker in the team.
    assert _counts(world["team_manager"], worker_id=str(world["team_colleague"].pk)) == {VISIT: (1, 0, 0)}


def test_service_level(world, drift):
    assert _counts(world["service_manager"]) == {VISIT: (2, 0, 1), ICPC: (1, 1, 0)}
    assert _counts(world["head_of_service"]) == {VISIT: (2, 0, 2), ICPC: (1, 1, 0)}
    assert _counts(world["head_of_service"], team_id=str(world.teams["west"].pk)) == {ICPC: (1, 0, 0)}


def test_breakdown_by_team_and_worker(world, drift):
    hos = world["head_of_service"]
    by_team = {r["name"]: (r["overdue"], r["due_soon"], r["late"])
               for r in selectors.drift_breakdown(user=hos, scope=selectors.scope_for(hos))}
    assert by_team == {"Safeguarding East": (2, 1, 1), "Safeguarding West": (1, 0, 0), "Children in Care": (0, 0, 1)}
    tm = world["team_manager"]
    by_worker = {r["id"]: r["overdue"] for r in selectors.drift_breakdown(user=tm, scope=selectors.scope_for(tm))}
    assert by_worker == {world["allocated_worker"].pk: 1, world["team_colleague"].pk: 1}


def test_counts_agree_with_clock_status(world, drift):
    """The Q rules are the clock_status() rules: every open clock counted as overdue says overdue."""
    from casebook.clocks.models import Clock
    from casebook.clocks.status import clock_status

    today = timezone.localdate()
    overdue = [c for c in Clock.objects.all() if clock_status(due_on=c.due_on, completed_on=c.completed_on, today=today,
                                                              cancelled=c.cancelled) == "overdue"]
    hos = world["head_of_service"]
    total = sum(r["overdue"] for r in selectors.drift_counts(user=hos, scope=selectors.scope_for(hos)))
    assert total == len(overdue) == 3


def test_scope_outside_remit_is_not_found(client, world, drift):
    client.force_login(world["team_manager"])
    assert client.get(reverse("oversight:dashboard"), {"team": world.teams["west"].pk}).status_code == 404
    client.force_login(world["allocated_worker"])
    assert client.get(reverse("oversight:dashboard"), {"worker": world["team_colleague"].pk}).status_code == 404


def test_number_links_to_the_children_behind_it(client, world, drift):
    client.force_login(world["team_manager"])
    page = client.get(reverse("oversight:dashboard")).content.decode()
    link = reverse("oversight:items") + f"?team={world.teams['east'].pk}&amp;item={VISIT}&amp;measure=overdue"
    assert link in page
    listing = client.get(reverse("oversight:items"), {"team": world.teams["east"].pk, "item": VISIT,
                                                      "measure": "overdue"}).content.decode()
    assert drift["c1"].casebook_id in listing and drift["c2"].casebook_id in listing
    assert drift["c3"].casebook_id not in listing


def test_csv_is_logged_and_scoped(client, world, drift):
    from casebook.access_audit.models import ExportEvent

    client.force_login(world["team_manager"])
    response = client.get(reverse("oversight:items-csv"), {"measure": "overdue"})
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert drift["c1"].casebook_id in body and drift["c3"].casebook_id not in body
    assert ExportEvent.objects.filter(user=world["team_manager"]).count() == 1


def test_open_cases_flags_and_columns(client, world, drift):
    from casebook.oversight.services import oversight_record

    oversight_record(child=drift["c1"], occurred_on=timezone.localdate() - datetime.timedelta(days=4),
                     kind="decision", direction="Hold a strategy discussion", actions=[],
                     acting_user=world["team_manager"])
    hos = world["head_of_service"]
    rows = {c.pk: c for c in selectors.open_cases(user=hos, scope=selectors.scope_for(hos))}
    assert selectors.days_since(rows[drift["c1"].pk].last_oversight) == 4
    assert rows[drift["c2"].pk].last_oversight is None
    assert selectors.days_since(rows[drift["c2"].pk].last_visit) is None
    from casebook.visits.models import Visit

    Visit.objects.create(child=drift["c2"], visited_on=timezone.localdate() - datetime.timedelta(days=9), kind="other",
                         seen=True, seen_alone=True, wishes_and_feelings="I want to stay at my school")
    Visit.objects.create(child=drift["c2"], visited_on=timezone.localdate() - datetime.timedelta(days=2), kind="other",
                         seen=True)
    rows = {c.pk: c for c in selectors.open_cases(user=hos, scope=selectors.scope_for(hos))}
    assert [selectors.days_since(getattr(rows[drift["c2"].pk], f)) for f in ("last_visit", "last_seen_alone",
                                                                               "last_wishes")] == [2, 9, 9]
    no_oversight = selectors.open_cases(user=hos, scope=selectors.scope_for(hos), flag="no-oversight")
    assert drift["c1"].pk not in {c.pk for c in no_oversight}


@pytest.mark.parametrize("url_name", ["oversight:dashboard", "oversight:open-cases", "oversight:items"])
def test_query_count_does_not_grow_with_data(client, world, drift, make_clock, url_name):
    client.force_login(world["head_of_service"])
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _ in range(5):
        child = ChildFactory()
        allocate(child, world["allocated_worker"])
        make_clock(child, VISIT, due=timezone.localdate() - datetime.timedelta(days=2))
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before)
