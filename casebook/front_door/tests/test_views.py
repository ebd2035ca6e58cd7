from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casebook.children.tests.factories import ChildFactory
from casebook.front_door.models import Contact
from casebook.front_door.tests import factories


def _contact_url(child, contact, name="front_door:contact"):
    return reverse(name, kwargs={"child_id": child.casebook_id, "contact_id": contact.pk})


@pytest.fixture
def waiting(world):
    """A new child referred through the front door and signed off, not yet allocated."""
    child = ChildFactory()
    contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child])
    return child, contact


def test_open_contact_is_visible_to_the_front_door_only(client, world):
    child = ChildFactory()
    contact = factories.contact(by=world["mash_worker"], children=[child], rag="amber")
    for persona, status in [("mash_worker", 200), ("team_manager", 404), ("other_team_worker", 404),
                            ("allocated_worker", 404), ("head_of_service", 200)]:
        client.force_login(world[persona])
        assert client.get(_contact_url(child, contact)).status_code == status, persona


def test_after_allocation_only_the_allocated_team_sees_the_child(client, world, waiting):
    child, contact = waiting
    url = _contact_url(child, contact)
    # Awaiting allocation: the front door and managers who may allocate see the child.
    for persona in ("mash_worker", "team_manager", "other_team_manager"):
        client.force_login(world[persona])
        assert client.get(url).status_code == 200, persona
    client.force_login(world["team_manager"])
    response = client.post(reverse("front_door:allocate", args=[child.casebook_id]),
                           {"worker": world["allocated_worker"].pk, "version": "0"})
    assert response.status_code == 302
    for persona, status in [("allocated_worker", 200), ("team_colleague", 200), ("team_manager", 200),
                            ("mash_worker", 404), ("other_team_manager", 404), ("other_team_worker", 404)]:
        client.force_login(world[persona])
        assert client.get(url).status_code == status, persona
        assert client.get(reverse("front_door:child-contacts", args=[child.casebook_id])).status_code == status


def test_awaiting_allocation_queue_shows_the_wait(client, world, waiting):
    child, _contact = waiting
    client.force_login(world["team_manager"])
    response = client.get(reverse("front_door:awaiting-allocation"))
    assert child.casebook_id in response.content.decode()
    client.force_login(world["mash_worker"])
    assert client.get(reverse("front_door:awaiting-allocation")).status_code == 403


def test_contact_form_gives_govuk_errors_and_saves_nothing(client, world):
    client.force_login(world["mash_worker"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(reverse("front_door:contact-create"), {
        "received_on-day": tomorrow.day, "received_on-month": tomorrow.month, "received_on-year": tomorrow.year,
        "received_time": "25:00", "source": "", "referrer_name": "", "concern": "", "consent": "no",
        "form_token": "8d3c9d0e-55b8-4a3b-9d2c-4d7a1cbd2f10"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    for message in ["Date the contact was received must be today or in the past", "Select the source of the contact",
                    "Enter the concern in the referrer&#x27;s words",
                    "Enter why consent was not obtained or was overridden"]:
        assert message in body
    assert not Contact.objects.exists()


def test_contact_form_double_submission_makes_one_contact(client, world):
    client.force_login(world["mash_worker"])
    now = timezone.localtime() - timedelta(hours=1)
    data = {"received_on-day": now.day, "received_on-month": now.month, "received_on-year": now.year,
            "received_time": now.strftime("%H:%M"), "source": "6", "referrer_name": "PC Jones", "concern": "Call out",
            "consent": "yes", "form_token": "8d3c9d0e-55b8-4a3b-9d2c-4d7a1cbd2f10"}
    first = client.post(reverse("front_door:contact-create"), data)
    second = client.post(reverse("front_door:contact-create"), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Contact.objects.count() == 1


def test_decision_errors_on_the_page(client, world):
    child = ChildFactory()
    contact = factories.contact(by=world["mash_worker"], children=[child], rag="red",
                                received_at=timezone.now() - timedelta(hours=3))
    client.force_login(world["mash_worker"])
    before = timezone.localtime(contact.received_at) - timedelta(days=1)
    response = client.post(_contact_url(child, contact, "front_door:contact-decision"), {
        "outcome": "cin", "decision_reasons": "", "level_of_need": "3",
        "decided_on-day": before.day, "decided_on-month": before.month, "decided_on-year": before.year,
        "decided_time": "10:00"})
    body = response.content.decode()
    assert "Enter the reasons for the decision" in body
    response = client.post(_contact_url(child, contact, "front_door:contact-decision"), {
        "outcome": "cin", "decision_reasons": "Needs assessment", "level_of_need": "3", "primary_need": "N1",
        "version": contact.version, "decided_on-day": before.day, "decided_on-month": before.month, "decided_on-year": before.year,
        "decided_time": "10:00"})
    assert "Date of the decision must be after the contact was received" in response.content.decode()
    contact.refresh_from_db()
    assert contact.decided_at is None


def test_sign_off_by_the_decision_maker_is_refused_on_the_page(client, world):
    child = ChildFactory()
    manager = factories.front_door_manager()
    contact = factories.decided(by=manager, children=[child])
    client.force_login(manager)
    response = client.post(_contact_url(child, contact, "front_door:contact-sign-off"),
                           {"confirm": "on", "version": contact.version})
    assert "A different manager must sign off this decision" in response.content.decode()
    contact.refresh_from_db()
    assert contact.signed_off_at is None


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("url_name", ["front_door:queue", "front_door:awaiting-allocation", "front_door:consistency"])
def test_queue_query_counts_do_not_grow(client, world, url_name):
    manager = factories.front_door_manager()

    def add(n):
        for _ in range(n):
            child = ChildFactory()
            factories.contact(by=world["mash_worker"], children=[child], rag="amber")
            factories.signed_off(by=world["mash_worker"], manager=manager, children=[ChildFactory()])

    add(2)
    client.force_login(world["head_of_service"])
    url = reverse(url_name)
    small = _queries(client, url)
    add(6)
    assert _queries(client, url) == small


def test_the_rag_saved_message_gives_the_due_time_in_words(client, world):
    import re

    contact = factories.contact(by=world["mash_worker"], children=[world.child],
                                received_at=timezone.now() - timedelta(hours=1))
    client.force_login(world["mash_worker"])
    url = reverse("front_door:contact-rag", args=[world.child.casebook_id, contact.pk])
    response = client.post(url, {"rag": "amber", "rag_reason": "Concern about neglect", "version": contact.version},
                           follow=True)
    message = next(str(m) for m in response.context["messages"])
    contact.refresh_from_db()
    due = timezone.localtime(contact.decision_due_at)
    assert message == f"RAG rating recorded: decision due by {due.day} {due:%B %Y, %H:%M}"
    assert not re.search(r"\d/\d", message)
