"""The returns page, the downloads and their export log, Annex A, and the child's findings panel."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casebook.access_audit.models import ExportEvent
from casebook.statutory_returns.annex_a import LISTS
from casebook.statutory_returns.models import ReturnKind
from casebook.statutory_returns.services import validation_run_record
from casebook.statutory_returns.ssda903 import COLUMNS
from casebook.statutory_returns.tests import dataset
from casebook.statutory_returns.years import CollectionYear, current_year

pytestmark = pytest.mark.django_db


def _finding(child_id, code="8610", severity="error", table="CINdetails", field="PrimaryNeedCode"):
    return {"rule_code": code, "message": f"Rule {code} message", "severity": severity, "child_id": child_id,
            "table": table, "field": field}


def _stored_run(world, kind=ReturnKind.CIN, findings=()):
    year = current_year()
    return validation_run_record(kind=kind, year=year, children=3, acting_user=world["performance_analyst"],
                                 result={"findings": list(findings), "crashed": ["8898"]})


@pytest.mark.parametrize("persona", ["performance_analyst", "head_of_service", "administrator"])
def test_who_may_see_the_returns_page(client, world, persona):
    client.force_login(world[persona])
    assert client.get(reverse("statutory_returns:index")).status_code == 200


@pytest.mark.parametrize("persona", ["allocated_worker", "team_manager", "auditor", "iro"])
def test_others_are_refused_and_download_nothing(client, world, persona):
    client.force_login(world[persona])
    year = current_year().year
    assert client.get(reverse("statutory_returns:index")).status_code == 403
    assert client.get(reverse("statutory_returns:cin-census", args=[year])).status_code == 403
    assert client.get(reverse("statutory_returns:annex-a") + "?as_at-day=1&as_at-month=1&as_at-year=2026") \
        .status_code == 403
    assert not ExportEvent.objects.exists()


def test_findings_list_rule_type_child_and_field_to_fix(client, world):
    child = world.child.casebook_id
    _stored_run(world, findings=[_finding(child), _finding(child, "8670Q", "query", "Assessments",
                                                           "AssessmentAuthorisationDate"),
                                 _finding(None, "2887Q", "query", None, None)])
    client.force_login(world["performance_analyst"])
    html = client.get(reverse("statutory_returns:index")).content.decode()
    assert "8610" in html and "Rule 8610 message" in html and "govuk-tag--red\">Error" in html
    assert "8670Q" in html and ">Query<" in html
    assert reverse("children:summary", args=[child]) in html
    assert reverse("children_in_need:overview", args=[child]) in html  # the CIN details live there
    assert reverse("assessments:list", args=[child]) in html
    assert "Whole return" in html and "8898" in html  # return-level finding; crashed rule named


@pytest.mark.parametrize(("code", "table", "field", "page"), [
    ("393", "Header", "MOTHER", "mother/"),                               # MOTHER blank for a girl in care
    ("607", "Episodes", "DEC, REC, MOTHER, LS, SEX", "mother/"),          # named beside episode fields
    ("621", "Header", "DOB, MC_DOB", "mother/"),
    ("630", "Episodes", "RNE", "previous-permanence/"),                  # PrevPerm missing: names only RNE
    ("632", "Episodes", "DATE_PERM, DECOM", "previous-permanence/"),
    ("635", "PrevPerm", "LA_PERM, DATE_PERM, PREV_PERM", "previous-permanence/"),
    ("304", "UASC", "DUC", "uasc/"),
    ("303", "Header", "DUC, UASC", "uasc/"),
    ("191", "OC2", "IMMUNISATIONS, TEETH_CHECK, HEALTH_ASSESSMENT, SUBSTANCE_MISUSE", "outcomes/?year={year}"),
    ("542", "OC2", "CONVICTED", "outcomes/?year={year}"),
    ("188", "OC2", "SDQ_SCORE, SDQ_REASON", "outcomes/?year={year}"),
    ("186", "Episodes", "SDQ_SCORE", "health/add/"),                      # the score is a health check
    ("101", "Header", "SEX", None),                                       # the child's record itself
    ("146", "Episodes", "PLACE", ""),                                     # the care page
])
def test_903_findings_link_to_the_page_where_the_item_is_recorded(world, code, table, field, page):
    from casebook.statutory_returns.selectors import run_findings

    child = world.child.casebook_id
    run = _stored_run(world, kind=ReturnKind.SSDA903, findings=[_finding(child, code, "error", table, field)])
    [finding] = run_findings(user=world["performance_analyst"], run=run)
    expected = reverse("children:edit", args=[child]) if page is None else \
        f"/children/{child}/care/" + page.format(year=run.year)
    assert finding.fix_url == expected


def test_year_choice_and_bad_year(client, world):
    client.force_login(world["head_of_service"])
    response = client.get(reverse("statutory_returns:index"), {"year": "1999"})
    assert response.status_code == 200
    assert "Select a collection year from the list" in response.content.decode()
    assert client.get(reverse("statutory_returns:cin-census", args=[1999])).status_code == 404


def test_downloads_are_the_returns_and_are_logged(client, world):
    dataset.build()
    user = world["performance_analyst"]
    client.force_login(user)
    response = client.get(reverse("statutory_returns:cin-census", args=[2027]))
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    assert b"<LAchildID>CARRIED1</LAchildID>" in response.content
    response = client.get(reverse("statutory_returns:ssda903", args=[2027]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    header = archive.read("episodes.csv").decode().splitlines()[0]
    assert header.split(",") == COLUMNS["Episodes"] and len(archive.namelist()) == 11
    events = list(ExportEvent.objects.order_by("pk").values_list("user_id", "what", "rows"))
    assert events[0][:2] == (user.pk, "CIN census 2026-27 (XML)") and events[0][2] >= 14
    assert events[1][:2] == (user.pk, "SSDA903 2026-27 (CSV tables)")


def test_annex_a_bad_date_is_a_govuk_error(client, world):
    client.force_login(world["performance_analyst"])
    url = reverse("statutory_returns:annex-a")
    html = client.get(url, {"as_at-day": "31", "as_at-month": "2", "as_at-year": "2026"}).content.decode()
    assert "Inspection date must be a real date" in html and "govuk-error-summary" in html
    html = client.get(url, {"as_at-day": "", "as_at-month": "", "as_at-year": "", "go": "1"}).content.decode()
    assert "Enter the inspection date" in html
    assert not ExportEvent.objects.exists()


@pytest.mark.parametrize(("day", "month", "year", "message"), [
    ("", "", "", "Enter the inspection date"),
    ("", "3", "2026", "Inspection date must include a day"),
    ("27", "", "2026", "Inspection date must include a month"),
    ("27", "3", "", "Inspection date must include a year"),
    ("27", "", "", "Inspection date must include a month and a year"),
    ("31", "2", "2026", "Inspection date must be a real date"),
    ("27", "13", "2026", "Inspection date must be a real date"),
    ("x", "3", "2026", "Inspection date must be a real date"),
    ("1", "1", "2999", "Inspection date must be today or in the past"),
    ("27", "3", "26", "Year must include 4 numbers"),  # the Design System's wording for a short year
])
def test_annex_a_date_errors_use_the_fields_label(client, world, day, month, year, message):
    """The inspection date's every error message is worded from its label, in the summary and at the field."""
    client.force_login(world["performance_analyst"])
    response = client.get(reverse("statutory_returns:annex-a"),
                          {"as_at-day": day, "as_at-month": month, "as_at-year": year})
    assert response.status_code == 200
    assert response.context["form"].errors == {"as_at": [message]}
    html = response.content.decode()
    # The error summary links to the first box the error is about.
    first_box = next((part for part, value in (("day", day), ("month", month), ("year", year)) if not value), "day")
    if message == "Year must include 4 numbers":
        first_box = "year"
    assert f'<a href="#id_as_at-{first_box}">{message}</a>' in html
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in html  # at the field
    assert not ExportEvent.objects.exists()


