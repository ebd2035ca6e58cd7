"""Ofsted Annex A: the template's headings in order, and each list's columns filled from the
records, checked against hand-worked values (as at 31 October 2026: six months back is 30 April)."""

from datetime import date

import pytest

from casebook.front_door.tests import factories as fd
from casebook.looked_after.models import CareEpisode, UASCStatus
from casebook.statutory_returns.annex_a import LISTS, NOT_RECORDED, annex_a_lists
from casebook.statutory_returns.tests import dataset

pytestmark = pytest.mark.django_db
AS_AT = date(2026, 10, 31)


def _rows(lists, name):
    headings = LISTS[name][1]
    return [dict(zip(headings, row, strict=True)) for row in lists[name]]


def test_headings_are_ofsteds_template_in_order():
    assert LISTS["List 1"][1] == ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
                                  "Date of Contact", "Contact Source"]
    assert LISTS["List 3"][1][5:9] == ["Date of referral", "Referral Source", "Referral NFA?",
                                       "Number of Referrals in Last 12 Months"]
    care = LISTS["List 8"][1]
    assert len(care) == 34 and care[5] == "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
    assert care[-4:] == ["Was the child offered a Return Interview after their last missing episode (Y/N)?",
                         "Did the child accept a Return Interview after their last missing episode (Y/N)?",
                         "Allocated Team", "Allocated Worker"]
    assert LISTS["List 10"][1][:2] == ["Child Unique ID", "Family identifier"]
    assert len(LISTS["List 11"][1]) == 19 and LISTS["List 11"][1][-1] == "Reason for leaving adoption process"
    for name, blank in NOT_RECORDED.items():
        assert set(blank) <= set(LISTS[name][1])


def test_contacts_and_steps_to_early_help(world):
    kid, sibling = dataset.child("EHKID1", date_of_birth=date(2016, 11, 1)), dataset.child("EHSIB1", sex="M")
    worker = world["mash_worker"]
    fd.decided(by=worker, outcome="early_help", source="6", children=[kid, sibling],
               received_at=fd.at(2026, 9, 1), decided_at=fd.at(2026, 9, 2, 15))
    fd.contact(by=worker, children=[kid], received_at=fd.at(2026, 4, 29))  # before the six months
    fd.decided(by=worker, outcome="cin", children=[kid], received_at=fd.at(2026, 10, 1))

    lists = annex_a_lists(as_at=AS_AT)
    contacts = _rows(lists, "List 1")
    assert [(r["Child Unique ID"], r["Date of Contact"], r["Contact Source"]) for r in contacts] == [
        ("EHKID1", date(2026, 9, 1), "q) 6: Police"), ("EHSIB1", date(2026, 9, 1), "q) 6: Police"),
        ("EHKID1", date(2026, 10, 1), "e) 2A: Schools")]
    # Born 1 November 2016: still 9 on 31 October 2026.
    assert contacts[0]["Age of Child (Years)"] == 9 and contacts[0]["Gender"] == "b) Female"
    assert contacts[1]["Gender"] == "a) Male" and contacts[0]["Ethnicity"] == "a) WBRI"
    early = _rows(lists, "List 2")
    assert [(r["Child Unique ID"], r["Assessment start date"]) for r in early] == [
        ("EHKID1", date(2026, 9, 2)), ("EHSIB1", date(2026, 9, 2))]
    assert early[0]["Assessment completion date"] is None and early[0]["Organisation completing assessment"] == ""


def test_children_in_care_and_protection_columns():
    named = dataset.build()
    # A child on a CP plan who was under an emergency protection order (L2) in July.
    CareEpisode.objects.create(child=named["cp"], period_start=date(2026, 7, 1), start_date=date(2026, 7, 1),
                               reason_new_episode="S", legal_status="L2", category_of_need="N1",
                               placement_type="U6", placement_started=date(2026, 7, 1), end_date=date(2026, 7, 6),
                               reason_ceased="E4A")
    UASCStatus.objects.create(child=named["lac_long"])  # still UASC
    UASCStatus.objects.create(child=named["lac_new"], ceased_on=date(2025, 10, 30))  # ceased before the 12 months
    lists = annex_a_lists(as_at=AS_AT)

    plans = {r["Child Unique ID"]: r for r in _rows(lists, "List 7")}
    key = "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
    assert plans["CPNEW1"][key] == "a) Yes" and plans["CARRIED1"][key] == "b) No"

    care = {r["Child Unique ID"]: r for r in _rows(lists, "List 8")}
    new = care["LACNEW1"]
    # V2 from 1 May, C1 from 1 August (carried into the 1 October placement change).
    assert new["Child's Legal Status"] == "C1" and new["Start date of current legal status"] == date(2026, 8, 1)
    assert new["Date Started to be Looked After"] == date(2026, 5, 1)
    assert new["Number of Placements in the Last 12 months"] == 2
    assert new["Date of Latest Statutory Review"] == date(2026, 8, 18)
    assert new["Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"] == 1
    assert new["Was the child offered a Return Interview after their last missing episode (Y/N)?"] == "b) No"
    assert new["Did the child accept a Return Interview after their last missing episode (Y/N)?"] == ""
    assert new["Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)"] \
        == "b) No"
    assert new["Start Date of Most Recent Placement"] == date(2026, 10, 1) and new["Placement Type"] == "U4"
    long = care["LACLONG1"]
    assert long["Date of Last Health Assessment"] == date(2026, 7, 7)
    assert long["Date of Last Dental Check"] == date(2026, 8, 8)
    assert long["Date of Last IRO Visit / Contact to the Child"] is None  # not recorded (docs/returns.md)
    uasc = "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
    assert (long[uasc], new[uasc], care["LACEND1"][uasc]) == ("a) Yes", "b) No", "b) No")


def test_workbook_holds_the_lists_cell_for_cell():
    """The workbook is written row by row (write-only): each sheet is the list's headings in bold
    and its rows as annex_a_lists gives them, dates as DD/MM/YYYY dates."""
    from datetime import datetime
    from io import BytesIO

    from openpyxl import load_workbook

    from casebook.statutory_returns.annex_a import annex_a_workbook

    dataset.build()
    lists = annex_a_lists(as_at=AS_AT)
    book = load_workbook(BytesIO(annex_a_workbook(as_at=AS_AT)))
    assert book.sheetnames[:2] == ["List 1 Contacts", "List 2 Early help"] and len(book.sheetnames) == 11
    for sheet, (name, (_title, headings)) in zip(book.worksheets, LISTS.items(), strict=True):
        rows = list(sheet.iter_rows())
        assert [c.value for c in rows[0]] == headings and all(c.font.b for c in rows[0])
        expected = [[None if v in ("", None) else datetime.combine(v, datetime.min.time()) if isinstance(v, date)
                     else v for v in row] for row in lists[name]]
        assert [[c.value for c in row] for row in rows[1:]] == expected, name
        for row in rows[1:]:
            for c in row:
                assert not c.font.b
                assert c.number_format == ("DD/MM/YYYY" if isinstance(c.value, datetime) else "General")
    care = book["List 8 Children in care"]
    started = LISTS["List 8"][1].index("Date Started to be Looked After") + 1
    row = next(r for r in care.iter_rows(min_row=2) if r[0].value == "LACLONG1")
    assert (row[started - 1].value, row[started - 1].number_format) == (datetime(2026, 6, 1), "DD/MM/YYYY")
