import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.workforce.models import ImprovementAction, OverviewWeek, WorkerProfile
from casebook.workforce.services import action_create, recommendation_create


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


@pytest.mark.django_db
def test_worker_edit_shows_govuk_errors_and_saves_nothing(client, world):
    client.force_login(world["head_of_service"])
    url = reverse("workforce:worker-edit", args=[world["allocated_worker"].pk])
    response = client.post(url, {"census_role": "case_holder", "fte": "1.5", "is_agency": "False", "version": 1,
                                 **_date("started_on", datetime.date(2025, 5, 1)),
                                 **_date("left_on", datetime.date(2025, 4, 1))})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body
    assert "FTE must be more than 0 and no more than 1" in body
    assert "Leaving date must be the same as or after the start date" in body
    assert not WorkerProfile.objects.exists()
    response = client.post(url, {"census_role": "case_holder", "fte": "-1", "is_agency": "False", "version": 1,
                                 "swe_number": "12", **_date("started_on", datetime.date(2025, 5, 1))})
    assert "FTE must be more than 0" in response.content.decode()
    assert "Social Work England registration number in the correct format" in response.content.decode()


@pytest.mark.django_db
def test_worker_edit_saves(client, world):
    client.force_login(world["administrator"])
    worker = world["allocated_worker"]
    response = client.post(reverse("workforce:worker-edit", args=[worker.pk]), {
        "census_role": "case_holder", "fte": "0.6", "is_agency": "True", "version": 1, "swe_number": "sw 12345",
        "is_asye": "on", "asye_caseload_limit": "10", **_date("started_on", datetime.date(2025, 5, 1))})
    assert response.status_code == 302
    profile = WorkerProfile.objects.get(user=worker)
    assert (str(profile.fte), profile.is_agency, profile.swe_number, profile.asye_caseload_limit) == ("0.600", True, "SW12345", 10)


@pytest.mark.django_db
def test_caseload_page_is_scoped_to_the_managers_teams(client, world):
    client.force_login(world["team_manager"])
    body = client.get(reverse("workforce:caseloads")).content.decode()
    assert "Safeguarding East" in body and "Children in Care" not in body
    assert client.get(reverse("workforce:caseloads"), {"team": world.teams["care"].pk}).status_code == 404
    assert client.get(reverse("workforce:caseloads"), {"team": "junk"}).status_code == 404
    client.force_login(world["service_manager"])
    body = client.get(reverse("workforce:caseloads")).content.decode()
    assert "Safeguarding West" in body and "Children in Care" not in body


@pytest.mark.django_db
def test_caseload_csv(client, world):
    client.force_login(world["head_of_service"])
    response = client.get(reverse("workforce:caseloads-csv"))
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("Team,Worker,Census role")
    row = next(line for line in lines if world["allocated_worker"].full_name in line)
    assert row.startswith("Safeguarding East,") and ",1,1," in row


@pytest.mark.django_db
def test_caseload_page_query_count_does_not_grow(client, world, django_assert_num_queries):
    client.force_login(world["head_of_service"])
    url = reverse("workforce:caseloads")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for _ in range(6):
        allocate(ChildFactory(), world["team_colleague"])
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)


@pytest.mark.django_db
def test_caseload_settings_errors(client, world):
    client.force_login(world["head_of_service"])
    response = client.post(reverse("workforce:caseload-settings"), {"weight_CIN": "0", "weight_CP": "9", "weight_CLA": "x",
                                                                      "weight_COURT": "2", "weight_CARE_LEAVER": "1",
                                                                      "cap_case_holder": "100", "cap_senior_practitioner": "15"})
    body = response.content.decode()
    # Each message names its field: the summary lists several at once.
    assert '<a href="#id_weight_CIN">Weight for child in need cases must be between 0.1 and 5</a>' in body
    assert '<a href="#id_weight_CP">Weight for child protection cases must be between 0.1 and 5</a>' in body
    assert '<a href="#id_weight_CLA">Weight for looked after cases must be a number</a>' in body
    assert '<a href="#id_cap_case_holder">Cap for a full-time case holder must be between 1 and 40</a>' in body
    assert "Weight must be" not in body and body.count("Between 0.1 and 5") == 5
    response = client.post(reverse("workforce:caseload-settings"), {"weight_CIN": ""})
    assert "Enter the weight for child in need cases" in response.content.decode()


