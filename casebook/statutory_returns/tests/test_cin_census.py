"""The CIN census export: the year's window, the XML structure, and bad XML named by line."""

import pytest

from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.cin_structure import check_cin_structure
from casebook.statutory_returns.tests import dataset
from casebook.statutory_returns.years import CollectionYear, current_year

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2027)


def test_collection_year_is_named_by_its_end():
    assert (YEAR.start.isoformat(), YEAR.end.isoformat(), YEAR.label) == ("2026-04-01", "2027-03-31", "2026-27")
    assert current_year(dataset.date(2026, 11, 25)).year == 2027


def test_empty_year_gives_a_valid_empty_return():
    xml = cin_census_xml(cin_census_tables(year=YEAR))
    assert check_cin_structure(xml) == []
    assert b"<Children" in xml and b"<Child>" not in xml


def test_only_what_belongs_in_the_year():
    dataset.build()
    tables = cin_census_tables(year=YEAR)
    ids = {row["LAchildID"] for row in tables["ChildIdentifiers"]}
    assert {"NFA1", "CARRIED1", "UNBORN1", "TWOEP1"} <= ids
    carried = [r for r in tables["Section47"] if r["LAchildID"] == "CARRIED1"]
    assert carried == []  # last year's enquiry and ICPC are left out (8715)
    plans = [r for r in tables["ChildProtectionPlans"] if r["LAchildID"] == "CARRIED1"]
    assert [p["CPPstartDate"] for p in plans] == ["2025-10-01"]
    assert [r["CINdetailsID"] for r in tables["CINdetails"] if r["LAchildID"] == "TWOEP1"] == [1, 2]
    assert {r["ReferralNFA"] for r in tables["CINdetails"]} == {"0", "1"}
    unborn = next(r for r in tables["ChildIdentifiers"] if r["LAchildID"] == "UNBORN1")
    assert unborn["PersonBirthDate"] is None and unborn["ExpectedPersonBirthDate"] == "2027-05-01"
    xml = cin_census_xml(tables)
    assert check_cin_structure(xml) == []
    assert b"xmlns" not in xml


def test_structure_check_names_element_and_line():
    bad = b"""<?xml version="1.0"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2027</Year><ReferenceDate>2027-03-31</ReferenceDate></CollectionDetails>
  <Source><LEA>873</LEA></Source></Header>
  <Children><Child>
    <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
    <ChildIdentifiers><LAchildID>A1</LAchildID><Sex>X</Sex></ChildIdentifiers>
  </Child></Children>
</Message>"""
    problems = check_cin_structure(bad)
    assert any("<ChildIdentifiers> at line 7 is out of order" in p for p in problems)
    assert any("<Sex> at line 7" in p for p in problems)
    assert any("missing <CINdetails>" in p for p in problems)
    assert check_cin_structure(b"<Message><Header>") == ["The file is not well-formed XML at line 1, column 17"]
    assert "namespace" in check_cin_structure(b'<Message xmlns="http://x"/>')[0]
