"""The MASH's search for the child a contact is about uses the child search's matcher, so a
sound-alike spelling finds the existing record instead of leading to a duplicate."""

from django.urls import reverse

from casebook.children.selectors import child_search, likely_duplicates
from casebook.children.tests.factories import ChildFactory
from casebook.front_door.tests import factories


def _find(client, contact, **params):
    return client.get(reverse("front_door:contact-children", args=[contact.pk]), params)


def test_a_sound_alike_first_name_finds_the_sibling(client, world):
    stewart = ChildFactory(first_names="Stewart Toby", last_name="Lewis")
    ChildFactory(first_names="Amelia", last_name="Lewis")
    ChildFactory(first_names="Stuart", last_name="Okafor")
    contact = factories.contact(by=world["mash_worker"])
    client.force_login(world["mash_worker"])
    body = _find(client, contact, first_names="Stuart", last_name="Lewis").content.decode()
    assert "1 possible match" in body
    assert stewart.casebook_id in body
    # The ordinary search agrees with the link search.
    assert stewart in child_search(user=world["head_of_service"], query="Stuart Lewis")


def test_a_surname_alone_lists_every_sound_alike(client, world):
    lewis = ChildFactory(first_names="Stewart", last_name="Lewis")
    lewes = ChildFactory(first_names="Amelia", last_name="Lewes")
    other = ChildFactory(first_names="Stewart", last_name="Okafor")
    contact = factories.contact(by=world["mash_worker"])
    client.force_login(world["mash_worker"])
    response = _find(client, contact, last_name="Lewis")
    body = response.content.decode()
    assert response.status_code == 200 and "Enter the child" not in body
    assert "2 possible matches" in body
    assert lewis.casebook_id in body and lewes.casebook_id in body and other.casebook_id not in body


def test_a_different_first_name_with_the_same_surname_is_not_a_match(world):
    ChildFactory(first_names="Amelia", last_name="Lewis")
    assert likely_duplicates(user=world["mash_worker"], first_names="Stuart", last_name="Lewis",
                             date_of_birth=None) == []


def test_the_same_date_of_birth_and_a_matching_first_name_is_a_match(world):
    child = ChildFactory(first_names="Stewart", last_name="Okonkwo")
    found = likely_duplicates(user=world["mash_worker"], first_names="Stuart", last_name="Lewis",
                              date_of_birth=child.date_of_birth)
    assert [(d.child, d.reasons) for d in found] == [(child, ["same date of birth"])]
