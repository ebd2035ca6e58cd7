"""Management oversight, actions, supervision, audits, sampling, standards and timescales:
behaviour and the GOV.UK errors for bad input, with nothing saved half-way."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.oversight import selectors, services
from casebook.oversight.models import (
    Action, AuditGrade, AuditStatus, CaseAudit, CaseDiscussion, OversightEntry, PracticeStandard, SupervisionSession,
    TimescaleSetting,
)

TODAY = timezone.localdate


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_oversight_with_an_action_reaches_the_owners_list(client, world):
    client.force_login(world["team_manager"])
    url = reverse("oversight:record", kwargs={"child_id": world.child.casebook_id})
    due = TODAY() + datetime.timedelta(days=7)
    response = client.post(url, {**_date("occurred_on", TODAY()), "kind": "plan_review",
                                 "direction": "Convene a family group conference",
                                 "action_1_description": "Refer to family group conference",
                                 "action_1_owner": world["allocated_worker"].pk, **_date("action_1_due_on", due)})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.oversight.manager == world["team_manager"] and action.owner == world["allocated_worker"]
    client.force_login(world["allocated_worker"])
    page = client.get(reverse("oversight:my-actions")).content.decode()
    assert "Refer to family group conference" in page
    client.post(reverse("oversight:my-actions"), {"action_id": action.pk})
    action.refresh_from_db()
    assert action.completed_on == TODAY()
    assert "Refer to family group conference" not in client.get(reverse("oversight:my-actions")).content.decode()


def test_action_without_owner_or_due_date_is_refused_and_nothing_saved(client, world):
    client.force_login(world["team_manager"])
    url = reverse("oversight:record", kwargs={"child_id": world.child.casebook_id})
    response = client.post(url, {**_date("occurred_on", TODAY()), "kind": "decision", "direction": "Step up",
                                 "action_1_description": "Book a strategy discussion"})
    page = response.content.decode()
    assert response.status_code == 200
    assert services.NO_ACTION_OWNER in page and services.NO_ACTION_DUE in page
    assert "<title>Error: " in page
    assert not OversightEntry.objects.exists() and not Action.objects.exists()


def test_service_refuses_an_action_without_owner_and_rolls_back(world):
    with pytest.raises(ValidationError):
        services.oversight_record(child=world.child, occurred_on=TODAY(), kind="decision", direction="Step up",
                                  actions=[services.ActionInput("Call the school", None, TODAY())],
                                  acting_user=world["team_manager"])
    assert not OversightEntry.objects.exists()


def test_another_users_action_cannot_be_marked_done(client, world):
    entry = services.oversight_record(
        child=world.child, occurred_on=TODAY(), kind="decision", direction="Step up",
        actions=[services.ActionInput("Call the school", world["allocated_worker"], TODAY())],
        acting_user=world["team_manager"])
    client.force_login(world["team_colleague"])
    assert client.post(reverse("oversight:my-actions"), {"action_id": entry.actions.get().pk}).status_code == 404
    assert entry.actions.get().completed_on is None


def test_supervision_in_the_future_is_refused(client, world):
    client.force_login(world["team_manager"])
    response = client.post(reverse("oversight:supervision-add"), {
        "worker": world["allocated_worker"].pk, **_date("held_on", TODAY() + datetime.timedelta(days=2)),
        "wellbeing": "Managing", "practice_reflection": "Good direct work"})
    assert "Date of supervision must be today or in the past" in response.content.decode()
    assert not SupervisionSession.objects.exists()
    with pytest.raises(ValidationError):
        services.supervision_record(supervisor=world["team_manager"], worker=world["allocated_worker"],
                                    held_on=TODAY() + datetime.timedelta(days=1), wellbeing="", practice_reflection="",
                                    acting_user=world["team_manager"])


def test_supervision_frequency_and_case_discussion_on_the_chronology(client, world, settings):
    settings.CASEBOOK = {**settings.CASEBOOK, "SUPERVISION_INTERVAL_DAYS": 30}
    session = services.supervision_record(supervisor=world["team_manager"], worker=world["allocated_worker"],
                                          held_on=TODAY() - datetime.timedelta(days=40), wellbeing="Tired",
                                          practice_reflection="Reflective", acting_user=world["team_manager"])
    rows = {r["worker"].pk: r for r in selectors.supervision_frequency(world["team_manager"])}
    assert rows[world["allocated_worker"].pk]["overdue"] is True
    assert rows[world["team_colleague"].pk]["last"] is None and rows[world["team_colleague"].pk]["overdue"]
    client.force_login(world["team_manager"])
    response = client.post(reverse("oversight:case-discussion", kwargs={"child_id": world.child.casebook_id}), {
        "session": session.pk, "working_well": "School attendance up", "worried_about": "Neglect at home",
        "needs_to_happen": "Health visitor joins the core group", "decisions": "Stay on plan"})
    assert response.status_code == 302
    assert CaseDiscussion.objects.get().child == world.child
    chronology = client.get(reverse("children:chronology", kwargs={"child_id": world.child.casebook_id}))
    assert "Case discussed in supervision" in chronology.content.decode()


def _audit_post(grade="good"):
    data = {f"standard_{s.pk}_grade": grade for s in PracticeStandard.objects.filter(active=True)}
    data.update({f"standard_{s.pk}_evidence": "Seen on file" for s in PracticeStandard.objects.filter(active=True)})
    data.update({"overall_grade": grade, "overall_evidence": "Consistent"})
    return data


def test_audit_grade_outside_the_scale_is_refused(client, world):
    audit = services.audit_assign(child=world.child, auditor=world["auditor"], due_on=TODAY(),
                                  acting_user=world["auditor"])
    client.force_login(world["auditor"])
    url = reverse("oversight:audit", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk})
    response = client.post(url, _audit_post(grade="excellent"))
    assert services.BAD_GRADE in response.content.decode()
    assert not AuditGrade.objects.exists()
    audit.refresh_from_db()
    assert audit.status == AuditStatus.ASSIGNED
    with pytest.raises(ValidationError):
        services.audit_submit(audit=audit, grades={s.pk: ("excellent", "x") for s in PracticeStandard.objects.all()},
                              overall_grade="good", overall_evidence="", learning_actions=[], acting_user=world["auditor"])
    assert not AuditGrade.objects.exists()


def test_audit_then_moderation_by_a_second_auditor(client, world):
    second = UserFactory(role=Role.AUDITOR)
    audit = services.audit_assign(child=world.child, auditor=world["auditor"], due_on=TODAY(),
                                  acting_user=world["auditor"])
    client.force_login(world["auditor"])
    url = reverse("oversight:audit", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk})
    data = {**_audit_post(), "action_1_description": "Update the chronology", "action_1_owner": world["allocated_worker"].pk,
            **_date("action_1_due_on", TODAY() + datetime.timedelta(days=14))}
    assert client.post(url, data).status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_MODERATION and audit.grades.count() == PracticeStandard.objects.count() == 7
    assert audit.actions.get().owner == world["allocated_worker"]
    # The first auditor may not moderate their own audit.
    moderate = reverse("oversight:audit-moderate", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk})
    assert services.OWN_AUDIT in client.post(moderate, {"overall_grade": "good"}).content.decode()
    with pytest.raises(ValidationError, match="own audit"):
        services.audit_moderate(audit=audit, changes={}, overall_grade="", reason="", acting_user=world["auditor"])
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_MODERATION
    # A change of grade needs a reason.
    client.force_login(second)
    standard = PracticeStandard.objects.order_by("order").first()
    changed = {f"standard_{s.pk}_grade": "good" for s in PracticeStandard.objects.all()}
    changed[f"standard_{standard.pk}_grade"] = "requires_improvement"
    changed["version"] = audit.version
    response = client.post(moderate, {**changed, "overall_grade": "good"})
    assert services.CHANGE_NEEDS_REASON in response.content.decode()
    changed[f"standard_{standard.pk}_reason"] = "No direct work recorded since March"
    assert client.post(moderate, {**changed, "overall_grade": "good"}).status_code == 302
    audit.refresh_from_db()
    assert audit.status == AuditStatus.MODERATED and audit.moderator == second
    assert audit.grades.get(standard=standard).final_grade == "requires_improvement"
    figures = selectors.programme_figures(None)
    assert figures["totals"]["done"] == 1 and figures["learning"]["open"] == 1
    assert dict(figures["by_theme"])[standard.name]["requires_improvement"] == 1


@pytest.fixture
def east_cases(world):
    children = [world.child]
    for _ in range(4):
        child = ChildFactory()
        allocate(child, world["team_colleague"])
        children.append(child)
    return children


def test_sampling_is_reproducible_and_respects_exclusions(world, east_cases):
    team, month = world.teams["east"], TODAY().replace(day=1)
    audited = services.audit_assign(child=east_cases[1], auditor=world["auditor"], due_on=TODAY(),
                                    acting_user=world["auditor"])
    CaseAudit.objects.filter(pk=audited.pk).update(assigned_on=month - datetime.timedelta(days=60))
    candidates = selectors.sample_candidates(team=team, month_start=month, exclude_months=6)
    assert east_cases[1].pk not in candidates and len(candidates) == 4
    assert east_cases[1].pk in selectors.sample_candidates(team=team, month_start=month, exclude_months=1)
    first = services.audit_sample(candidates=candidates, size=3, seed="2027-03")
    assert first == services.audit_sample(candidates=list(reversed(candidates)), size=3, seed="2027-03")
    assert len(set(first)) == 3 and set(first) <= set(candidates)
    with pytest.raises(ValidationError, match="4 or fewer"):
        services.audit_sample(candidates=candidates, size=5, seed="2027-03")


def test_sampling_more_than_exist_is_a_form_error_and_assigns_nothing(client, world, east_cases):
    client.force_login(world["auditor"])
    data = {"month": TODAY().strftime("%Y-%m"), "team": world.teams["east"].pk, "size": 9, "exclude_months": 6,
            "seed": "x"}
    response = client.post(reverse("oversight:sample"), data)
    assert "only 5 open cases can be sampled" in response.content.decode()
    assert not CaseAudit.objects.exists()
    data["size"] = 2
    assert client.post(reverse("oversight:sample"), data).status_code == 302
    assert CaseAudit.objects.filter(auditor=world["auditor"]).count() == 2


def test_administrator_edits_standards_and_timescales_with_history(client, world):
    from casebook.clocks import timescales

    client.force_login(world["administrator"])
    standard = PracticeStandard.objects.get(name="Recording")
    response = client.post(reverse("oversight:standard-edit", kwargs={"standard_id": standard.pk}),
                           {"name": "Recording and chronology", "description": "", "order": 70, "active": "on",
                            "version": standard.version})
    assert response.status_code == 302
    assert standard.history.latest("history_date").name == "Recording and chronology"
    url = reverse("oversight:timescale-edit", kwargs={"item": "icpc_15wd"})
    response = client.post(url, {"amount": 20, "reason": "Longer", "version": 0})
    assert "must be 15 working days or fewer" in response.content.decode()
    assert client.post(url, {"amount": 12, "reason": "Local improvement plan", "version": 0}).status_code == 302
    assert timescales.get("icpc_15wd").effective_amount == 12
    assert TimescaleSetting.history.filter(item="icpc_15wd").count() == 1
    assert client.post(url, {"amount": "", "reason": "", "version": 1}).status_code == 302
    assert timescales.get("icpc_15wd").effective_amount == 15


def test_export_clocks_writes_every_row_with_status(world, make_clock, tmp_path):
    today = TODAY()
    make_clock(world.child, "cp_visit_10wd", due=today - datetime.timedelta(days=1))
    make_clock(world.child, "icpc_15wd", due=today - datetime.timedelta(days=5), completed=today - datetime.timedelta(days=6))
    make_clock(world.child, "cp_first_review_3m", due=today + datetime.timedelta(days=90))
    out = tmp_path / "clocks.csv"
    call_command("export_clocks", "--out", str(out))
    lines = out.read_text().splitlines()
    assert lines[0] == "LA child ID,Item,Start date,Due date,Completed date,Status"
    statuses = {line.split(",")[1]: line.split(",")[5] for line in lines[1:]}
    assert statuses == {"cp_visit_10wd": "overdue", "icpc_15wd": "met", "cp_first_review_3m": "not yet due"}
    assert all(line.startswith(world.child.casebook_id) for line in lines[1:])


def test_auditor_view_of_a_child_is_logged(client, world):
    from casebook.access_audit.models import AccessEvent

    audit = services.audit_assign(child=world.child, auditor=world["auditor"], due_on=TODAY(),
                                  acting_user=world["auditor"])
    client.force_login(world["auditor"])
    client.get(reverse("oversight:audit", kwargs={"child_id": world.child.casebook_id, "audit_id": audit.pk}))
    assert AccessEvent.objects.filter(user=world["auditor"], child=world.child, page="oversight-audit").count() == 1
