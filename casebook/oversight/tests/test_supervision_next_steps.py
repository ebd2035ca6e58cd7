"""After recording supervision, the supervisor is taken to the worker's children with a link to
record a case discussion (and its actions) for each, and back again after each one."""

from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.oversight.models import Action, CaseDiscussion, SupervisionSession


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_recording_supervision_leads_to_each_childs_case_discussion(client, world):
    worker = world["allocated_worker"]
    second = ChildFactory(first_names="Alexis", last_name="Brennan")
    allocate(second, worker)
    other = ChildFactory(first_names="Harley", last_name="Oakes")
    allocate(other, world["team_colleague"])
    client.force_login(world["team_manager"])
    form = client.get(reverse("oversight:supervision-add")).content.decode()
    assert "record a case discussion" in form
    response = client.post(reverse("oversight:supervision-add"), {
        "worker": worker.pk, **_date("held_on", timezone.localdate()), "wellbeing": "Managing",
        "practice_reflection": "Good direct work"})
    session = SupervisionSession.objects.get()
    assert response.status_code == 302
    assert response.url == f"{reverse('oversight:supervision')}?session={session.pk}#case-discussions"
    page = client.get(response.url).content.decode()
    record = reverse("oversight:case-discussion", kwargs={"child_id": second.casebook_id})
    assert f'href="{record}?session={session.pk}"' in page
    assert f'{reverse("oversight:case-discussion", kwargs={"child_id": world.child.casebook_id})}?session=' in page
    assert "Harley" not in page  # another worker's child
    # The discussion form opened from the list has the session chosen, records an action, comes back.
    discussion_form = client.get(f"{record}?session={session.pk}").content.decode()
    assert f'<option value="{session.pk}" selected>' in discussion_form
    response = client.post(f"{record}?session={session.pk}", {
        "session": session.pk, "working_well": "Settled at school", "worried_about": "Missed health check",
        "needs_to_happen": "Book the health check", "decisions": "",
        "action_1_description": "Book the health check", "action_1_owner": worker.pk,
        **_date("action_1_due_on", timezone.localdate())})
    assert response.status_code == 302 and response.url.endswith(f"?session={session.pk}#case-discussions")
    assert CaseDiscussion.objects.get().child == second
    assert Action.objects.get().discussion.child == second
    page = client.get(response.url).content.decode()
    assert f'href="{record}?session={session.pk}"' not in page and "Recorded" in page
    # Another supervisor's session is not opened.
    client.force_login(world["service_manager"])
    assert "Case discussions: supervision" not in client.get(
        f"{reverse('oversight:supervision')}?session={session.pk}").content.decode()
