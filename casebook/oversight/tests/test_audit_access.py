"""Who may audit a child (rules.may_audit), the audit pages that follow it, and the audit
programme's rows and "my audits" filter."""

import datetime

from django.urls import reverse

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.oversight import rules, services
from casebook.oversight.models import AuditStatus, CaseAudit

DUE = datetime.date(2099, 1, 31)


def test_who_may_audit_a_child(world):
    east_child = world.child  # allocated in Safeguarding East
    east_child.refresh_from_db()
    west_child = ChildFactory()
    west_child.allocated_team = world.teams["west"]
    care_child = ChildFactory()
    care_child.allocated_team = world.teams["care"]
    no_team = ChildFactory()
    expected = {
        # persona: (east, west, care, no team)
        "auditor": (True, True, True, True),
        "head_of_service": (True, True, True, True),
        "team_manager": (False, True, True, True),             # manages East
        "other_team_manager": (True, True, False, True),       # manages Children in Care
        "service_manager": (False, False, True, True),         # manages Safeguarding (East and West)
        "other_service_manager": (True, True, False, True),    # manages Children in care
        "allocated_worker": (False, False, False, False),
        "performance_analyst": (False, False, False, False),
        "iro": (False, False, False, False),
        "mash_worker": (False, False, False, False),
        "administrator": (False, False, False, False),
    }
    for persona, answers in expected.items():
        got = tuple(rules.may_audit(world[persona], c) for c in (east_child, west_child, care_child, no_team))
        assert got == answers, persona


def test_own_team_manager_gets_no_audit_link_and_not_found(client, world):
    client.force_login(world["team_manager"])
    start = reverse("oversight:audit-start", kwargs={"child_id": world.child.casebook_id})
    page = client.get(reverse("oversight:child", kwargs={"child_id": world.child.casebook_id})).content.decode()
    assert "Start a case file audit" not in page and start not in page
    assert client.get(start).status_code == 404


def test_auditor_is_offered_the_link_and_can_start(client, world):
    client.force_login(world["auditor"])
    start = reverse("oversight:audit-start", kwargs={"child_id": world.child.casebook_id})
    page = client.get(reverse("oversight:child", kwargs={"child_id": world.child.casebook_id})).content.decode()
    assert start in page
    response = client.post(start, {"due_on-day": 31, "due_on-month": 1, "due_on-year": 2099})
    audit = CaseAudit.objects.get()
    assert response.status_code == 302 and audit.auditor == world["auditor"]


def test_manager_from_another_team_completes_an_audit_assigned_to_them(client, world):
    manager = world["other_team_manager"]
    audit = services.audit_assign(child=world.child, auditor=manager, due_on=DUE, acting_user=world["auditor"])
    client.force_login(manager)
    url = reverse("oversight:audit", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk})
    response = client.get(url)
    assert response.status_code == 200 and 'name="overall_grade"' in response.content.decode()
    # The child's own team manager can see the child but not the audit.
    client.force_login(world["team_manager"])
    assert client.get(url).status_code == 404


def test_programme_rows_link_to_the_audit_where_the_user_may_open_it(client, world):
    audit = services.audit_assign(child=world.child, auditor=world["auditor"], due_on=DUE,
                                  acting_user=world["auditor"])
    audit_url = reverse("oversight:audit", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk})
    child_url = reverse("oversight:child", kwargs={"child_id": world.child.casebook_id})
    client.force_login(world["auditor"])
    page = client.get(reverse("oversight:programme")).content.decode()
    assert f'href="{audit_url}"' in page
    client.force_login(world["team_manager"])  # the child's own team: sees the row, not the audit
    page = client.get(reverse("oversight:programme")).content.decode()
    assert f'href="{audit_url}"' not in page and f'href="{child_url}"' in page


def test_my_audits_filter_keeps_my_unfinished_audits(client, world):
    other = ChildFactory(first_names="Riley", last_name="Ashworth")
    allocate(other, world["allocated_worker"])
    done = ChildFactory(first_names="Casey", last_name="Pemberton")
    allocate(done, world["allocated_worker"])
    services.audit_assign(child=world.child, auditor=world["auditor"], due_on=DUE, acting_user=world["auditor"])
    services.audit_assign(child=other, auditor=world["head_of_service"], due_on=DUE,
                          acting_user=world["head_of_service"])
    moderated = services.audit_assign(child=done, auditor=world["auditor"], due_on=DUE, acting_user=world["auditor"])
    CaseAudit.objects.filter(pk=moderated.pk).update(status=AuditStatus.MODERATED, overall_grade="good")
    client.force_login(world["auditor"])
    everything = client.get(reverse("oversight:programme")).content.decode()
    assert all(name in everything for name in ("Jordan", "Riley", "Casey"))
    mine = client.get(reverse("oversight:programme") + "?mine=1").content.decode()
    assert "Jordan" in mine and "Riley" not in mine and "Casey" not in mine
    assert 'id="filter-mine" name="mine" type="checkbox" value="1" checked' in mine
