"""The pages where a worker records the SSDA903 items Casebook does not derive: mother status,
UASC status, a year's OC2 outcomes and previous permanence. Each renders for the child's worker,
saves what was entered, puts every kind of bad input on its field with nothing written, and is
not found for a worker who cannot see the child. Stale saves are in tests/test_concurrent_edits.py."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casebook.looked_after import services
from casebook.looked_after.forms import collection_years
from casebook.looked_after.models import CareEpisode, MotherStatus, UASCStatus, YearOutcomes
from casebook.looked_after.tests.factories import looked_after

CARE_START = date(2025, 4, 10)


def _date(name, day: date | None = None, *, parts=None):
    d, m, y = parts or (day.day, day.month, day.year)
    return {f"{name}-day": str(d), f"{name}-month": str(m), f"{name}-year": str(y)}


def _child(world, *, born: date, sex: str = "F", in_care: bool = True):
    child = world.child
    child.date_of_birth, child.sex = born, sex
    child.save(update_fields=["date_of_birth", "sex"])
    if in_care:
        looked_after(child, world["allocated_worker"], start=CARE_START)
    return child


def _url(name, child, query=""):
    return reverse(f"looked_after:{name}", args=[child.casebook_id]) + query


def _post(client, world, url, data, *, version="0"):
    client.force_login(world["allocated_worker"])
    return client.post(url, {"version": version, **data})


def assert_error_on(response, field: str, message: str):
    """A GOV.UK error: the page is re-shown with 'Error:' in its title, the message in the
    summary linked to the field, and the message beside the field."""
    assert response.status_code == 200, response.status_code
    body = html.unescape(response.content.decode())
    assert "<title>Error: " in body
    summary = body.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert re.search(rf'href="#id_{field}(-day|-month|-year|_0)?">{re.escape(message)}', summary), summary
    assert f'id="{field}-error"' in body or f'id="id_{field}-error"' in body or \
        re.search(rf'id="[^"]*{field}[^"]*-error"', body), f"no message beside {field}"


# ---- Mother status -------------------------------------------------------------------------

def test_mother_page_renders_and_saves_then_edits(client, world):
    child = _child(world, born=date(2009, 5, 1))
    url = _url("mother-status", child)
    client.force_login(world["allocated_worker"])
    page = client.get(url)
    assert page.status_code == 200 and "Record whether she is a mother" in page.content.decode()
    assert 'name="version" value="0"' in page.content.decode()

    saved = _post(client, world, url, {"is_mother": "yes", **_date("first_child_born", date(2026, 1, 10))})
    assert saved.status_code == 302
    status = MotherStatus.objects.get(child=child)
    assert (status.is_mother, status.first_child_born, status.version) == (True, date(2026, 1, 10), 1)
    assert status.recorded_by == world["allocated_worker"]

    again = client.get(url).content.decode()
    assert 'name="version" value="1"' in again and 'value="yes" checked' in again.replace('checked=""', "checked")
    assert _post(client, world, url, {"is_mother": "no"}, version="1").status_code == 302
    status.refresh_from_db()
    assert (status.is_mother, status.first_child_born, status.version) == (False, None, 2)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "is_mother", "Select yes if she is a mother"),
    ({"is_mother": "maybe"}, "is_mother", "Select a valid choice"),
    ({"is_mother": "yes"}, "first_child_born", "Enter the date of birth of her first child"),
    ({"is_mother": "no", **_date("first_child_born", date(2026, 1, 10))}, "first_child_born",
     "Only enter a date of birth if she is a mother"),
    ({"is_mother": "yes", **_date("first_child_born", parts=(31, 2, 2026))}, "first_child_born",
     "Date of birth of her first child must be a real date"),
    ({"is_mother": "yes", **_date("first_child_born", parts=(10, "", 2026))}, "first_child_born",
     "Date of birth of her first child must include a month"),
    ({"is_mother": "yes", **_date("first_child_born", timezone.localdate() + timedelta(days=1))}, "first_child_born",
     "Date of birth of her first child must be today or in the past"),
    # Before her own birth on 1 May 2009 (rule 621), and when she was 10 (rule 620).
    ({"is_mother": "yes", **_date("first_child_born", date(2008, 12, 1))}, "first_child_born",
     "Date of birth of her first child must be after her own date of birth (1 May 2009)"),
    ({"is_mother": "yes", **_date("first_child_born", date(2020, 4, 30))}, "first_child_born",
     "Date of birth of her first child must be after she turned 11"),
])
def test_mother_page_bad_input_is_on_the_field_and_writes_nothing(client, world, data, field, message):
    child = _child(world, born=date(2009, 5, 1))
    response = _post(client, world, _url("mother-status", child), data)
    assert_error_on(response, field, message)
    assert not MotherStatus.objects.exists()


def test_mother_page_refuses_a_boy_and_a_child_not_in_care(client, world):
    boy = _child(world, born=date(2009, 5, 1), sex="M")
    assert_error_on(_post(client, world, _url("mother-status", boy), {"is_mother": "no"}), "is_mother",
                    "Mother status is recorded only for a girl or young woman")
    services.period_end(child=boy, end_date=date(2025, 9, 1), reason_ceased="E13", acting_user=world["allocated_worker"])
    boy.sex = "F"
    boy.save(update_fields=["sex"])
    body = _post(client, world, _url("mother-status", boy), {"is_mother": "no"}).content.decode()
    assert "The child is not looked after: record the start of a period of care first" in body
    assert not MotherStatus.objects.exists()


# ---- UASC status ---------------------------------------------------------------------------

def test_uasc_page_records_changes_and_removes_the_status(client, world):
    child = _child(world, born=date(2008, 1, 10))
    url = _url("uasc-status", child)
    client.force_login(world["allocated_worker"])
    assert "Record unaccompanied asylum-seeking child (UASC) status" in client.get(url).content.decode()
    assert "uasc" in client.get(_url("care", child)).content.decode()  # linked from the care page

    assert _post(client, world, url, {"is_uasc": "yes"}).status_code == 302
    status = UASCStatus.objects.get(child=child)
    assert (status.ceased_on, status.version) == (None, 1)

    # Ceased on her 18th birthday: the last day the 903 allows (rule 304).
    assert _post(client, world, url, {"is_uasc": "yes", **_date("ceased_on", date(2026, 1, 10))},
                 version="1").status_code == 302
    status.refresh_from_db()
    assert (status.ceased_on, status.version) == (date(2026, 1, 10), 2)

    assert _post(client, world, url, {"is_uasc": "no"}, version="2").status_code == 302
    assert not UASCStatus.objects.exists()
    assert status.history.first().history_type == "-"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "is_uasc", "Select yes if the child is or was a UASC"),
    ({"is_uasc": "no", **_date("ceased_on", date(2025, 6, 1))}, "ceased_on",
     "Only enter the date UASC status ceased if the child is or was a UASC"),
    ({"is_uasc": "yes", **_date("ceased_on", date(2026, 1, 11))}, "ceased_on",
     "Date UASC status ceased must be on or before the child's 18th birthday (10 January 2026)"),
    ({"is_uasc": "yes", **_date("ceased_on", date(2007, 12, 1))}, "ceased_on",
     "Date UASC status ceased must be after the child's date of birth"),
    ({"is_uasc": "yes", **_date("ceased_on", parts=(30, 2, 2025))}, "ceased_on", "must be a real date"),
    ({"is_uasc": "yes", **_date("ceased_on", timezone.localdate() + timedelta(days=3))}, "ceased_on",
     "must be today or in the past"),
])
def test_uasc_page_bad_input_is_on_the_field_and_writes_nothing(client, world, data, field, message):
    child = _child(world, born=date(2008, 1, 10))
    response = _post(client, world, _url("uasc-status", child), data)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "<title>Error: " in body and message in body
    assert re.search(rf'href="#id_{field}(-day|_0)?"', body)
    assert not UASCStatus.objects.exists()


def test_uasc_needs_a_child_who_has_been_looked_after(client, world):
    child = _child(world, born=date(2008, 1, 10), in_care=False)
    assert_error_on(_post(client, world, _url("uasc-status", child), {"is_uasc": "yes"}), "is_uasc",
                    "Record that the child is looked after first")
    assert not UASCStatus.objects.exists()


# ---- The year's outcomes (OC2) -------------------------------------------------------------

def test_outcomes_page_saves_this_year_and_last_year_separately(client, world):
    child = _child(world, born=date(2012, 6, 15))
    this_year, last_year = collection_years()
    url = _url("year-outcomes", child)
    client.force_login(world["allocated_worker"])
    page = client.get(url).content.decode()
    assert f"1 April {this_year - 1} to 31 March {this_year}" in page and f"?year={last_year}" in page

    data = {"immunisations": "yes", "convicted": "no", "substance_misuse": "yes", "intervention_received": "no",
            "intervention_offered": "yes", "sdq_reason": "SDQ2"}
    assert _post(client, world, url, data).status_code == 302
    assert _post(client, world, url + f"?year={last_year}", {"immunisations": "no", "substance_misuse": "no"}
                 ).status_code == 302
    now = YearOutcomes.objects.get(child=child, year=this_year)
    assert (now.immunisations, now.convicted, now.substance_misuse, now.intervention_received,
            now.intervention_offered, now.sdq_reason) == (True, False, True, False, True, "SDQ2")
    before = YearOutcomes.objects.get(child=child, year=last_year)
    assert (before.immunisations, before.convicted, before.substance_misuse, before.intervention_received,
            before.sdq_reason) == (False, None, False, None, "")
    assert client.get(url + "?year=2019").status_code == 404
    assert client.get(url + "?year=soon").status_code == 404


@pytest.mark.parametrize(("born", "data", "field", "message"), [
    (date(2012, 6, 15), {"immunisations": "perhaps"}, "immunisations", "Select a valid choice"),
    (date(2012, 6, 15), {"sdq_reason": "SDQ9"}, "sdq_reason", "Select a valid choice"),
    (date(2012, 6, 15), {"substance_misuse": "yes"}, "intervention_received",
     "Select whether the child received an intervention"),
    (date(2012, 6, 15), {"substance_misuse": "no", "intervention_received": "yes"}, "intervention_received",
     "Only answer this if a substance misuse problem was identified"),
    (date(2012, 6, 15), {"intervention_received": "no"}, "intervention_received",
     "Only answer this if a substance misuse problem was identified"),
    (date(2012, 6, 15), {"substance_misuse": "yes", "intervention_received": "no"}, "intervention_offered",
     "Select whether the child was offered an intervention"),
    (date(2012, 6, 15), {"substance_misuse": "yes", "intervention_received": "yes", "intervention_offered": "no"},
     "intervention_offered", "Only answer this if the child received no intervention"),
    # Aged 9 at 31 March of the year (rule 542).
    ("under 10", {"convicted": "no"}, "convicted", "Only answer this for a child aged 10 or over on 31 March"),
    ("under 4", {"sdq_reason": "SDQ4"}, "sdq_reason", "No SDQ is asked of a child under 4 on 31 March"),
    ("17 at start", {"sdq_reason": "SDQ5"}, "sdq_reason", "No SDQ is asked of a young person aged 17 or over"),
    (date(2016, 1, 1), {"sdq_reason": "SDQ1"}, "sdq_reason", "SDQ1 is for a child under 4 or over 17"),
])
def test_outcomes_page_bad_input_is_on_the_field_and_writes_nothing(client, world, born, data, field, message):
    year = collection_years()[0]
    born = {"under 10": date(year - 10, 4, 1), "under 4": date(year - 4, 4, 1),
            "17 at start": date(year - 18, 3, 31)}.get(born, born)
    child = _child(world, born=born)
    response = _post(client, world, _url("year-outcomes", child), data)
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "<title>Error: " in body and message in body, re.findall(r'href="#[^"]*">[^<]*', body)
    assert re.search(rf'href="#id_{field}(-day|_0)?"', body)
    assert not YearOutcomes.objects.exists()


# ---- Previous permanence -------------------------------------------------------------------

def test_permanence_page_saves_on_the_episode_that_began_care(client, world):
    child = _child(world, born=date(2012, 6, 15))
    services.episode_start(child=child, start_date=date(2025, 6, 1), reason_new_episode="P", legal_status="V2",
                           category_of_need="N1", placement_type="U4", placement_provider="PR1",
                           placement_postcode="SW1A 0AA", home_postcode="LS1 1UR", acting_user=world["allocated_worker"],
                           reason_place_change="CARPL")
    url = _url("previous-permanence", child)
    client.force_login(world["allocated_worker"])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data = {"previous_permanence": "P2", "previous_permanence_la": " 873 ", "previous_permanence_date": "zz/05/2020"}
    assert _post(client, world, url, data, version="1").status_code == 302
    first, second = CareEpisode.objects.filter(child=child).order_by("start_date")
    assert (first.previous_permanence, first.previous_permanence_la, first.previous_permanence_date,
            first.version) == ("P2", "873", "ZZ/05/2020", 2)
    assert (second.previous_permanence, second.previous_permanence_la) == ("", "")

    assert _post(client, world, url, {"previous_permanence": "Z1"}, version="2").status_code == 302
    first.refresh_from_db()
    assert (first.previous_permanence, first.previous_permanence_la, first.previous_permanence_date) == ("Z1", "", "")


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "previous_permanence", "Select the previous permanence option, or Z1 if it is not known"),
    ({"previous_permanence": "P9"}, "previous_permanence", "Select a valid choice"),
    ({"previous_permanence": "P1"}, "previous_permanence_la",
     "Enter the code of the local authority that arranged the order"),
    ({"previous_permanence": "P1", "previous_permanence_la": "873"}, "previous_permanence_date",
     "Enter the date of the order"),
    ({"previous_permanence": "Z1", "previous_permanence_la": "873"}, "previous_permanence_la",
     "Leave the local authority blank when it is not known (Z1)"),
    ({"previous_permanence": "Z1", "previous_permanence_date": "01/01/2020"}, "previous_permanence_date",
     "Leave the date of the order blank when it is not known (Z1)"),
    ({"previous_permanence": "P3", "previous_permanence_la": "87", "previous_permanence_date": "01/01/2020"},
     "previous_permanence_la", "Enter a 3-digit local authority code, or WAL, SCO, NIR or NUK"),
    ({"previous_permanence": "P3", "previous_permanence_la": "873", "previous_permanence_date": "2020-01-01"},
     "previous_permanence_date", "Enter the date of the order like 27/03/2021, with ZZ for a part not known"),
    ({"previous_permanence": "P3", "previous_permanence_la": "873", "previous_permanence_date": "31/02/2020"},
     "previous_permanence_date", "Date of the order must be a real date, like 27/03/2021"),
    # Care began on 10 April 2025 (rule 632); ZZ/04/2025 could be as late as 30 April.
    ({"previous_permanence": "P4", "previous_permanence_la": "WAL", "previous_permanence_date": "ZZ/04/2025"},
     "previous_permanence_date", "Date of the order must be before the child started to be looked after (10 April 2025)"),
])
def test_permanence_page_bad_input_is_on_the_field_and_writes_nothing(client, world, data, field, message):
    child = _child(world, born=date(2012, 6, 15))
    response = _post(client, world, _url("previous-permanence", child), data, version="1")
    assert response.status_code == 200
    body = html.unescape(response.content.decode())
    assert "<title>Error: " in body and message in body, re.findall(r'href="#[^"]*">[^<]*', body)
    assert re.search(rf'href="#id_{field}(-day|_0)?"', body)
    episode = CareEpisode.objects.get(child=child)
    assert (episode.previous_permanence, episode.previous_permanence_la, episode.version) == ("", "", 1)


def test_permanence_page_before_the_child_is_looked_after(client, world):
    child = _child(world, born=date(2012, 6, 15), in_care=False)
    response = _post(client, world, _url("previous-permanence", child), {"previous_permanence": "Z1"})
    assert_error_on(response, "previous_permanence", "Record that the child is looked after first")


# ---- Who may use them ----------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "model"), [
    ("mother-status", {"is_mother": "no"}, MotherStatus),
    ("uasc-status", {"is_uasc": "yes"}, UASCStatus),
    ("year-outcomes", {"immunisations": "yes"}, YearOutcomes),
])
def test_a_worker_who_cannot_see_the_child_gets_not_found_and_writes_nothing(client, world, name, data, model):
    child = _child(world, born=date(2009, 5, 1))
    client.force_login(world["other_team_worker"])
    assert client.get(_url(name, child)).status_code == 404
    assert client.post(_url(name, child), {"version": "0", **data}).status_code == 404
    assert not model.objects.exists()


def test_previous_permanence_is_not_found_for_a_worker_who_cannot_see_the_child(client, world):
    child = _child(world, born=date(2012, 6, 15))
    client.force_login(world["other_team_worker"])
    url = _url("previous-permanence", child)
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": "1", "previous_permanence": "Z1"}).status_code == 404
    assert CareEpisode.objects.get(child=child).previous_permanence == ""
