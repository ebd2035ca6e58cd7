"""Linking an existing child to a contact is an audited, access-checked view of their record; a
child waiting for allocation is in the queue once however many contacts put them there."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.access_audit.models import AccessEvent
from casebook.access_audit.services import restricted_grant_add
from casebook.children.tests.factories import ChildFactory
from casebook.front_door import selectors, services
from casebook.front_door.models import ContactChild
from casebook.front_door.tests import factories


def _link(client, contact, child):
    return client.post(reverse("front_door:contact-children", args=[contact.pk]), {"action": "link", "child": child.pk})


def test_linking_an_existing_child_is_logged_as_a_view_of_their_record(client, world):
    mash = world["mash_worker"]
    contact = factories.contact(by=mash)
    known = world.child  # allocated to the east team: the MASH cannot otherwise open it
    client.force_login(mash)
    assert _link(client, contact, known).status_code == 302
    assert ContactChild.objects.filter(contact=contact, child=known).exists()
    event = AccessEvent.objects.get(user=mash, child=known)
    assert (event.page, event.method) == ("front-door-contact-link", "POST")


def test_a_restricted_child_is_linked_only_by_someone_named_on_it(client, world):
    mash = world["mash_worker"]
    contact = factories.contact(by=mash)
    hidden = ChildFactory(is_restricted=True)
    client.force_login(mash)
    assert _link(client, contact, hidden).status_code == 404
    assert not ContactChild.objects.filter(child=hidden).exists()
    assert not AccessEvent.objects.filter(child=hidden).exists()

    restricted_grant_add(child=hidden, user=mash, granted_by=world["head_of_service"])
    assert _link(client, contact, hidden).status_code == 302
    assert ContactChild.objects.filter(contact=contact, child=hidden).exists()
    assert AccessEvent.objects.filter(user=mash, child=hidden, page="front-door-contact-link").count() == 1


@pytest.mark.parametrize("posted", ["", "abc", "99999999", "9" * 30])
def test_linking_a_child_that_does_not_exist_is_404_and_logs_nothing(client, world, posted):
    contact = factories.contact(by=world["mash_worker"])
    client.force_login(world["mash_worker"])
    response = client.post(reverse("front_door:contact-children", args=[contact.pk]), {"action": "link", "child": posted})
    assert response.status_code == 404
    assert not ContactChild.objects.exists() and not AccessEvent.objects.exists()


def test_only_front_door_staff_may_link(world):
    assert selectors.child_to_link(user=world["team_manager"], child_pk=world.child.pk, page="x") is None
    assert not AccessEvent.objects.exists()


def test_a_child_on_two_waiting_contacts_is_in_the_queue_once_with_the_earliest_wait(client, world):
    child, sibling = ChildFactory(), ChildFactory()
    now = timezone.now()
    first = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child, sibling],
                                 received_at=now - timedelta(days=9))
    second = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[child],
                                  received_at=now - timedelta(days=2))
    assert first.signed_off_at < second.signed_off_at
    rows = list(selectors.awaiting_allocation(user=world["team_manager"]))
    assert [(r.child_id, r.contact_id) for r in rows] == [(child.pk, first.pk), (sibling.pk, first.pk)]

    client.force_login(world["team_manager"])
    body = client.get(reverse("front_door:awaiting-allocation")).content.decode()
    assert body.count(f'href="{reverse("front_door:allocate", args=[child.casebook_id])}"') == 1
    assert "2 children waiting" in body

    services.child_allocate(child=child, worker=world["allocated_worker"], acting_user=world["team_manager"])
    assert [r.child_id for r in selectors.awaiting_allocation(user=world["team_manager"])] == [sibling.pk]


def test_a_child_waiting_on_two_contacts_has_one_allocation_clock_and_an_allocated_child_does_not_wait(world):
    """The drift dashboard counts allocation clocks, the queue and the overview count links: one
    clock per waiting child, and a child who already has a worker is not left 'waiting'."""
    from casebook.clocks.models import Clock

    waiting, allocated = ChildFactory(), world.child
    now = timezone.now()
    for days in (9, 2):
        factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[waiting, allocated],
                             received_at=now - timedelta(days=days))
    clocks = Clock.objects.filter(item="allocation_after_threshold")
    assert [c.child_id for c in clocks] == [waiting.pk]
    assert not ContactChild.objects.filter(child=allocated, allocated_at__isnull=True).exists()
    assert ContactChild.objects.filter(child=waiting, allocated_at__isnull=True).count() == 2


def test_the_queue_is_over_the_limit_exactly_when_the_allocation_clock_is_overdue(world):
    """Signed off on Friday 6 November 2026; 5 working days later is Friday 13 November. On Saturday
    14 November the clock is overdue, though only 5 working days have passed: the queue says so too."""
    from casebook.clocks.status import OVERDUE, clock_status
    from casebook.front_door.models import Contact
    from casebook.front_door.timescales import ALLOCATION_AFTER_THRESHOLD

    contact = factories.signed_off(by=world["mash_worker"], manager=world["head_of_service"], children=[ChildFactory()],
                                   received_at=factories.at(2026, 11, 6, 9))
    Contact.objects.filter(pk=contact.pk).update(signed_off_at=factories.at(2026, 11, 6, 15))
    link = ContactChild.objects.select_related("contact").get(contact=contact)
    due = ALLOCATION_AFTER_THRESHOLD.due(factories.at(2026, 11, 6).date())
    assert due == factories.at(2026, 11, 13).date()
    for day, over in ((13, False), (14, True), (16, True)):
        today = factories.at(2026, 11, day).date()
        row = selectors.waiting_rows([link], today=today)[0]
        assert row.over_limit is over
        assert (clock_status(due_on=due, completed_on=None, today=today) == OVERDUE) is over
    assert selectors.waiting_rows([link], today=factories.at(2026, 11, 14).date())[0].working_days == 5
