"""Emergency (break-glass) access, the append-only access log and the who-viewed page."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone

from casebook.access_audit.models import AccessEvent, AppendOnlyError, BreakGlassGrant, ExportEvent
from casebook.access_audit.selectors import viewers_summary
from casebook.access_audit.services import export_record, restricted_grant_add

REASON = "Police called out of hours about Jordan; no one from the East team can be reached."


def _break_glass(client, casebook_id, reason=REASON):
    return client.post(reverse("access_audit:break-glass"), {"casebook_id": casebook_id, "reason": reason})


def test_break_glass_needs_a_reason(client, world):
    client.force_login(world["other_team_worker"])
    for reason, message in (("", "Enter why you need to see this record"),
                            ("urgent", "Reason must explain why you need to see this record (at least 10 characters)"),
                            ("x" * 1001, "Reason must be 1000 characters or fewer")):
        response = _break_glass(client, world.child.casebook_id, reason)
        body = response.content.decode()
        assert response.status_code == 200 and "<title>Error: " in body
        assert message in body, reason
    assert not BreakGlassGrant.objects.exists()
    assert client.get(reverse("children:summary", args=[world.child.casebook_id])).status_code == 404


def test_break_glass_refuses_unknown_ids_without_a_hint(client, world):
    client.force_login(world["other_team_worker"])
    for cid in ("CBZZZZZZZZ", "", "<script>"):
        response = _break_glass(client, cid)
        assert response.status_code == 200 and "<title>Error: " in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_break_glass_grants_access_and_marks_the_access_event(client, world):
    user, child = world["other_team_worker"], world.child
    client.force_login(user)
    summary = reverse("children:summary", args=[child.casebook_id])
    assert client.get(summary).status_code == 404
    response = _break_glass(client, child.casebook_id.lower())  # typed in lower case
    assert response.status_code == 302 and response["Location"] == summary
    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.child, grant.reason) == (user, child, REASON)
    assert client.get(summary).status_code == 200
    event = AccessEvent.objects.filter(user=user, child=child).latest("at")
    assert event.via_break_glass and event.page == "child-summary"
    # The allocated worker's own views are not marked.
    client.force_login(world["allocated_worker"])
    client.get(summary)
    assert not AccessEvent.objects.filter(user=world["allocated_worker"]).latest("at").via_break_glass


def test_break_glass_expires(client, world):
    client.force_login(world["other_team_worker"])
    _break_glass(client, world.child.casebook_id)
    summary = reverse("children:summary", args=[world.child.casebook_id])
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1)):
        client.force_login(world["other_team_worker"])
        assert client.get(summary).status_code == 404


def test_the_grant_appears_on_the_emergency_access_report(client, world):
    client.force_login(world["other_team_worker"])
    _break_glass(client, world.child.casebook_id)
    client.force_login(world["team_manager"])
    body = client.get(reverse("access_audit:break-glass-report")).content.decode()
    assert escape(world["other_team_worker"].full_name) in body  # names like O'Neill are escaped
    assert world.child.casebook_id in body
    assert REASON in body
    # Social workers cannot read the report.
    client.force_login(world["allocated_worker"])
    assert client.get(reverse("access_audit:break-glass-report")).status_code == 403


def test_restricted_children_cannot_be_broken_into(client, world):
    child = world.child
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    client.force_login(world["other_team_worker"])
    response = _break_glass(client, child.casebook_id)
    body = response.content.decode()
    assert response.status_code == 200
    assert "No record you can open in an emergency has that Casebook ID" in body
    # The same message as for an ID that does not exist: no hint that a restricted record is there.
    assert "No record you can open in an emergency has that Casebook ID" in _break_glass(client, "CBZZZZZZZZ").content.decode()
    assert not BreakGlassGrant.objects.exists()
    assert client.get(reverse("children:summary", args=[child.casebook_id])).status_code == 404


def test_a_named_user_sees_a_restricted_child_and_others_do_not(client, world):
    child = world.child
    child.is_restricted = True
    child.save(update_fields=["is_restricted"])
    restricted_grant_add(child=child, user=world["team_manager"], granted_by=world["head_of_service"])
    summary = reverse("children:summary", args=[child.casebook_id])
    client.force_login(world["team_manager"])
    assert client.get(summary).status_code == 200
    for persona in ("allocated_worker", "head_of_service", "auditor"):
        client.force_login(world[persona])
        assert client.get(summary).status_code == 404, persona


def _event(world):
    return AccessEvent.objects.create(user=world["allocated_worker"], child=world.child, page="child-summary")


def test_access_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = _event(world)
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(page="something-else")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    event.page = "something-else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AccessEvent.objects.get(pk=event.pk).page == "child-summary"


def test_export_events_cannot_be_changed_or_deleted(world):
    export = export_record(user=world["auditor"], what="CIN census 2026", rows=12)
    with pytest.raises(AppendOnlyError):
        ExportEvent.objects.filter(pk=export.pk).update(rows=0)
    with pytest.raises(AppendOnlyError):
        export.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize("sql", [
    "UPDATE access_audit_accessevent SET page = 'tampered' WHERE id = %s",
    "DELETE FROM access_audit_accessevent WHERE id = %s",
])
def test_postgresql_refuses_a_raw_update_or_delete(world, sql):
    from django.db import DatabaseError

    event = _event(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AccessEvent.objects.get(pk=event.pk).page == "child-summary"


def test_who_viewed_lists_the_viewers(client, world):
    child = world.child
    summary = reverse("children:summary", args=[child.casebook_id])
    for persona in ("allocated_worker", "allocated_worker", "team_colleague", "auditor"):
        client.force_login(world[persona])
        client.get(summary)
    client.force_login(world["team_manager"])
    response = client.get(reverse("access_audit:who-viewed", args=[child.casebook_id]))
    body = response.content.decode()
    assert response.status_code == 200
    for persona in ("allocated_worker", "team_colleague", "auditor", "team_manager"):
        assert escape(world[persona].full_name) in body, persona
    assert world["other_team_worker"].full_name not in body
    rows = {r["user__last_name"]: r["views"] for r in viewers_summary(child)}
    assert rows[world["allocated_worker"].last_name] >= 2


def test_who_viewed_is_for_the_childs_managers(client, world):
    url = reverse("access_audit:who-viewed", args=[world.child.casebook_id])
    for persona, status in (("allocated_worker", 404), ("team_colleague", 404), ("team_manager", 200),
                            ("service_manager", 200), ("other_team_manager", 404)):
        client.force_login(world[persona])
        assert client.get(url).status_code == status, persona


def test_access_events_hold_no_personal_data_beyond_the_ids(world):
    fields = {f.name for f in AccessEvent._meta.get_fields()}
    assert fields == {"id", "user", "child", "page", "method", "at", "via_break_glass"}


def test_creator_sees_a_new_record_only_until_it_is_first_allocated(client, world):
    """The creator can finish a new record; after a team has held it, closing the case does not
    give the creator access again."""
    from django.urls import reverse

    from casebook.children.services import allocation_end, allocation_set
    from casebook.children.tests.factories import ChildFactory

    creator = world["other_team_worker"]
    child = ChildFactory(recorded_by=creator)
    client.force_login(creator)
    url = reverse("children:summary", args=[child.casebook_id])
    assert client.get(url).status_code == 200
    allocation_set(child=child, team=world.teams["east"], worker=world["allocated_worker"],
                   acting_user=world["team_manager"])
    assert client.get(url).status_code == 404
    allocation_end(child=child, acting_user=world["team_manager"])
    assert client.get(url).status_code == 404
