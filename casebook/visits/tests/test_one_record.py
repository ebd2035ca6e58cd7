"""One record of each visit: CP, CIN and looked-after visit rows recorded without a Visit get one
(migration 0002, the demo), and the chronology shows each visit once."""

from datetime import date

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casebook.child_protection import services as cp
from casebook.child_protection.tests import journey
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.children_in_need import services as cin
from casebook.core import chronology
from casebook.looked_after import services as la
from casebook.visits import services
from casebook.visits.backfill import link_unrecorded_visits
from casebook.visits.models import Visit

TODAY = date(2025, 8, 1)


def _looked_after(child, user):
    la.episode_start(child=child, start_date=date(2025, 1, 6), reason_new_episode="S", legal_status="C2",
                     category_of_need="N1", placement_type="U1", placement_provider="PR1",
                     placement_postcode="LS1 1AA", home_postcode="LS2 2BB", acting_user=user)


def _earlier_visits(world):
    """Visit rows as the CP, CIN and looked-after pages wrote them before the visits app: no Visit."""
    user, child = world["allocated_worker"], world.child
    plan = journey.cp_plan(child, user)
    cp_visit = cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=True, seen_alone=True,
                                  bedroom_seen=True, acting_user=user)
    on_cin = ChildFactory()
    allocate(on_cin, user)
    cin_visit = cin.cin_visit_record(plan=journey.cin_plan(on_cin, user), visited_on=date(2025, 5, 12), seen=False,
                                     seen_alone=False, acting_user=user)
    in_care = ChildFactory()
    allocate(in_care, user)
    _looked_after(in_care, user)
    care_visit = la.visit_record(child=in_care, visit_date=date(2025, 1, 10), seen_alone=True, acting_user=user)
    return cp_visit, cin_visit, care_visit, on_cin, in_care


def _visit_titles(child):
    return [e.title for e in chronology.entries_for(child) if "visit" in e.title.lower()]


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_earlier_visit_rows_each_get_one_linked_visit(world):
    cp_visit, cin_visit, care_visit, on_cin, in_care = _earlier_visits(world)
    user = world["allocated_worker"]
    recorded = services.visit_record(child=world.child, visited_on=date(2025, 5, 16), kind="cp", seen=True,
                                     acting_user=user)  # already one record: left alone
    assert link_unrecorded_visits(apps.get_model) == 3
    assert Visit.objects.count() == 4
    v = Visit.objects.get(cp_visit=cp_visit)
    assert (v.child, v.visited_on, v.kind, v.seen, v.seen_alone, v.bedroom_seen, v.recorded_by) == (
        world.child, date(2025, 5, 9), "cp", True, True, True, user)
    v = Visit.objects.get(cin_visit=cin_visit)
    assert (v.child, v.visited_on, v.kind, v.seen, v.seen_alone) == (on_cin, date(2025, 5, 12), "cin", False, False)
    v = Visit.objects.get(care_visit=care_visit)
    # A reg 28 statutory visit is one where the child is seen.
    assert (v.child, v.visited_on, v.kind, v.seen, v.seen_alone) == (in_care, date(2025, 1, 10), "looked_after",
                                                                      True, True)
    assert not v.wishes_and_feelings  # nothing the old row did not hold is made up
    assert [h.history_type for h in v.history.all()] == ["+"]
    assert v.history.get().history_change_reason == "Visit recorded before the visits app"
    assert Visit.objects.get(pk=recorded.pk).cp_visit_id == recorded.cp_visit_id
    assert link_unrecorded_visits(apps.get_model) == 0  # run again: nothing to do


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_the_chronology_shows_each_visit_once(world):
    user = world["allocated_worker"]
    journey.cp_plan(world.child, user)
    services.visit_record(child=world.child, visited_on=date(2025, 5, 9), kind="cp", seen=True, seen_alone=True,
                          bedroom_seen=True, wishes_and_feelings="I like my room", acting_user=user)
    assert _visit_titles(world.child) == [
        "Child protection visit: child seen alone, bedroom seen; wishes and feelings recorded"]
    assert "cp-visit" not in {s.kind for s in chronology.kinds()}
    assert "cin-visit" not in {s.kind for s in chronology.kinds()}


@pytest.mark.django_db
@time_machine.travel(TODAY)
def test_earlier_visits_stay_on_the_chronology_once_linked(world):
    _, _, _, on_cin, in_care = _earlier_visits(world)
    link_unrecorded_visits(apps.get_model)
    assert _visit_titles(world.child) == ["Child protection visit: child seen alone, bedroom seen"]
    assert _visit_titles(on_cin) == ["Child in need visit: child not seen"]
    assert _visit_titles(in_care) == ["Looked-after statutory visit: child seen alone"]


@pytest.mark.django_db(transaction=True)
def test_migration_0002_links_visits_recorded_before_it(world):
    executor = MigrationExecutor(connection)
    executor.migrate([("visits", "0001_initial")])
    with time_machine.travel(TODAY):
        cp_visit, cin_visit, care_visit, _, _ = _earlier_visits(world)
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("visits", "0002_visits_for_earlier_visit_rows")])
        assert set(Visit.objects.values_list("cp_visit", "cin_visit", "care_visit")) == {
            (cp_visit.pk, None, None), (None, cin_visit.pk, None), (None, None, care_visit.pk)}
    finally:
        # Leave the database fully migrated for the tests that follow (later visits migrations
        # add columns the models read).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
