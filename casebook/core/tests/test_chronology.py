"""The chronology registry: each app adds a kind; the page merges them newest first and filters."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from casebook.core import chronology

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the project's own sources come back afterwards."""
    monkeypatch.setattr(chronology, "_sources", {})
    return chronology


def visits(child):
    return [chronology.Entry(when=datetime(2026, 3, 2, 10, 0, tzinfo=LONDON), kind="visit", title="Home visit"),
            chronology.Entry(when=datetime(2026, 3, 9, 15, 30, tzinfo=LONDON), kind="visit", title="School visit")]


def meetings(child):
    return [chronology.Entry(when=date(2026, 3, 5), kind="meeting", title="Strategy discussion")]


def test_two_kinds_merge_newest_first(registry):
    registry.register("visit", "Visits", visits)
    registry.register("meeting", "Meetings", meetings)
    titles = [e.title for e in registry.entries_for(object())]
    assert titles == ["School visit", "Strategy discussion", "Home visit"]


def test_filter_by_kind(registry):
    registry.register("visit", "Visits", visits)
    registry.register("meeting", "Meetings", meetings)
    assert [e.title for e in registry.entries_for(object(), only={"meeting"})] == ["Strategy discussion"]
    assert {e.kind for e in registry.entries_for(object(), only={"visit"})} == {"visit"}
    assert len(registry.entries_for(object(), only=None)) == 3


def test_kinds_are_listed_by_label(registry):
    registry.register("visit", "Visits", visits)
    registry.register("meeting", "Meetings", meetings)
    assert [s.label for s in registry.kinds()] == ["Meetings", "Visits"]


def test_a_kind_cannot_be_registered_twice_by_different_sources(registry):
    registry.register("visit", "Visits", visits)
    registry.register("visit", "Visits", visits)  # the same source again (e.g. ready() twice) is fine
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("visit", "Other visits", meetings)


def test_a_date_entry_sorts_as_the_start_of_its_day(registry):
    same_day = datetime(2026, 3, 5, 9, 0, tzinfo=LONDON)
    registry.register("meeting", "Meetings", meetings)
    registry.register("call", "Calls", lambda child: [chronology.Entry(when=same_day, kind="call", title="Call")])
    assert [e.title for e in registry.entries_for(object())] == ["Call", "Strategy discussion"]


def test_the_childs_record_creation_and_changes_are_on_the_chronology(client, world):
    from casebook.children.services import child_update

    child = world.child
    child_update(child=child, read_version=child.version, acting_user=world["team_manager"], known_as="Jo")
    kinds = {e.kind for e in chronology.entries_for(child)}
    assert {"record", "allocation"} <= kinds
    titles = [e.title for e in chronology.entries_for(child, only={"record"})]
    assert titles[0] == "Child's details: changed"


def test_the_chronology_page_filters_by_kind(client, world):
    from casebook.children.services import child_update

    child = world.child
    child_update(child=child, read_version=child.version, acting_user=world["team_manager"], known_as="Jo")
    client.force_login(world["allocated_worker"])
    url = reverse("children:chronology", args=[child.casebook_id])
    everything = client.get(url).content.decode()
    assert "Allocated to Safeguarding East" in everything and "Child&#x27;s details: changed" in everything
    only_allocations = client.get(url, {"kind": "allocation"}).content.decode()
    assert "Allocated to Safeguarding East" in only_allocations
    assert "Child&#x27;s details: changed" not in only_allocations
    assert 'id="kind-allocation" name="kind" type="checkbox" value="allocation" checked' in only_allocations
    # An unknown kind is ignored rather than an error.
    assert client.get(url, {"kind": "<nonsense>"}).status_code == 200


def test_chronology_entries_on_the_page_are_newest_first(client, world):
    from casebook.children.services import allocation_set

    child = world.child
    later = child.allocations.get().started_at + timedelta(days=1)
    allocation_set(child=child, team=world.teams["west"], worker=None, acting_user=world["team_manager"], at=later)
    client.force_login(world["head_of_service"])
    body = client.get(reverse("children:chronology", args=[child.casebook_id]), {"kind": "allocation"}).content.decode()
    assert body.index("Allocated to Safeguarding West") < body.index("Allocated to Safeguarding East")