@pytest.mark.django_db
def test_figures_page_and_csv(client, world):
    client.force_login(world["performance_analyst"])
    assert "Average caseload" in client.get(reverse("workforce:figures")).content.decode()
    assert client.get(reverse("workforce:figures"), {"year": "junk"}).status_code == 200
    csv_text = client.get(reverse("workforce:figures-csv")).content.decode()
    assert csv_text.splitlines()[0] == "Measure,Value,Census year,Snapshot" and "Agency rate (%)" in csv_text


@pytest.mark.django_db
def test_overview_children_unknown_figure_is_not_found(client, world):
    client.force_login(world["head_of_service"])
    assert client.get(reverse("workforce:overview-children", args=["contacts"])).status_code == 404
    assert client.get(reverse("workforce:overview-children", args=["visits"]), {"week": "nonsense"}).status_code == 200


@pytest.mark.django_db
def test_action_without_owner_gives_govuk_error(client, world):
    hos = world["head_of_service"]
    rec = recommendation_create(title="Cut agency reliance", source="Ofsted letter", acting_user=hos)
    client.force_login(hos)
    response = client.post(reverse("workforce:action-add", args=[rec.pk]), {
        "description": "Recruit", "owner": "", "status": "not_started", **_date("due_on", datetime.date(2027, 1, 1))})
    assert "Select who owns the action" in response.content.decode() and not ImprovementAction.objects.exists()
    action = action_create(recommendation=rec, description="Recruit", owner=hos, due_on=datetime.date(2020, 1, 1),
                           acting_user=hos)
    body = client.get(reverse("workforce:plan")).content.decode()
    assert "Overdue" in body
    response = client.post(reverse("workforce:action-edit", args=[action.pk]), {
        "description": "Recruit", "owner": hos.pk, "status": "done", "evidence": "", "version": action.version,
        **_date("due_on", datetime.date(2020, 1, 1))})
    assert "Enter the evidence that the action is done" in response.content.decode()


@pytest.mark.django_db
def test_caseload_row_shows_each_figure_escaped(client, world):
    from decimal import Decimal

    from django.utils.html import escape

    from casebook.workforce.services import worker_profile_save

    worker = world["allocated_worker"]
    worker.last_name = "O'Neill <Jr>"
    worker.save(update_fields=["last_name"])
    worker_profile_save(user=worker, acting_user=world["administrator"], census_role="case_holder", fte=Decimal("0.5"),
                        is_agency=True, is_asye=True, asye_caseload_limit=1, started_on=datetime.date(2025, 5, 1))
    allocate(ChildFactory(), worker)  # with the world's child: 2 children, over the ASYE limit of 1
    client.force_login(world["head_of_service"])
    body = client.get(reverse("workforce:caseloads")).content.decode()
    cell, numeric = '<td class="govuk-table__cell">', '<td class="govuk-table__cell govuk-table__cell--numeric">'
    assert (f'<tr class="govuk-table__row">{cell}{escape(worker.first_name)} O&#x27;Neill &lt;Jr&gt; (agency)</td>'
            f"{cell}Case holder</td>{numeric}0.50</td>{numeric}2 of 1</td>{numeric}2</td>{numeric}9</td>"
            f'{cell}<strong class="govuk-tag govuk-tag--red">Over ASYE limit</strong></td></tr>') in body


