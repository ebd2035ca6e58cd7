"""Two people editing the same child's details, and the record history page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from casebook.children.tests.test_bad_input import child_data


def _form_data(child, **changes):
    dob = child.date_of_birth
    data = child_data(
        first_names=child.first_names, last_name=child.last_name, known_as=child.known_as, sex=child.sex,
        ethnicity=child.ethnicity, nhs_number=child.nhs_number, upn=child.upn, first_language=child.first_language,
        **{"date_of_birth-day": str(dob.day), "date_of_birth-month": str(dob.month), "date_of_birth-year": str(dob.year)},
    )
    data["version"] = re.search(r'name="version" value="(\d+)"', changes.pop("_page")).group(1)
    data.update(changes)
    return data


@pytest.fixture
def two_editors(world):
    first, second = Client(), Client()
    first.force_login(world["allocated_worker"])
    second.force_login(world["team_manager"])
    return first, second


def test_the_second_save_gets_a_conflict_and_overwrites_nothing(world, two_editors):
    child = world.child
    url = reverse("children:edit", args=[child.casebook_id])
    first, second = two_editors
    first_page = first.get(url).content.decode()
    second_page = second.get(url).content.decode()

    assert first.post(url, _form_data(child, _page=first_page, known_as="Jo")).status_code == 302
    response = second.post(url, _form_data(child, _page=second_page, first_language="Polish", gender="Non-binary"))
    body = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "Someone else changed this record after you opened it" in body
    # What the other person changed, by its label, and only that.
    conflict = body[body.index('id="conflict"'):body.index("</table>", body.index('id="conflict"'))]
    assert "Known as" in conflict and "Jo" in conflict
    assert "language" not in conflict.lower() and "gender" not in conflict.lower()
    # The second person's input is kept on the form.
    assert 'value="Polish"' in body and 'value="Non-binary"' in body
    # Nothing was overwritten.
    child.refresh_from_db()
    assert (child.known_as, child.first_language, child.gender, child.version) == ("Jo", "English", "", 2)

    # Saving again, having seen the change, goes through and keeps both people's changes.
    again = _form_data(child, _page=body, known_as="Jo", first_language="Polish", gender="Non-binary")
    assert second.post(url, again).status_code == 302
    child.refresh_from_db()
    assert (child.known_as, child.first_language, child.gender, child.version) == ("Jo", "Polish", "Non-binary", 3)


def test_the_page_heading_shows_the_saved_record_not_the_refused_input(world, two_editors):
    child = world.child
    url = reverse("children:edit", args=[child.casebook_id])
    first, second = two_editors
    first_page, second_page = first.get(url).content.decode(), second.get(url).content.decode()
    first.post(url, _form_data(child, _page=first_page, known_as="Jo"))
    body = second.post(url, _form_data(child, _page=second_page, last_name="Refused")).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.DOTALL).group(1)
    assert "Refused" not in heading and child.last_name in heading


def test_record_history_shows_old_and_new_values_and_who(client, world):
    child = world.child
    url = reverse("children:edit", args=[child.casebook_id])
    client.force_login(world["allocated_worker"])
    page = client.get(url).content.decode()
    client.post(url, _form_data(child, _page=page, known_as="Jo", first_language="Welsh"))

    client.force_login(world["team_manager"])
    response = client.get(reverse("children:history", args=[child.casebook_id]))
    body = response.content.decode()
    assert response.status_code == 200
    change = body[body.index("Child&#x27;s details changed"):]
    change = change[:change.index("</table>")]
    assert world["allocated_worker"].full_name in change
    assert re.search(r"Known as</td><td[^>]*>–</td><td[^>]*>Jo</td>", change)
    assert re.search(r"First language</td><td[^>]*>English</td><td[^>]*>Welsh</td>", change)
    assert "Version" not in change


def test_record_history_is_for_the_childs_managers(client, world):
    url = reverse("children:history", args=[world.child.casebook_id])
    client.force_login(world["allocated_worker"])
    assert client.get(url).status_code == 404
    client.force_login(world["service_manager"])
    assert client.get(url).status_code == 200


def test_history_names_the_people_and_labels_the_codes_it_changed(world, django_assert_max_num_queries):
    """A reallocation reads 'Allocated worker: <name> → <name>', not the users' ids, and a code
    reads as its label; the names are looked up once, not once per change."""
    from casebook.children.chronology import record_entries
    from casebook.children.history import record_changes
    from casebook.children.tests.factories import allocate

    child = world.child
    allocate(child, world["team_colleague"], by=world["team_manager"])
    allocate(child, world["allocated_worker"], by=world["team_manager"])
    child.refresh_from_db()
    child.ethnicity = "WIRI"
    child.save()

    with django_assert_max_num_queries(6):
        changes = record_changes(child)
    worker_changes = [f for c in changes for f in c.fields if f[0] == "Allocated worker"]
    assert (("Allocated worker", world["allocated_worker"].full_name, world["team_colleague"].full_name)
            in worker_changes)
    assert (("Allocated worker", world["team_colleague"].full_name, world["allocated_worker"].full_name)
            in worker_changes)
    ethnicity = [f for c in changes for f in c.fields if f[0] == "Ethnicity"]
    assert ethnicity == [("Ethnicity", "White – British", "White – Irish")]
    details = " ".join(entry.detail for entry in record_entries(child))
    assert f"Allocated worker: {world['allocated_worker'].full_name} → {world['team_colleague'].full_name}" in details
    assert not re.search(r"Allocated worker: \d+", details)
