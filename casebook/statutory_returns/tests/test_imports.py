"""Importing previous returns: round trip, idempotence, and bad files rejected with nothing written."""

import csv
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from casebook.child_protection.models import Conference, Section47, StrategyDiscussion
from casebook.children.models import Child
from casebook.episodes.models import EpisodeOfNeed
from casebook.looked_after.models import (
    AdoptionRecord,
    CareEpisode,
    CareLeaverContact,
    HealthCheck,
    ImportedSocialWorkerEpisode,
    MotherStatus,
    UASCStatus,
    YearOutcomes,
)
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.imports import ImportRejected, import_cin_census, import_ssda903
from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.tests import dataset
from casebook.statutory_returns.years import CollectionYear

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2027)
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


def _every_903_table():
    """Add to the data set what its SSDA903 part lacks, so that every one of the eleven tables has rows:
    a child looked after for over a year (OC2), an adoption (AD1, PlacedAdoption), a UASC, a mother,
    previous permanence recorded and not recorded."""
    named = dataset.build()
    def care(kid, start, ls, place, end=None, rec=""):
        return CareEpisode.objects.create(child=kid, period_start=start, start_date=start, reason_new_episode="S",
                                          legal_status=ls, category_of_need="N1", placement_type=place,
                                          placement_provider="PR1", placement_postcode=dataset.POSTCODES[0],
                                          home_postcode=dataset.POSTCODES[1], placement_started=start, end_date=end,
                                          reason_ceased=rec)
    long_stay = dataset.child("OC2KID1", date_of_birth=date(2014, 5, 5))
    care(long_stay, date(2024, 6, 3), "C2", "U4")
    MotherStatus.objects.create(child=long_stay, is_mother=False)
    HealthCheck.objects.create(child=long_stay, kind="dental", check_date=date(2026, 9, 9))
    HealthCheck.objects.create(child=long_stay, kind="sdq", check_date=date(2026, 10, 1), sdq_score=15)
    YearOutcomes.objects.create(child=long_stay, year=2027, convicted=False, immunisations=True,
                                substance_misuse=True, intervention_received=False, intervention_offered=True)
    adopted = dataset.child("ADOPT1", sex="M", date_of_birth=date(2022, 2, 2))
    care(adopted, date(2025, 1, 10), "E1", "A5", end=date(2026, 11, 20), rec="E11")
    AdoptionRecord.objects.create(child=adopted, decision_date=date(2025, 6, 1), match_date=date(2026, 3, 1),
                                  adoption_order_date=date(2026, 11, 20), foster_carer_adopting=False,
                                  number_of_adopters=2, adopter_sex="MF", adopter_legal_status="L0")
    UASCStatus.objects.create(child=named["lac_new"], ceased_on=date(2026, 10, 1))
    # The data set records her as not a mother and PrevPerm Z1: make her a mother, and leave her
    # PrevPerm not recorded (a blank row).
    MotherStatus.objects.filter(child=named["lac_long"]).update(is_mother=True, first_child_born=date(2026, 1, 5))
    CareEpisode.objects.filter(child=named["lac_long"], reason_new_episode="S").update(previous_permanence="")
    CareEpisode.objects.filter(child=named["lac_new"], reason_new_episode="S").update(
        previous_permanence="P2", previous_permanence_la="873", previous_permanence_date="ZZ/01/2020")


def _files(directory):
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.csv"))}


def _903_history_rows():
    return sum(m.history.count() for m in (Child, CareEpisode, MotherStatus, UASCStatus, YearOutcomes,
                                           CareLeaverContact, AdoptionRecord))


def test_ssda903_round_trip_of_all_eleven_tables_is_byte_for_byte(tmp_path):
    _every_903_table()
    first, second = tmp_path / "first", tmp_path / "second"
    write_ssda903(ssda903_tables(year=YEAR), first)
    before = _files(first)
    rows = {name: len(data.decode().splitlines()) - 1 for name, data in before.items()}
    assert len(rows) == 11 and min(rows.values()) >= 1, rows  # every table has at least one row
    _wipe()
    result = import_ssda903(directory=first, year=YEAR)
    # 6 children, 2 mother statuses, 1 UASC, 7 episodes, 4 reviews, 1 missing, 1 OC2, 1 OC3 contact,
    # 1 adoption, 4 social worker episodes.
    assert (result.created, result.updated) == (28, 0)
    write_ssda903(ssda903_tables(year=YEAR), second)
    assert _files(second) == before
    history = _903_history_rows()
    again = import_ssda903(directory=first, year=YEAR)
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)
    assert _903_history_rows() == history
    assert ImportedSocialWorkerEpisode.objects.count() == rows["sw_episodes.csv"]


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