@pytest.mark.django_db
def test_improvement_plan_lists_overdue_actions_and_shows_whether_the_linked_figure_moved(client, world):
    """The board sees the overdue actions at the top, and for a recommendation linked to a figure,
    the figure in the week it was added beside the latest complete week (from the stored weeks)."""
    hos = world["head_of_service"]
    with time_machine.travel(datetime.datetime(2026, 9, 2, 10, 0, tzinfo=datetime.timezone.utc)):  # a Wednesday
        rec = recommendation_create(title="Reduce caseloads", source="Ofsted letter", figure_key="average-caseload",
                                    acting_user=hos)
        unlinked = recommendation_create(title="Protect ASYE caseloads", source="Ofsted letter", acting_user=hos)
    late = action_create(recommendation=unlinked, description="Cap ASYE caseloads", owner=world["service_manager"],
                         due_on=datetime.date(2026, 10, 16), acting_user=hos)
    action_create(recommendation=rec, description="Recruit four social workers", owner=hos,
                  due_on=datetime.date(2027, 3, 1), acting_user=hos)
    now = timezone.now()
    OverviewWeek.objects.create(week=datetime.date(2026, 8, 31), points={"average-caseload": [17.5, None, None]},
                                computed_at=now)
    OverviewWeek.objects.create(week=datetime.date(2026, 11, 16), points={"average-caseload": [14.0, None, None]},
                                computed_at=now)
    client.force_login(hos)
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone.utc)):
        body = client.get(reverse("workforce:plan")).content.decode()
    overdue = body[body.index('id="overdue"'):body.index("Add a recommendation")]
    assert "1 action overdue" in overdue and reverse("workforce:action-edit", args=[late.pk]) in overdue
    assert "Cap ASYE caseloads</a>: due 16 October 2026, owned by" in overdue and "Recruit" not in overdue
    linked = body[body.index(f'id="recommendation-{rec.pk}"'):body.index(f'id="recommendation-{unlinked.pk}"')]
    assert "Added 2 September 2026" in linked
    assert "17.5 in the week of 31 August 2026" in linked and "14 in the week of 16 November 2026" in linked
    assert "Figure it should move" not in body[body.index(f'id="recommendation-{unlinked.pk}"'):]


@pytest.mark.django_db
def test_improvement_plan_says_when_the_figure_is_not_stored_yet(client, world):
    hos = world["head_of_service"]
    recommendation_create(title="Faster assessments", source="Ofsted letter", figure_key="assessments-45wd",
                          acting_user=hos)
    client.force_login(hos)
    body = client.get(reverse("workforce:plan")).content.decode()
    assert "No actions are overdue." in body
    assert "The week it was added is not over yet" in body and "Not computed yet for the week of" in body
    response = client.post(reverse("workforce:recommendation-add"), {"title": "T", "source": "S", "figure_key": "nope"})
    assert "Select a figure from the list, or None" in response.content.decode()


@pytest.mark.django_db
def test_children_behind_page_says_what_it_lists_and_moves_between_weeks(client, world):
    """The list names its week, explains that it holds only the children the reader has access
    to, counts them, and links to the weeks either side within the overview's 12 months."""
    from casebook.clocks.models import Clock

    Clock.objects.create(child=world.child, item="assessment_45wd", started_on=datetime.date(2026, 9, 1),
                         due_on=datetime.date(2026, 11, 18), completed_on=None)
    url = reverse("workforce:overview-children", args=["assessments-45wd"])
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone.utc)):
        client.force_login(world["service_manager"])
        body = client.get(url, {"week": "2026-11-19"}).content.decode()  # any day of the week
        assert "Week of 16 November 2026" in body
        assert "an item due in the week of 16 November 2026 that was not done in timescale" in body
        assert "This list shows only the children you have access to" in body
        assert ">1 child you have access to</caption>" in body and world.child.casebook_id in body
        assert f'href="{reverse("workforce:overview")}#figure-assessments-45wd"' in body
        assert 'href="?week=2026-11-09">Previous week' in body and 'href="?week=2026-11-23">Next week' in body

        client.force_login(world["other_service_manager"])
        body = client.get(url, {"week": "2026-11-16"}).content.decode()
        assert ">No children you have access to</caption>" in body and world.child.casebook_id not in body

        # A week outside the overview's 12 months shows its first week, with no earlier week to go to.
        body = client.get(url, {"week": "2019-01-01"}).content.decode()
        assert "Week of 1 December 2025" in body and "Previous week" not in body and "?week=2025-12-08" in body
        body = client.get(reverse("workforce:overview-children", args=["cp-over-15-months"]),
                          {"week": "2030-01-01"}).content.decode()
        assert "Week of 23 November 2026" in body and "Next week" not in body
        assert "plan had lasted more than 15 months at the end of the week of 23 November 2026" in body


