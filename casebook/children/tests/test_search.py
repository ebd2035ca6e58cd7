"""Finding a child: by name (partial and misspelt), date of birth, Casebook ID and NHS number,
only among the children the user may see; and the duplicate check when a record is created."""

from datetime import date

import pytest
from django.urls import reverse

from casebook.children.models import Child
from casebook.children.selectors import child_search
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.children.tests.test_bad_input import child_data, field_error


@pytest.fixture
def children(world):
    """A few children in the allocated worker's team, and one in another team."""
    worker = world["allocated_worker"]
    made = {
        "smith": world.child,
        "johnson": ChildFactory(first_names="Amara Grace", last_name="Johnson", date_of_birth=date(2019, 3, 14),
                                nhs_number="9434765919"),
        "smithers": ChildFactory(first_names="Leo", last_name="Smithers", date_of_birth=date(2015, 6, 1)),
        "okafor": ChildFactory(first_names="Tobi", last_name="Okafor", known_as="Tee", date_of_birth=date(2017, 1, 9)),
        "elsewhere": ChildFactory(first_names="Jordan", last_name="Smith", date_of_birth=date(2016, 2, 2)),
    }
    for key in ("johnson", "smithers", "okafor"):
        allocate(made[key], worker)
    allocate(made["elsewhere"], world["other_team_worker"])
    return made


def names(results):
    return {f"{c.first_names} {c.last_name}" for c in results}


@pytest.mark.parametrize(("query", "expected"), [
    ("Smyth", "Jordan Smith"),  # misspelt surname
    ("smith", "Jordan Smith"),
    ("Jonson", "Amara Grace Johnson"),  # misspelt surname
    ("Johnsen", "Amara Grace Johnson"),
    ("Jordan Smyth", "Jordan Smith"),  # first name + misspelt surname
    ("Amara Jonson", "Amara Grace Johnson"),
    ("Grace Johnson", "Amara Grace Johnson"),  # a middle name
    ("Smith", "Leo Smithers"),  # partial surname
    ("Okaf", "Tobi Okafor"),  # partial surname
    ("Tee", "Tobi Okafor"),  # known-as name
])
def test_name_search_finds_partial_and_misspelt_names(world, children, query, expected):
    assert expected in names(child_search(user=world["allocated_worker"], query=query))


def test_the_closest_match_comes_first(world, children):
    results = child_search(user=world["allocated_worker"], query="Jordan Smyth")
    assert results[0] == world.child


def test_unrelated_names_are_not_found(world, children):
    assert child_search(user=world["allocated_worker"], query="Wojcik") == []
    assert child_search(user=world["allocated_worker"], query="") == []
    assert child_search(user=world["allocated_worker"], query="!!!") == []


@pytest.mark.parametrize("query", ["14/03/2019", "14-03-2019", "2019-03-14", "14.03.2019"])
def test_search_by_date_of_birth(world, children, query):
    assert list(child_search(user=world["allocated_worker"], query=query)) == [children["johnson"]]


def test_search_by_casebook_id_in_any_case(world, children):
    cid = children["okafor"].casebook_id
    assert child_search(user=world["allocated_worker"], query=cid) == [children["okafor"]]
    assert child_search(user=world["allocated_worker"], query=cid.lower()) == [children["okafor"]]


@pytest.mark.parametrize("query", ["9434765919", "943 476 5919", "943-476-5919"])
def test_search_by_nhs_number(world, children, query):
    assert child_search(user=world["allocated_worker"], query=query) == [children["johnson"]]


def test_search_never_returns_children_the_user_may_not_see(world, children):
    elsewhere = children["elsewhere"]
    for query in ("Jordan Smith", "Smyth", elsewhere.casebook_id, "02/02/2016"):
        assert elsewhere not in child_search(user=world["allocated_worker"], query=query), query
        assert world.child not in child_search(user=world["other_team_worker"], query=query), query
    # The MASH worker and the administrator hold no cases: they find no one by name.
    assert child_search(user=world["mash_worker"], query="Smith") == []
    assert child_search(user=world["administrator"], query="Smith") == []
    # A head of service sees the whole service.
    assert {world.child, elsewhere} <= set(child_search(user=world["head_of_service"], query="Jordan Smith"))


def test_search_leaves_out_restricted_children_unless_named(world, children):
    from casebook.access_audit.services import restricted_grant_add

    johnson = children["johnson"]
    johnson.is_restricted = True
    johnson.save(update_fields=["is_restricted"])
    for user in (world["allocated_worker"], world["head_of_service"], world["auditor"]):
        assert child_search(user=user, query="Johnson") == []
        assert child_search(user=user, query="9434765919") == []
    restricted_grant_add(child=johnson, user=world["auditor"], granted_by=world["head_of_service"])
    assert child_search(user=world["auditor"], query="Johnson") == [johnson]


