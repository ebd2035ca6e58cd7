"""Importing previous returns: round trip, idempotence, and bad files rejected with nothing written."""

import csv

import pytest
from django.core.management import CommandError, call_command

from casebook.child_protection.models import Conference, Section47, StrategyDiscussion
from casebook.children.models import Child
from casebook.episodes.models import EpisodeOfNeed
from casebook.looked_after.models import CareEpisode
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.imports import ImportRejected, import_cin_census, import_ssda903
from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.tests import dataset
from casebook.statutory_returns.years import CollectionYear

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2027)
COMPARED_903 = ("Header", "Episodes", "Reviews", "Missing")


def _903_tables():
    # OC3 (care leavers' contacts) is not imported, so a care leaver only in OC3 is left out here.
    tables = {name: rows for name, rows in ssda903_tables(year=YEAR).items() if name in COMPARED_903}
    tables["Header"] = [row for row in tables["Header"] if row["CHILD"] != "LEAVER1"]
    return tables


def _wipe():
    Conference.objects.all().delete()
    Section47.objects.all().delete()
    StrategyDiscussion.objects.all().delete()
    Child.objects.all().delete()


def _cin_tables():
    tables = cin_census_tables(year=YEAR)
    del tables["Header"]  # carries the time of export
    return tables


def _history_rows():
    return Child.history.count() + EpisodeOfNeed.history.count() + CareEpisode.history.count()


def test_cin_round_trip_and_second_import_changes_nothing():
    dataset.build()
    before = _cin_tables()
    xml = cin_census_xml(cin_census_tables(year=YEAR))
    _wipe()
    result = import_cin_census(data=xml, year=2027)
    assert result.created > 30
    assert _cin_tables() == before  # same children, episodes, dates and codes
    history = _history_rows()
    again = import_cin_census(data=xml, year=2027)
    assert (again.created, again.updated) == (0, 0) and again.unchanged == result.created
    assert _history_rows() == history


def test_ssda903_round_trip_and_second_import_changes_nothing(tmp_path):
    dataset.build()
    before = _903_tables()
    write_ssda903(ssda903_tables(year=YEAR), tmp_path)
    _wipe()
    result = import_ssda903(directory=tmp_path, year=YEAR)
    assert result.created >= 10
    assert _903_tables() == before
    history = _history_rows()
    again = import_ssda903(directory=tmp_path, year=YEAR)
    assert (again.created, again.updated) == (0, 0)
    assert _history_rows() == history


def _cin_file(tmp_path, **swap):
    dataset.build()
    xml = cin_census_xml(cin_census_tables(year=YEAR)).decode()
    for old, new in swap.items():
        assert old.replace("_", " ") in xml or old in xml
        xml = xml.replace(old, new, 1)
    _wipe()
    return xml.encode()


@pytest.mark.parametrize(("swap", "expected"), [
    ({"<LEA>": "<LEA>9"}, "<LEA> at line"),
    ({"<Year>2027</Year>": "<Year>2026</Year>"}, "<Year> at line 6 is 2026: this import is for 2027"),
    ({"<ReferralSource>2A</ReferralSource>": "<ReferralSource>ZZ</ReferralSource>"},
     "has a code that is not on the DfE list: 'ZZ'"),
    ({"<Sex>F</Sex>": "<GenderCurrent>2</GenderCurrent>"}, "<GenderCurrent> at line"),  # last year's format
    ({"<LAchildID>ASSESS1</LAchildID>": "<LAchildID>NFA1</LAchildID>"}, "<LAchildID> NFA1 at line"),
    ({"<CINclosureDate>2026-07-20</CINclosureDate>": "<CINclosureDate>2026-05-20</CINclosureDate>"},
     "<CINclosureDate> at line"),
    ({"</Children>": "<Child>"}, "not well-formed XML at line"),
])
def test_bad_cin_file_is_rejected_naming_the_line_and_nothing_is_written(tmp_path, swap, expected):
    data = _cin_file(tmp_path, **swap)
    with pytest.raises(ImportRejected) as rejected:
        import_cin_census(data=data, year=2027)
    assert any(expected in p for p in rejected.value.problems), rejected.value.problems
    assert not Child.objects.exists() and not EpisodeOfNeed.objects.exists()


def _903_dir(tmp_path, table, column, value, row=0):
    dataset.build()
    write_ssda903(ssda903_tables(year=YEAR), tmp_path)
    _wipe()
    path = tmp_path / {"Header": "header.csv", "Episodes": "episodes.csv"}[table]
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[row][column] = value
    if column == "CHILD" and table == "Header":
        rows[row][column] = rows[row + 1][column]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(("table", "column", "value", "expected"), [
    ("Header", "SEX", "2", "header.csv line 2: SEX '2' is not M, F or U"),
    ("Header", "CHILD", "", "is a duplicate of header.csv line 2"),
    ("Episodes", "PLACE", "H5", "PLACE 'H5' is not on the DfE list"),
    ("Episodes", "DEC", "01/11/2025", "DEC 01/11/2025 is before DECOM 01/12/2025"),
    ("Episodes", "DECOM", "01/05/2027", "this file is not the 2026-27 return"),
])
def test_bad_ssda903_files_are_rejected_and_nothing_is_written(tmp_path, table, column, value, expected):
    _903_dir(tmp_path, table, column, value)
    with pytest.raises(ImportRejected) as rejected:
        import_ssda903(directory=tmp_path, year=YEAR)
    assert any(expected in p for p in rejected.value.problems), rejected.value.problems
    assert not Child.objects.exists() and not CareEpisode.objects.exists()


def test_import_commands_report_and_refuse(tmp_path, capsys):
    data = _cin_file(tmp_path, **{"<LEA>": "<LEA>9"})
    (tmp_path / "bad.xml").write_bytes(data)
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_cin_census", str(tmp_path / "bad.xml"))
    (tmp_path / "good.xml").write_bytes(data.replace(b"<LEA>9", b"<LEA>", 1))
    call_command("import_cin_census", str(tmp_path / "good.xml"), "--year", "2027")
    assert "records created" in capsys.readouterr().out