@pytest.mark.django_db
def test_overview_lists_its_figures_links_each_recent_week_to_its_children_and_gives_each_chart_its_scale(
        client, world):
    client.force_login(world["head_of_service"])
    with time_machine.travel(datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.timezone.utc)):
        body = client.get(reverse("workforce:overview")).content.decode()
    contents = body[body.index('id="contents-heading"'):body.index('id="backlog"')]
    assert '<a class="govuk-link" href="#figure-visits">Visits in timescale</a>' in contents
    assert contents.count('href="#figure-') == 15
    children = reverse("workforce:overview-children", args=["visits"])
    for monday in ("2026-11-23", "2026-11-16", "2026-10-05"):  # the 8 weeks in the table beside the chart
        assert f'href="{children}?week={monday}">' in body
    assert f'href="{children}?week=2026-09-28">' not in body
    assert reverse("workforce:overview-children", args=["contacts"]) not in body  # no list behind a count
    # Agency rate is scaled to its England line (17.8%); visits have none due in these weeks.
    agency = body[body.index('id="figure-agency-rate"'):body.index('id="figure-audits"')]
    assert ">Scale 0 to 17.8%</text>" in agency
    visits = body[body.index('id="figure-visits"'):body.index('id="figure-rhi-72h"')]
    assert ">No values in these weeks</text>" in visits


@pytest.mark.django_db
def test_workforce_forms_link_back_and_show_fte_as_typed(client, world):
    from decimal import Decimal

    from django.utils.html import escape

    from casebook.workforce.services import worker_profile_save

    worker = world["allocated_worker"]
    worker_profile_save(user=worker, acting_user=world["administrator"], census_role="case_holder", fte=Decimal("0.6"),
                        started_on=datetime.date(2025, 5, 1))
    hos = world["head_of_service"]
    rec = recommendation_create(title="Cut agency reliance", source="Ofsted letter", acting_user=hos)
    action = action_create(recommendation=rec, description="Recruit", owner=hos, due_on=datetime.date(2027, 1, 1),
                           acting_user=hos)
    client.force_login(hos)
    body = client.get(reverse("workforce:worker-edit", args=[worker.pk])).content.decode()
    assert 'name="fte" value="0.6"' in body
    workers, plan = reverse("workforce:workers"), reverse("workforce:plan")
    for url, back in (
            (reverse("workforce:worker-edit", args=[worker.pk]), f'href="{workers}">Back to the workforce<'),
            (reverse("workforce:absence-add", args=[worker.pk]),
             f'href="{reverse("workforce:worker-edit", args=[worker.pk])}">Back to {escape(worker.full_name)}<'),
            (reverse("workforce:establishment-edit", args=[world.teams["east"].pk]), f'href="{workers}">Back to the workforce<'),
            (reverse("workforce:caseload-settings"), f'href="{reverse("workforce:caseloads")}">Back to caseloads<'),
            (reverse("workforce:recommendation-add"), f'href="{plan}">Back to the improvement plan<'),
            (reverse("workforce:action-add", args=[rec.pk]), f'href="{plan}">Back to the improvement plan<'),
            (reverse("workforce:action-edit", args=[action.pk]),
             f'href="{plan}#recommendation-{rec.pk}">Back to the improvement plan<')):
        assert f'<a class="govuk-back-link" {back}' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_workforce_list_holds_the_managers_with_no_team_for_those_who_see_every_team(client, world):
    """The census figures count service managers and heads of service, who have no team; the staff
    list shows them too (last, as "No team"), so its rows add up to the figures."""
    from django.utils.html import escape

    sm, hos = world["service_manager"], world["head_of_service"]
    client.force_login(hos)
    body = client.get(reverse("workforce:workers")).content.decode()
    staff = body[body.index("Staff in your teams</caption>"):]
    for person in (sm, hos, world["other_service_manager"]):
        row = staff[staff.index(escape(person.full_name)):]
        assert row.index('<td class="govuk-table__cell">No team</td>') < row.index("</tr>")
    assert staff.index(escape(world["allocated_worker"].full_name)) < staff.index(escape(sm.full_name))
    assert "and managers with no team," in body
    client.force_login(world["team_manager"])
    body = client.get(reverse("workforce:workers")).content.decode()
    assert escape(sm.full_name) not in body and "No team" not in body
    assert escape(world["allocated_worker"].full_name) in body


