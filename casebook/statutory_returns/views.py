"""The returns page for the people who prepare them: download each return, see the DfE-rule
findings of the last check with a link to the record to fix each one. Every download is logged
in the export log (who, what, when)."""

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import Http404, HttpResponse
from django.shortcuts import render

from casebook.access_audit.decorators import role_page
from casebook.access_audit.services import export_record
from casebook.statutory_returns import forms, selectors
from casebook.statutory_returns.annex_a import annex_a_workbook
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.years import CollectionYear, current_year

ROLES = tuple(selectors.RETURNS_ROLES)


def _year_or_404(year: int) -> CollectionYear:
    if year not in dict(forms.year_choices()):
        raise Http404
    return CollectionYear(year)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_page(*ROLES)
def index(request):
    form = forms.YearForm(data=request.GET or None, initial={"year": current_year().year})
    year = current_year()
    if form.is_bound and form.is_valid():
        year = CollectionYear(form.cleaned_data["year"])
    runs = [{"run": run, "findings": selectors.run_findings(user=request.user, run=run)}
            for run in selectors.latest_runs(user=request.user, year=year.year)]
    return render(request, "statutory_returns/index.html", {"form": form, "year": year, "runs": runs})


@role_page(*ROLES)
def cin_census_download(request, year: int):
    collection = _year_or_404(year)
    tables = cin_census_tables(year=collection)
    export_record(user=request.user, what=f"CIN census {collection.label} (XML)",
                  rows=len(tables["ChildIdentifiers"]))
    return _download(cin_census_xml(tables), f"cin-census-{collection.year}.xml", "application/xml")


@role_page(*ROLES)
def ssda903_download(request, year: int):
    collection = _year_or_404(year)
    tables = ssda903_tables(year=collection)
    export_record(user=request.user, what=f"SSDA903 {collection.label} (CSV tables)", rows=len(tables["Header"]))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in write_ssda903(tables, Path(tmp)):
            archive.write(path, arcname=path.name)
    return _download(buffer.getvalue(), f"ssda903-{collection.year}.zip", "application/zip")


@role_page(*ROLES)
def annex_a(request):
    form = forms.AnnexAForm(data=request.GET or None)
    if form.is_bound and form.is_valid():
        as_at = form.cleaned_data["as_at"]
        content = annex_a_workbook(as_at=as_at)
        export_record(user=request.user, what=f"Ofsted Annex A as at {as_at:%d/%m/%Y} (spreadsheet)")
        return _download(content, f"annex-a-{as_at:%Y-%m-%d}.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return render(request, "statutory_returns/annex_a.html", {"form": form})