def _plant(tmp_path, file_name, column, value):
    _every_903_table()
    write_ssda903(ssda903_tables(year=YEAR), tmp_path)
    _wipe()
    path = tmp_path / file_name
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0][column] = value
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(("file_name", "column", "value", "expected"), [
    ("uasc.csv", "SEX", "1", "uasc.csv line 2: SEX '1' is not M, F or U"),
    ("uasc.csv", "DUC", "31/02/2026", "uasc.csv line 2: DUC '31/02/2026' is not a date"),
    ("oc2.csv", "SDQ_REASON", "SDQ9", "oc2.csv line 2: SDQ_REASON 'SDQ9' is not on the DfE list"),
    ("oc2.csv", "IMMUNISATIONS", "Y", "oc2.csv line 2: IMMUNISATIONS 'Y' must be 0, 1 or blank"),
    ("oc2.csv", "SDQ_SCORE", "41", "oc2.csv line 2: SDQ_SCORE '41' is not a whole number from 0 to 40"),
    ("oc3.csv", "ACCOM", "Q1", "oc3.csv line 2: ACCOM 'Q1' is not on the DfE list"),
    ("oc3.csv", "CHILD", "NOBODY", "oc3.csv line 2: CHILD NOBODY is not in the Header table"),
    ("ad1.csv", "DATE_MATCH", "01/01/2025", "ad1.csv line 2: DATE_MATCH 01/01/2025 is before DATE_INT 01/06/2025"),
    ("ad1.csv", "DATE_INT", "02/06/2025", "ad1.csv line 2: DATE_INT 02/06/2025 differs from DATE_PLACED"),
    ("placed_for_adoption.csv", "REASON_PLACED_CEASED", "RD9", "REASON_PLACED_CEASED 'RD9' is not on the DfE list"),
    ("previous_permanence.csv", "PREV_PERM", "P9", "previous_permanence.csv line 2: PREV_PERM 'P9' is not on"),
    ("previous_permanence.csv", "DATE_PERM", "2020-01-01", "DATE_PERM '2020-01-01' is not a date like 27/03/2021"),
    ("previous_permanence.csv", "LA_PERM", "9999", "LA_PERM '9999' is not a 3-digit LA code"),
    ("sw_episodes.csv", "SW_ID", "AB123", "sw_episodes.csv line 2: SW_ID 'AB123' does not begin with SW or XX"),
    ("sw_episodes.csv", "SW_REASON", "FIRED", "sw_episodes.csv line 2: SW_REASON 'FIRED' is not on the DfE list"),
    ("sw_episodes.csv", "SW_DEC", "01/11/2025", "sw_episodes.csv line 2: SW_DEC 01/11/2025 is before SW_DECOM"),
    ("header.csv", "MC_DOB", "", "MC_DOB is needed when MOTHER is 1, and only then"),
    ("reviews.csv", "REVIEW_CODE", "PN9", "reviews.csv line 2: REVIEW_CODE 'PN9' is not on the DfE list"),
    ("missing.csv", "MIS_END", "01/09/2026", "missing.csv line 2: MIS_END 01/09/2026 is before MIS_START"),
])
def test_an_error_planted_in_any_table_rejects_the_files_and_writes_nothing(tmp_path, file_name, column, value,
                                                                           expected):
    _plant(tmp_path, file_name, column, value)
    if file_name == "header.csv":  # the mother's row, not the first child's
        rows = list(csv.DictReader((tmp_path / file_name).open(newline="")))
        mother = next(r for r in rows if r["MOTHER"] == "1")
        mother["MC_DOB"] = ""
        with (tmp_path / file_name).open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    with pytest.raises(ImportRejected) as rejected:
        import_ssda903(directory=tmp_path, year=YEAR)
    assert any(expected in p for p in rejected.value.problems), rejected.value.problems
    assert not Child.objects.exists() and not CareEpisode.objects.exists()
