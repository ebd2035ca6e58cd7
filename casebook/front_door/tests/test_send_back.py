"""A manager who disagrees with a threshold decision sends it back to the MASH with a reason: the
decision is re-opened, the reason is on the contact, and the history and chronology keep both."""

from django.urls import reverse

from casebook.children.tests.factories import ChildFactory
from casebook.clocks.models import Clock
from casebook.core.chronology import entries_for
from casebook.front_door import services
from casebook.front_door.models import Contact, DecisionReturn
from casebook.front_door.tests import factories


def _url(child, contact, name="front_door:contact-sign-off"):
    return reverse(name, kwargs={"child_id": child.casebook_id, "contact_id": contact.pk})


def _decided(world):
    child = ChildFactory()
    contact = factories.decided(by=world["mash_worker"], children=[child], outcome="early_help", primary_need="")
    return child, contact


def test_sending_back_reopens_the_decision_and_shows_the_reason(client, world):
    child, contact = _decided(world)
    manager = world["head_of_service"]
    client.force_login(manager)
    response = client.post(_url(child, contact), {"action": "send-back", "back-version": contact.version,
                                                   "back-reason": "Three contacts in a month: needs a CIN assessment"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.decided_at, contact.outcome, contact.decision_reasons, contact.signed_off_at) == (None, "", "", None)
    assert contact.status == "Awaiting decision"
    returned = DecisionReturn.objects.get(contact=contact)
    assert (returned.outcome, returned.decision_reasons, returned.decided_by, returned.returned_by) == (
        "early_help", "Needs an assessment", world["mash_worker"], manager)
    # The decision clock runs again, with the due date it had.
    clock = Clock.objects.get(child=child, source=f"front_door.contact:{contact.pk}", item="contact_decision_amber")
    assert clock.completed_on is None and not clock.cancelled
    # The contact's history keeps the decision and its clearing.
    assert [h.outcome for h in contact.history.order_by("history_date")][-2:] == ["early_help", ""]

    client.force_login(world["mash_worker"])
    body = client.get(_url(child, contact, "front_door:contact")).content.decode()
    assert "Sent back for a new decision by" in body and "Three contacts in a month: needs a CIN assessment" in body
    assert reverse("front_door:contact-decision", args=[child.casebook_id, contact.pk]) in body  # decide again

    titles = [(e.title, e.detail) for e in entries_for(child) if e.kind == "mash_decision"]
    assert ("MASH decision sent back by a manager", "Three contacts in a month: needs a CIN assessment") in titles
    assert any(t.startswith("MASH decision: Early help") for t, _d in titles)


def test_the_mash_can_decide_again_and_a_manager_sign_off(world):
    child, contact = _decided(world)
    services.contact_send_back(contact=contact, reason="Needs a CIN assessment", acting_user=world["head_of_service"])
    contact = Contact.objects.get(pk=contact.pk)
    services.contact_decide(contact=contact, outcome="cin", decision_reasons="Assess", level_of_need="3",
                            primary_need="N1", decided_at=contact.received_at, acting_user=world["mash_worker"])
    services.contact_sign_off(contact=Contact.objects.get(pk=contact.pk), acting_user=world["head_of_service"])
    assert Contact.objects.get(pk=contact.pk).outcome == "cin"


def test_a_reason_is_required(client, world):
    child, contact = _decided(world)
    client.force_login(world["head_of_service"])
    response = client.post(_url(child, contact), {"action": "send-back", "back-version": contact.version,
                                                   "back-reason": "  "})
    assert response.status_code == 200
    assert "Enter why you disagree with the decision" in response.content.decode()
    contact.refresh_from_db()
    assert contact.decided_at is not None and not DecisionReturn.objects.exists()


def test_a_signed_off_decision_cannot_be_sent_back(world):
    from django.core.exceptions import ValidationError

    import pytest

    child, contact = _decided(world)
    services.contact_sign_off(contact=contact, acting_user=world["head_of_service"])
    with pytest.raises(ValidationError, match="already been signed off"):
        services.contact_send_back(contact=contact, reason="No", acting_user=world["team_manager"])


def test_a_sign_off_opened_before_the_decision_changed_is_refused(client, world):
    """Sent back and decided again while another manager had the sign-off page open: their
    'I agree' was about the old decision, so it is refused and the new decision shown."""
    child, contact = _decided(world)
    client.force_login(world["head_of_service"])
    read_version = contact.version
    services.contact_send_back(contact=contact, reason="Assess", acting_user=world["team_manager"])
    contact = Contact.objects.get(pk=contact.pk)
    services.contact_decide(contact=contact, outcome="nfa", decision_reasons="Nothing more", level_of_need="1",
                            decided_at=contact.received_at, acting_user=world["mash_worker"])
    response = client.post(_url(child, contact), {"action": "sign-off", "confirm": "on", "version": read_version})
    assert response.status_code == 200
    assert "Someone else changed this record after you opened it" in response.content.decode()
    assert Contact.objects.get(pk=contact.pk).signed_off_at is None
    page = client.get(_url(child, contact)).content.decode()
    version = Contact.objects.get(pk=contact.pk).version
    assert f'name="version" value="{version}"' in page
    assert client.post(_url(child, contact), {"action": "sign-off", "confirm": "on", "version": version}).status_code == 302
    assert Contact.objects.get(pk=contact.pk).signed_off_at is not None