@pytest.mark.django_db
def test_overview_links_to_the_allocation_queue_only_for_those_who_may_open_it(client, world):
    """A link named "Children waiting for allocation" goes to that queue; the analyst, who may not
    open it, is not sent to the caseloads page under that name."""
    queue = reverse("front_door:awaiting-allocation")
    client.force_login(world["head_of_service"])
    body = client.get(reverse("workforce:overview")).content.decode()
    assert f'href="{queue}">Children waiting for allocation</a>' in body
    assert f'href="{queue}">The children waiting for allocation now</a>' in body
    client.force_login(world["performance_analyst"])
    assert client.get(queue).status_code == 403
    body = client.get(reverse("workforce:overview")).content.decode()
    assert queue not in body and "waiting for allocation now</a>" not in body
    assert f'href="{reverse("workforce:caseloads")}">Children waiting for allocation</a>' not in body
    assert f'href="{reverse("workforce:caseloads")}">Caseloads by team</a>' in body


@pytest.mark.django_db
def test_an_action_owner_opens_the_plan_and_updates_only_their_own_actions(client, world):
    hos, manager, auditor = world["head_of_service"], world["team_manager"], world["auditor"]
    rec = recommendation_create(title="Improve supervision", source="Ofsted letter", acting_user=hos)
    mine = action_create(recommendation=rec, description="Monthly supervision for every worker", owner=manager,
                         due_on=datetime.date(2027, 1, 1), acting_user=hos)
    theirs = action_create(recommendation=rec, description="Audit supervision records", owner=auditor,
                           due_on=datetime.date(2027, 2, 1), acting_user=hos)
    client.force_login(manager)
    body = client.get(reverse("workforce:plan")).content.decode()
    assert "Audit supervision records" in body and "Add a recommendation" not in body and "Add an action" not in body
    # Another's action is read, not changed.
    other = client.get(reverse("workforce:action-edit", args=[theirs.pk])).content.decode()
    assert "Only its owner, service managers and heads of service can update this action." in other
    assert 'method="post"' not in other[other.index("<main"):]
    assert client.post(reverse("workforce:action-edit", args=[theirs.pk]), {
        "status": "done", "evidence": "x", "version": theirs.version}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status != "done"
    assert client.get(reverse("workforce:recommendation-add")).status_code == 403
    assert client.get(reverse("workforce:action-add", args=[rec.pk])).status_code == 403
    # The owner records progress; what the action is, its owner and due date stay as set (a
    # tampered post of them is ignored).
    response = client.post(reverse("workforce:action-edit", args=[mine.pk]), {
        "description": "Something else", "owner": auditor.pk, "status": "done", "evidence": "All 12 workers supervised",
        "version": mine.version, **_date("due_on", datetime.date(2030, 1, 1))})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.evidence) == ("done", "All 12 workers supervised")
    assert (mine.description, mine.owner, mine.due_on) == ("Monthly supervision for every worker", manager,
                                                            datetime.date(2027, 1, 1))
    # A plan manager still changes anything.
    client.force_login(hos)
    assert "Add a recommendation" in client.get(reverse("workforce:plan")).content.decode()
    assert client.get(reverse("workforce:action-edit", args=[theirs.pk])).status_code == 200
