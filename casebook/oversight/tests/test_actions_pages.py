"""The dashboard's action counts link to the actions behind them; My actions: buttons named by
action and child, and Undo after "Mark as done"."""

import datetime

from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.oversight import services
from casebook.oversight.models import Action
from casebook.oversight.services import ActionInput


def _oversight(world, child, actions):
    return services.oversight_record(child=child, occurred_on=timezone.localdate(), kind="plan_review",
                                     direction="Review the plan", actions=actions, acting_user=world["team_manager"])


def test_dashboard_counts_link_to_the_actions_behind_them(client, world):
    today = timezone.localdate()
    worker = world["allocated_worker"]
    _oversight(world, world.child, [
        ActionInput("Book the family group conference", worker, today - datetime.timedelta(days=3)),
        ActionInput("Update the chronology", worker, today + datetime.timedelta(days=10)),
    ])
    west_child = ChildFactory(first_names="Morgan", last_name="Hartley")
    west_worker = world["team_colleague"]
    allocate(west_child, west_worker, team=world.teams["west"])
    services.oversight_record(child=west_child, occurred_on=today, kind="plan_review", direction="Visit",
                              actions=[ActionInput("Visit Morgan at school", west_worker,
                                                   today - datetime.timedelta(days=1))],
                              acting_user=world["service_manager"])
    client.force_login(world["team_manager"])  # the East team: sees Jordan's two actions, not Morgan's
    page = client.get(reverse("oversight:dashboard")).content.decode()
    base = reverse("oversight:scope-actions")
    assert f'href="{base}?team={world.teams["east"].pk}">2 open actions</a>' in page
    assert f'href="{base}?team={world.teams["east"].pk}&amp;overdue=1">1 overdue' in page
    listing = client.get(base, {"team": world.teams["east"].pk}).content.decode()
    assert "Book the family group conference" in listing and "Update the chronology" in listing
    assert "Visit Morgan at school" not in listing
    overdue = client.get(base, {"team": world.teams["east"].pk, "overdue": "1"}).content.decode()
    assert "Book the family group conference" in overdue and "Update the chronology" not in overdue
    # Another team's scope is not the team manager's to ask for.
    assert client.get(base, {"team": world.teams["west"].pk}).status_code == 404
    # The service manager's whole-service list has all three, the overdue list two.
    client.force_login(world["service_manager"])
    assert client.get(base).context["page_obj"].paginator.count == 3
    assert client.get(base, {"overdue": "1"}).context["page_obj"].paginator.count == 2


def test_mark_as_done_names_the_child_and_can_be_undone(client, world):
    worker = world["allocated_worker"]
    _oversight(world, world.child, [ActionInput("Update the chronology", worker,
                                                timezone.localdate() + datetime.timedelta(days=5))])
    action = Action.objects.get()
    client.force_login(worker)
    url = reverse("oversight:my-actions")
    page = client.get(url).content.decode()
    assert ('Mark as done<span class="govuk-visually-hidden">: Update the chronology for Jordan Smith</span>'
            in page)
    response = client.post(url, {"action_id": action.pk})
    assert response.status_code == 302 and response.url == f"{url}?done={action.pk}"
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()
    banner = client.get(response.url).content.decode()
    assert "Action marked as done for Jordan Smith: Update the chronology" in banner
    assert 'name="undo" value="1"' in banner
    response = client.post(url, {"action_id": action.pk, "undo": "1"}, follow=True)
    action.refresh_from_db()
    assert action.completed_on is None
    assert "Action reopened for Jordan Smith" in response.content.decode()
    # Undo of an open action changes nothing; someone else's action is not found.
    client.post(url, {"action_id": action.pk, "undo": "1"})
    action.refresh_from_db()
    assert action.completed_on is None
    client.force_login(world["team_colleague"])
    assert client.post(url, {"action_id": action.pk, "undo": "1"}).status_code == 404
