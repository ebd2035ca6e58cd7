"""The front door offers the child-linking page only to those who may open it (MASH workers):
a manager reading the MASH queue or a contact is not sent to a refusal."""

import pytest
from django.urls import reverse

from casebook.children.tests.factories import ChildFactory
from casebook.front_door.tests import factories

pytestmark = pytest.mark.django_db


def test_link_children_is_offered_to_the_mash_worker_only(client, world):
    childless = factories.contact(by=world["mash_worker"])
    child = ChildFactory()
    with_child = factories.contact(by=world["mash_worker"], children=[child])
    link_url = reverse("front_door:contact-children", args=[childless.pk])
    change_url = reverse("front_door:contact-children", args=[with_child.pk])
    contact_url = reverse("front_door:contact", args=[child.casebook_id, with_child.pk])

    client.force_login(world["mash_worker"])
    assert link_url in client.get(reverse("front_door:queue")).content.decode()
    assert change_url in client.get(contact_url).content.decode()
    assert client.get(link_url).status_code == 200

    client.force_login(factories.front_door_manager())  # sees the whole MASH queue
    queue = client.get(reverse("front_door:queue")).content.decode()
    assert link_url not in queue and "No child linked yet" in queue
    contact = client.get(contact_url)
    assert contact.status_code == 200 and change_url not in contact.content.decode()
    assert client.get(link_url).status_code == 403