def test_search_page_lists_matches_with_links(client, world, children):
    client.force_login(world["allocated_worker"])
    response = client.get(reverse("children:search"), {"q": "Smyth"})
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("children:summary", args=[world.child.casebook_id]) in body
    assert reverse("children:summary", args=[children["elsewhere"].casebook_id]) not in body


def test_search_page_says_when_nothing_matches(client, world, children):
    client.force_login(world["allocated_worker"])
    body = client.get(reverse("children:search"), {"q": "Wojcik"}).content.decode()
    assert "0 children found" in body and "emergency access" in body


def test_search_page_rejects_an_over_long_query(client, world):
    client.force_login(world["allocated_worker"])
    response = client.get(reverse("children:search"), {"q": "x" * 101})
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert field_error(response, "q") == "Name, Casebook ID, NHS number or date of birth must be 100 characters or fewer"


# ---- Duplicate check when a record is created ----------------------------------------------

def _like_jordan(world, **overrides):
    dob = world.child.date_of_birth
    return child_data(first_names="Jordan", last_name="Smyth", **{
        "date_of_birth-day": str(dob.day), "date_of_birth-month": str(dob.month), "date_of_birth-year": str(dob.year),
    }, **overrides)


def test_a_near_identical_record_is_shown_before_saving(client, world):
    client.force_login(world["allocated_worker"])
    before = Child.objects.count()
    response = client.post(reverse("children:create"), _like_jordan(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This child may already have a record" in body
    assert world.child.casebook_id in body
    assert reverse("children:summary", args=[world.child.casebook_id]) in body  # the worker may open it
    assert field_error(response, "not_a_duplicate") == "Check the possible matches, then confirm none of them is this child"
    assert "<title>Error: " in body
    assert Child.objects.count() == before


def test_the_record_is_created_only_after_the_confirmation_box_is_ticked(client, world):
    client.force_login(world["allocated_worker"])
    before = Child.objects.count()
    response = client.post(reverse("children:create"), _like_jordan(world, not_a_duplicate="on"))
    assert response.status_code == 302
    assert Child.objects.count() == before + 1
    assert Child.objects.filter(last_name="Smyth").exists()


def test_the_same_nhs_number_is_a_likely_duplicate_whatever_the_name(client, world):
    world.child.nhs_number = "4010232137"
    world.child.save(update_fields=["nhs_number"])
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:create"), child_data(nhs_number="401 023 2137"))
    assert "This child may already have a record" in response.content.decode()
    assert "Same NHS number" in response.content.decode()
    assert not Child.objects.filter(last_name="Pemberton-Hughes").exists()


def test_a_duplicate_the_user_may_not_open_is_shown_without_a_link(client, world):
    client.force_login(world["other_team_worker"])
    response = client.post(reverse("children:create"), _like_jordan(world))
    body = response.content.decode()
    assert "This child may already have a record" in body and world.child.casebook_id in body
    assert reverse("children:summary", args=[world.child.casebook_id]) not in body


def test_a_restricted_record_is_never_offered_as_a_duplicate_to_others(client, world):
    world.child.is_restricted = True
    world.child.save(update_fields=["is_restricted"])
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:create"), _like_jordan(world))
    assert response.status_code == 302  # nothing to warn about: created directly
    assert world.child.casebook_id not in client.get(response["Location"]).content.decode()


def test_no_likely_duplicate_means_the_record_is_created_directly(client, world):
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:create"), child_data(first_names="Wren", last_name="Abernathy"))
    assert response.status_code == 302
    assert Child.objects.filter(last_name="Abernathy").count() == 1


def test_roles_that_do_not_hold_cases_cannot_create_records(client, world):
    for persona in ("auditor", "performance_analyst", "administrator", "iro"):
        client.force_login(world[persona])
        assert client.post(reverse("children:create"), child_data()).status_code == 403, persona
    assert not Child.objects.filter(last_name="Pemberton-Hughes").exists()


def test_the_creator_can_open_a_new_record_until_it_is_allocated(client, world):
    from casebook.children.services import allocation_set

    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:create"), child_data(first_names="Wren", last_name="Abernathy"))
    new = Child.objects.get(last_name="Abernathy")
    assert client.get(response["Location"]).status_code == 200
    client.force_login(world["other_team_worker"])
    assert client.get(response["Location"]).status_code == 404
    allocation_set(child=new, team=world.teams["care"], worker=world["other_team_worker"],
                   acting_user=world["other_team_manager"])
    assert client.get(response["Location"]).status_code == 200
    client.force_login(world["allocated_worker"])
    assert client.get(response["Location"]).status_code == 404


def test_search_finds_a_casebook_id_with_no_digits(world):
    child = world.child
    child.casebook_id = "CBXKQWMTRA"
    child.save(update_fields=["casebook_id"])
    assert child_search(user=world["allocated_worker"], query="cbxkqwmtra") == [child]
