"""Prospective adopters (Ofsted Annex A list 11): the process's dates in order, the pages for the
adoption team (GOV.UK errors, nothing half-saved, stale saves refused) and the Annex A rows."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.core.concurrency import ConcurrentEditError
from casebook.looked_after.models import Adopter
from casebook.looked_after.services import adopter_save
from casebook.statutory_returns.annex_a import LISTS, annex_a_lists

pytestmark = pytest.mark.django_db


def _dates(prefix, day, month, year):
    return {f"{prefix}-day": str(day), f"{prefix}-month": str(month), f"{prefix}-year": str(year)}


def test_process_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as error:
        adopter_save(full_name="Alex Adopter", enquiry_date=date(2026, 3, 1), stage1_start=date(2026, 2, 1),
                     approval_date=date(2026, 6, 1), placed_date=date(2026, 7, 1), left_reason="1",
                     acting_user=world["team_manager"])
    errors = error.value.message_dict
    assert errors["stage1_start"] == ["Stage 1 started must be on or after the date of the enquiry"]
    assert errors["application_date"] == ["Enter the date submitted: the adopter cannot be approved without it"]
    assert errors["matched_date"] == ["Enter the date matched: the adopter cannot be placed without it"]
    assert errors["children_placed"] == ["Enter how many children were placed with the adopter"]
    assert errors["left_date"] == ["Enter the date the adopter left the process"]
    assert not Adopter.objects.exists()


def test_a_stale_save_is_refused(world):
    adopter = adopter_save(full_name="Alex Adopter", enquiry_date=date(2026, 3, 1), acting_user=world["team_manager"])
    first = Adopter.objects.get()
    adopter_save(adopter=first, read_version=1, full_name="Alex Adopter", enquiry_date=date(2026, 3, 1),
                 stage1_start=date(2026, 3, 10), acting_user=world["team_manager"])
    with pytest.raises(ConcurrentEditError):
        adopter_save(adopter=Adopter.objects.get(pk=adopter.pk), read_version=1, full_name="Alex Adopter",
                     enquiry_date=date(2026, 3, 2), acting_user=world["allocated_worker"])
    assert Adopter.objects.get().enquiry_date == date(2026, 3, 1) and adopter.reference == f"ADR{adopter.pk:06d}"


@pytest.mark.parametrize(("persona", "status"), [("allocated_worker", 200), ("team_manager", 200),
                                                  ("head_of_service", 200), ("mash_worker", 403),
                                                  ("performance_analyst", 403), ("auditor", 403)])
def test_who_may_see_the_adopters(client, world, persona, status):
    client.force_login(world[persona])
    assert client.get(reverse("looked_after:adopters")).status_code == status


def test_add_shows_govuk_errors_then_saves(client, world):
    client.force_login(world["allocated_worker"])
    url = reverse("looked_after:adopter-add")
    base = {"version": "0", "full_name": "Jo Adopter", "sex": "F", "ethnicity": "WBRI", "disability": "no",
            "fostering_for_adoption": "yes", "household": "H1", **_dates("enquiry_date", 5, 1, 2026),
            **_dates("application_date", 1, 3, 2026), **_dates("approval_date", 1, 2, 2026)}
    html = client.post(url, base).content.decode()
    assert "govuk-error-summary" in html
    assert "Application approved must be on or after the date of the application" in html
    assert not Adopter.objects.exists()
    response = client.post(url, {**base, **_dates("approval_date", 1, 8, 2026)})
    assert response.status_code == 302
    saved = Adopter.objects.get()
    assert (saved.household, saved.fostering_for_adoption, saved.disability, saved.approval_date) == (
        "H1", True, False, date(2026, 8, 1))
    assert "Jo Adopter" in client.get(reverse("looked_after:adopters")).content.decode()


def test_edit_refuses_a_stale_form_and_keeps_the_input(client, world):
    adopter = adopter_save(full_name="Jo Adopter", enquiry_date=date(2026, 1, 5), acting_user=world["team_manager"])
    adopter_save(adopter=adopter, read_version=1, full_name="Jo Adopter", enquiry_date=date(2026, 1, 5),
                 stage1_start=date(2026, 1, 20), acting_user=world["team_manager"])
    client.force_login(world["allocated_worker"])
    html = client.post(reverse("looked_after:adopter-edit", args=[adopter.pk]),
                       {"version": "1", "full_name": "Jo Renamed", "sex": "U", "ethnicity": "NOBT",
                        **_dates("enquiry_date", 5, 1, 2026)}).content.decode()
    assert "Jo Renamed" in html and "govuk-error-summary" in html
    assert Adopter.objects.get().full_name == "Jo Adopter"


def test_annex_a_list_11_rows(world):
    user = world["team_manager"]
    couple = dict(household="H7", enquiry_date=date(2025, 12, 1), stage1_start=date(2026, 1, 5),
                  stage1_end=date(2026, 3, 1), stage2_start=date(2026, 3, 2), stage2_end=date(2026, 7, 1),
                  application_date=date(2026, 3, 2), approval_date=date(2026, 7, 20), matched_date=date(2026, 9, 1),
                  placed_date=date(2026, 11, 10), children_placed=2, acting_user=user)
    first = adopter_save(full_name="Pat One", sex="F", ethnicity="BAFR", disability=False, **couple)
    adopter_save(full_name="Chris Two", sex="M", ethnicity="WBRI", **couple)
    adopter_save(full_name="Left Early", enquiry_date=date(2025, 2, 1), left_date=date(2025, 9, 30), left_reason="1",
                 acting_user=user)  # left before the twelve months: not listed
    adopter_save(full_name="Left Lately", enquiry_date=date(2025, 2, 1), left_date=date(2026, 2, 1), left_reason="3",
                 acting_user=user)

    rows = [dict(zip(LISTS["List 11"][1], row, strict=True)) for row in annex_a_lists(as_at=date(2026, 10, 31))["List 11"]]
    assert [r["Date enquiry received"] for r in rows] == [date(2025, 2, 1), date(2025, 12, 1), date(2025, 12, 1)]
    left, pat = rows[0], rows[1]
    assert left["Reason for leaving adoption process"] == "3 - Application refused"
    assert left["Date of leaving adoption process"] == date(2026, 2, 1)
    assert pat["Individual adopter identifier"] == first.reference and pat["Family identifier"] == "H7"
    assert (pat["Gender"], pat["Ethnicity"], pat["Disability"]) == ("b) Female", "o) BAFR", "b) No")
    assert pat["Date adopter matched with child(ren)"] == date(2026, 9, 1)
    # Placed on 10 November: after the date the list is as at, so not yet.
    assert pat["Date child/children placed with adopter(s)"] is None and pat["No. of children placed"] is None
    assert rows[2]["Disability"] == "" and rows[2]["Gender"] == "a) Male"
