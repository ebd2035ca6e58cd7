"""Bad input on the child's record forms: a GOV.UK error on the field, "Error: " in the title,
nothing saved, never a 500. Free text is kept as typed and shown escaped."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.children.models import Address, Child, Relationship
from casebook.children.tests.factories import ChildFactory

SCRIPT = '<script>alert("x")</script><b onmouseover="steal()">bold</b>'


def field_error(response, field: str) -> str:
    """The text of the GOV.UK error message shown on `field`, or "" if there is none."""
    body = response.content.decode()
    match = re.search(rf'<p id="id_{field}-error" class="govuk-error-message">(.*?)</p>', body, re.DOTALL)
    if not match:
        return ""
    text = re.sub(r"<[^>]+>", "", match.group(1))
    return html.unescape(" ".join(text.split())).removeprefix("Error: ")


def assert_error_page(response, field: str, message: str):
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Error: " in body
    assert 'class="govuk-error-summary"' in body
    assert field_error(response, field) == message
    # The summary links to the field (for a date, the first box in error; for radios, the first).
    assert re.search(rf'<a href="#id_{field}(-day|-month|-year|_0)?">{re.escape(html.escape(message, quote=True))}</a>',
                     body)


def _date(prefix: str, d) -> dict:
    return {f"{prefix}-day": str(d.day), f"{prefix}-month": str(d.month), f"{prefix}-year": str(d.year)}


def child_data(**overrides) -> dict:
    data = {
        "first_names": "Ellis", "last_name": "Pemberton-Hughes", "known_as": "", "sex": "M", "gender": "",
        "ethnicity": "WBRI", "nhs_number": "", "upn": "", "first_language": "English",
        **_date("date_of_birth", timezone.localdate() - timedelta(days=3000)),
        "expected_date_of_birth-day": "", "expected_date_of_birth-month": "", "expected_date_of_birth-year": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def worker_client(client, world):
    client.force_login(world["allocated_worker"])
    return client


def test_a_valid_child_with_no_likely_duplicate_is_created_directly(worker_client, world):
    response = worker_client.post(reverse("children:create"), child_data(nhs_number="943 476 5919",
                                                                          upn="t873123425001"))
    child = Child.objects.get(last_name="Pemberton-Hughes")
    assert response.status_code == 302 and response["Location"] == reverse("children:summary", args=[child.casebook_id])
    assert child.nhs_number == "9434765919" and child.upn == "T873123425001"
    assert child.recorded_by == world["allocated_worker"]


def _today_plus(days):
    return timezone.localdate() + timedelta(days=days)


BAD_CHILD_INPUT = [
    ({"nhs_number": "943 476 5918"}, "nhs_number",
     "Enter a valid NHS number: 10 digits whose last digit checks the others"),
    ({"nhs_number": "1234567890"}, "nhs_number",
     "Enter a valid NHS number: 10 digits whose last digit checks the others"),
    ({"nhs_number": "9434 7659 1999 99"}, "nhs_number", "NHS number must be 14 characters or fewer"),
    ({"upn": "A873123425001"}, "upn", "Enter a valid unique pupil number: a check letter and 12 characters"),
    ({"upn": "T87312342500"}, "upn", "Enter a valid unique pupil number: a check letter and 12 characters"),
    (_date("date_of_birth", _today_plus(1)), "date_of_birth", "Date of birth must be today or in the past"),
    ({"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2020"}, "date_of_birth",
     "Date of birth must be a real date"),
    ({"date_of_birth-day": "3", "date_of_birth-month": "4", "date_of_birth-year": ""}, "date_of_birth",
     "Date of birth must include a year"),
    ({"date_of_birth-day": "3", "date_of_birth-month": "4", "date_of_birth-year": "19"}, "date_of_birth",
     "Year must include 4 numbers"),
    ({"date_of_birth-day": "x", "date_of_birth-month": "4", "date_of_birth-year": "2019"}, "date_of_birth",
     "Date of birth must be a real date"),
    ({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": "",
      **_date("expected_date_of_birth", _today_plus(-1))}, "expected_date_of_birth",
     "Expected date of birth must be today or in the future"),
    ({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": "",
      **_date("expected_date_of_birth", _today_plus(400))}, "expected_date_of_birth",
     "Expected date of birth must be within the next 10 months"),
    ({"date_of_birth-day": "", "date_of_birth-month": "", "date_of_birth-year": ""}, "date_of_birth",
     "Enter the date of birth or, for an unborn child, the expected date of birth"),
    (_date("expected_date_of_birth", _today_plus(30)), "expected_date_of_birth",
     "Leave the expected date of birth blank for a child who has been born"),
    ({"first_names": ""}, "first_names", "Enter the child's first names"),
    ({"last_name": "   "}, "last_name", "Enter the child's last name"),
    ({"first_names": "A" * 101}, "first_names", "First names must be 100 characters or fewer"),
    ({"known_as": "K" * 101}, "known_as", "Known as must be 100 characters or fewer"),
    ({"gender": "G" * 61}, "gender", "Gender identity must be 60 characters or fewer"),
    ({"sex": ""}, "sex", "Select the child's sex, or 'Not known or not recorded'"),
    ({"disabilities": ["NONE", "MOB"]}, "disabilities", "Select 'No disability' or the child's disabilities, not both"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_CHILD_INPUT)
def test_bad_input_on_create_shows_the_error_and_saves_nothing(worker_client, overrides, field, message):
    before = Child.objects.count()
    response = worker_client.post(reverse("children:create"), child_data(**overrides))
    assert_error_page(response, field, message)
    assert Child.objects.count() == before


@pytest.mark.parametrize("overrides", [
    {"sex": "X"}, {"ethnicity": "ZZZZ"}, {"disabilities": ["NOPE"]}, {"date_of_birth-year": "99999999999999999999"},
    {"date_of_birth-day": "-1"}, {"first_names": "\x00"}, {"nhs_number": "٩٤٣٤٧٦٥٩١٩"},
])
def test_nonsense_input_never_gives_a_500(worker_client, overrides):
    before = Child.objects.count()
    response = worker_client.post(reverse("children:create"), child_data(**overrides))
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert Child.objects.count() == before


def test_a_full_width_nhs_number_is_stored_as_ascii_digits(worker_client):
    assert worker_client.post(reverse("children:create"), child_data(nhs_number="９４３ ４７６ ５９１９")).status_code == 302
    assert Child.objects.get(last_name="Pemberton-Hughes").nhs_number == "9434765919"


def test_the_typed_values_are_kept_on_the_page_after_an_error(worker_client):
    response = worker_client.post(reverse("children:create"), child_data(nhs_number="943 476 5918", known_as="Elly"))
    body = response.content.decode()
    assert 'value="943 476 5918"' in body and 'value="Elly"' in body


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_CHILD_INPUT[:6])
def test_bad_input_on_edit_changes_nothing(client, world, overrides, field, message):
    child = world.child
    client.force_login(world["allocated_worker"])
    before = (child.first_names, child.date_of_birth, child.nhs_number, child.version)
    data = child_data(first_names=child.first_names, last_name=child.last_name, version=child.version,
                      **_date("date_of_birth", child.date_of_birth))
    data.update(overrides)
    response = client.post(reverse("children:edit", args=[child.casebook_id]), data)
    assert_error_page(response, field, message)
    child.refresh_from_db()
    assert (child.first_names, child.date_of_birth, child.nhs_number, child.version) == before


def test_edit_without_the_version_asks_for_a_reload(client, world):
    child = world.child
    client.force_login(world["allocated_worker"])
    data = child_data(first_names="Changed", **_date("date_of_birth", child.date_of_birth))
    response = client.post(reverse("children:edit", args=[child.casebook_id]), data)
    assert response.status_code == 200 and "This form is out of date: reload the page" in response.content.decode()
    child.refresh_from_db()
    assert child.first_names != "Changed"


def address_data(**overrides):
    return {"line_1": "14 Mill Lane", "line_2": "", "town": "Northmoor", "postcode": "ls1 4ap",
            "moved_in-day": "", "moved_in-month": "", "moved_in-year": "", **overrides}


def test_a_valid_address_is_saved_with_a_normalised_postcode(client, world):
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:address-add", args=[world.child.casebook_id]), address_data())
    assert response.status_code == 302
    assert world.child.addresses.get().postcode == "LS1 4AP"


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"postcode": "LS1 4A"}, "postcode", "Enter a real postcode, like SW1A 1AA"),
    ({"postcode": "12345"}, "postcode", "Enter a real postcode, like SW1A 1AA"),
    ({"postcode": "SW1A 1AA XXXX"}, "postcode", "Postcode must be 10 characters or fewer"),
    ({"postcode": ""}, "postcode", "Enter the postcode"),
    ({"line_1": ""}, "line_1", "Enter address line 1, typically the building and street"),
    ({"line_1": "x" * 101}, "line_1", "Address line 1 must be 100 characters or fewer"),
    ({"town": "x" * 61}, "town", "Town or city must be 60 characters or fewer"),
    (_date("moved_in", timezone.localdate() + timedelta(days=2)), "moved_in", "Date moved in must be today or in the past"),
])
def test_bad_address_input(client, world, overrides, field, message):
    client.force_login(world["allocated_worker"])
    response = client.post(reverse("children:address-add", args=[world.child.casebook_id]), address_data(**overrides))
    assert_error_page(response, field, message)
    assert not Address.objects.exists()


def relationship_data(**overrides):
    return {"name": "Dana Pemberton", "relationship": "mother", "organisation": "", "phone": "", "notes": "",
            **overrides}


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"name": ""}, "name", "Enter the person's full name"),
    ({"name": "n" * 201}, "name", "Full name must be 200 characters or fewer"),
    ({"relationship": ""}, "relationship", "Select the relationship to the child"),
    ({"notes": "n" * 2001}, "notes", "Notes must be 2000 characters or fewer"),
    ({"phone": "0" * 41}, "phone", "Phone number must be 40 characters or fewer"),
])
def test_bad_relationship_input(client, world, overrides, field, message):
    client.force_login(world["allocated_worker"])
    url = reverse("children:relationship-add", args=[world.child.casebook_id])
    response = client.post(url, relationship_data(**overrides))
    assert_error_page(response, field, message)
    assert not Relationship.objects.exists()


def test_an_unknown_relationship_type_is_refused_without_a_500(client, world):
    client.force_login(world["allocated_worker"])
    url = reverse("children:relationship-add", args=[world.child.casebook_id])
    response = client.post(url, relationship_data(relationship="pirate"))
    assert response.status_code == 200 and field_error(response, "relationship")
    assert not Relationship.objects.exists()


def test_script_in_free_text_is_kept_as_typed_and_shown_escaped(client, world):
    child = world.child
    client.force_login(world["allocated_worker"])
    url = reverse("children:relationship-add", args=[child.casebook_id])
    assert client.post(url, relationship_data(name=SCRIPT, notes=SCRIPT)).status_code == 302
    person = Relationship.objects.get()
    assert person.notes == SCRIPT and person.name == SCRIPT  # stored exactly as typed
    for page in ("children:summary", "children:chronology", "children:history"):
        client.force_login(world["team_manager"])
        body = client.get(reverse(page, args=[child.casebook_id])).content.decode()
        assert "<script>alert" not in body and "<b onmouseover" not in body, page
    body = client.get(reverse("children:summary", args=[child.casebook_id])).content.decode()
    assert html.escape(SCRIPT) in body or html.escape(SCRIPT, quote=False) in body


def test_script_in_a_childs_name_is_escaped_everywhere_it_appears(client, world):
    child = ChildFactory(first_names=SCRIPT, last_name="Smith")
    from casebook.children.tests.factories import allocate

    allocate(child, world["allocated_worker"])
    client.force_login(world["allocated_worker"])
    pages = [reverse("children:summary", args=[child.casebook_id]), reverse("children:search") + "?q=Smith",
             reverse("core:home")]
    for url in pages:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "&lt;script&gt;" in body, url


@pytest.mark.parametrize("path", [
    "/no-such-page/", "/children/CBZZZZZZZZ/", "/children/CBZZZZZZZZ/edit/", "/children/cb%3Cscript%3E/",
    "/children/" + "A" * 300 + "/", "/children/CBZZZZZZZZ/chronology/", "/children/CBZZZZZZZZ/who-viewed/",
])
def test_unknown_urls_and_ids_give_the_govuk_404_page(client, world, path):
    client.force_login(world["head_of_service"])
    response = client.get(path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "<title>Page not found – Casebook" in body
    assert 'class="govuk-heading-l">Page not found</h1>' in body
    assert "govuk-generic-header" in body  # the service layout, not Django's bare page


def test_a_404_for_a_child_the_user_may_not_see_looks_the_same_as_a_missing_one(client, world):
    client.force_login(world["other_team_worker"])
    hidden = client.get(reverse("children:summary", args=[world.child.casebook_id]))
    missing = client.get(reverse("children:summary", args=["CBZZZZZZZZ"]))
    assert hidden.status_code == missing.status_code == 404
    def without_csrf(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert without_csrf(hidden) == without_csrf(missing)