def test_annex_a_has_every_list_with_the_data_that_exists(client, world, settings):
    dataset.build()
    client.force_login(world["head_of_service"])
    response = client.get(reverse("statutory_returns:annex-a"),
                          {"as_at-day": "31", "as_at-month": "10", "as_at-year": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 11 and book.sheetnames[0].startswith("List 1")
    counts = {name.split()[1]: book[name].max_row - 1 for name in book.sheetnames}
    assert counts["1"] == 0 and counts["2"] == 0 and counts["11"] == 0  # no contacts, early help or adopters here
    for number in ("4", "5", "6", "7", "8", "9"):
        assert counts[number] > 0, f"list {number} is empty"
    cp = book["List 7 Child protection"]
    assert [c.value for c in cp[1]] == LISTS["List 7"][1]
    assert {row[0].value for row in cp.iter_rows(min_row=2)} == {"CPNEW1", "CARRIED1"}
    care = book["List 8 Children in care"]
    assert {row[0].value for row in care.iter_rows(min_row=2)} == {"LACNEW1", "LACLONG1", "LACEND1"}
    assert ExportEvent.objects.get().what == "Ofsted Annex A as at 31/10/2026 (spreadsheet)"


def test_child_panel_shows_the_childs_current_findings(client, world, django_assert_max_num_queries):
    child = world.child.casebook_id
    old = _stored_run(world, findings=[_finding(child, "OLD1")])
    _stored_run(world, findings=[_finding(child), _finding("SOMEONE9", "1510")])
    _stored_run(world, kind=ReturnKind.SSDA903,
                findings=[_finding(child, "SW13STG1", table="SWEpisodes", field="SW_REASON")])
    assert old.findings.count() == 1
    client.force_login(world["allocated_worker"])
    html = client.get(reverse("children:summary", args=[child])).content.decode()
    assert "Statutory returns" in html and "8610" in html and "SW13STG1" in html
    assert "OLD1" not in html and "1510" not in html  # only the last run, only this child
    assert reverse("looked_after:social-workers", args=[child]) in html


def test_child_panel_is_absent_without_findings(client, world):
    client.force_login(world["allocated_worker"])
    html = client.get(reverse("children:summary", args=[world.child.casebook_id])).content.decode()
    assert "Findings from the last check" not in html


def test_export_commands_write_the_files(tmp_path):
    from django.core.management import call_command

    dataset.build()
    call_command("export_cin_census", "--year", "2027", "--out", str(tmp_path / "cin.xml"))
    call_command("export_ssda903", "--year", "2027", "--out", str(tmp_path / "903"))
    call_command("export_annex_a", "--date", "2026-10-31", "--out", str(tmp_path / "annex.xlsx"))
    assert b"<Collection>CIN</Collection>" in (tmp_path / "cin.xml").read_bytes()
    assert len(list((tmp_path / "903").glob("*.csv"))) == 11
    assert len(load_workbook(tmp_path / "annex.xlsx").sheetnames) == 11
    assert CollectionYear(2027).label == "2026-27"
