"""The returns page for the people who prepare them: download each return, see the DfE-rule
findings of the last check with a link to the record to fix each one. Every download is logged
in the export log (who, what, when)."""

import csv
import io
import logging
import tempfile
import zipfile
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casebook.access_audit.decorators import role_page
from casebook.access_audit.services import export_record
from casebook.statutory_returns import forms, selectors, services
from casebook.statutory_returns.annex_a import annex_a_workbook
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.models import Trigger, ValidationRun
from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.years import CollectionYear, current_year

ROLES = tuple(selectors.RETURNS_ROLES)
logger = logging.getLogger(__name__)


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
    latest = selectors.latest_runs(user=request.user, year=year.year)
    runs = [{"run": run, "findings": selectors.run_findings(user=request.user, run=run)} for run in latest]
    checked = selectors.last_checked(latest)
    return render(request, "statutory_returns/index.html", {
        "form": form, "year": year, "runs": runs, "checked": checked, "stale": selectors.check_is_stale(checked),
        "may_run": selectors.may_run_check(request.user)})


def _cell(text: str) -> str:
    """A validator's message must not run as a formula when the CSV is opened in a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_page(*ROLES)
def findings_csv(request, run_id: int):
    """Every finding of one check (the page shows the first 500), as CSV; logged as an export."""
    run = get_object_or_404(ValidationRun, pk=run_id)
    rows = selectors.all_findings(user=request.user, run=run)
    export_record(user=request.user, what=f"{run.get_kind_display()} {run.year} findings (CSV)", rows=len(rows))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{run.kind}-{run.year}-findings-{run.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Child ID", "Rule", "Type", "Message", "Table", "Field"])
    for child_id, rule, severity, message, table, field in rows:
        writer.writerow([_cell(child_id) or "Whole return", rule, severity.capitalize(), _cell(message), table, field])
    return response


@role_page(*selectors.RUN_ROLES)
@require_POST
def check_now(request):
    """Run both DfE-rule checks for the year now and store the findings (the nightly job does the same)."""
    form = forms.YearForm(data=request.POST)
    if not form.is_valid():
        messages.error(request, "Select a collection year from the list")
        return redirect("statutory_returns:index")
    year = CollectionYear(form.cleaned_data["year"])
    logger.info("Returns check for %s started from the returns page by user %s", year.label, request.user.pk)
    try:
        runs = services.returns_validate(year=year, acting_user=request.user, trigger=Trigger.PAGE)
    except services.ValidatorUnavailable:
        logger.exception("Returns check for %s failed (started by user %s)", year.label, request.user.pk)
        messages.error(request, "The check could not run because the DfE validators are not working. "
                                "Ask your system administrator to look at the server log.")
    else:
        errors, queries = sum(r.errors for r in runs), sum(r.queries for r in runs)
        logger.info("Returns check for %s finished: %s errors, %s queries", year.label, errors, queries)
        messages.success(request, f"The {year.label} returns were checked: {errors} errors and {queries} queries")
    return redirect(reverse("statutory_returns:index") + f"?year={year.year}")


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
