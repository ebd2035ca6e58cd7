"""The stored validation run: validate_returns (the nightly job) stores the runs and findings, the
returns page says when the last check was and warns when it is over a day old or missing, and
analysts can start a check (POST, CSRF, role-checked, logged). The DfE validators are replaced by
a fake driver giving known findings, so these tests need no validators' environment."""

import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casebook.statutory_returns import services
from casebook.statutory_returns.models import Finding, ReturnKind, Trigger, ValidationRun
from casebook.statutory_returns.selectors import check_is_stale, last_checked
from casebook.statutory_returns.years import CollectionYear, current_year

pytestmark = pytest.mark.django_db
CIN_RESULT = {"findings": [
    {"rule_code": "8610", "message": "Primary need code is missing", "severity": "error", "child_id": "NOSUCH1",
     "table": "CINdetails", "field": "PrimaryNeedCode"},
    {"rule_code": "2887Q", "message": "Few children recorded with no disability", "severity": "query",
     "child_id": None, "table": None, "field": None}], "crashed": ["8898"]}


@pytest.fixture
def fake_driver(monkeypatch):
    calls = []

    def run_driver(*args, timeout=3600):
        calls.append(args[0])
        return CIN_RESULT if args[0] == "cin-tables" else {"findings": [], "crashed": []}

    monkeypatch.setattr(services, "run_driver", run_driver)
    return calls


def _index(client, user, year=None):
    client.force_login(user)
    return client.get(reverse("statutory_returns:index"), {"year": year} if year else {}).content.decode()


def test_command_stores_both_runs_and_their_findings(fake_driver, capsys):
    call_command("validate_returns", "--year", "2027", "--summary")
    cin, ssda903 = (ValidationRun.objects.get(kind=k, year=2027) for k in (ReturnKind.CIN, ReturnKind.SSDA903))
    assert fake_driver == ["cin-tables", "ssda903"]
    assert (cin.errors, cin.queries, cin.crashed_rules, cin.trigger) == (1, 1, ["8898"], Trigger.COMMAND)
    assert (ssda903.errors, ssda903.queries) == (0, 0) and cin.run_by is None
    assert sorted(Finding.objects.filter(run=cin).values_list("rule_code", flat=True)) == ["2887Q", "8610"]
    out = capsys.readouterr().out
    assert "CIN census 2027: 0 children, 1 errors, 1 queries, crashed rules: 8898" in out
    assert "NOSUCH1" not in out  # --summary: counts only, for the scheduled job's log


def test_command_defaults_to_the_current_year(fake_driver):
    call_command("validate_returns")
    assert set(ValidationRun.objects.values_list("year", flat=True)) == {current_year().year}


def test_command_fails_loudly_when_the_validators_are_missing(monkeypatch):
    def missing():
        raise services.ValidatorUnavailable("The DfE validators' environment is missing")

    monkeypatch.setattr(services, "validator_python", missing)
    with pytest.raises(CommandError, match="environment is missing"):
        call_command("validate_returns", "--year", "2027")
    assert not ValidationRun.objects.exists()


def test_last_checked_is_the_older_of_the_two_returns_and_stale_after_a_day(fake_driver):
    services.returns_validate(year=CollectionYear(2027))
    older = timezone.now() - timedelta(hours=30)
    ValidationRun.objects.filter(kind=ReturnKind.SSDA903).update(run_at=older)
    runs = list(ValidationRun.objects.all())
    assert last_checked(runs) == older and check_is_stale(older)
    assert last_checked([r for r in runs if r.kind == ReturnKind.CIN]) is None  # one return only: not checked
    assert check_is_stale(None)
    assert not check_is_stale(older, now=older + timedelta(hours=23, minutes=59))


def test_page_warns_when_never_checked_and_offers_the_button_to_analysts(client, world):
    html = _index(client, world["performance_analyst"])
    assert "govuk-warning-text" in html and "have not been checked yet" in html
    assert reverse("statutory_returns:check-now") in html and "csrfmiddlewaretoken" in html
    html = _index(client, world["head_of_service"])
    assert "have not been checked yet" in html and reverse("statutory_returns:check-now") not in html


def test_page_shows_a_fresh_check_without_warning_and_an_old_one_with(client, world, fake_driver):
    services.returns_validate(year=current_year())
    html = _index(client, world["performance_analyst"])
    assert "Last checked" in html and "govuk-warning-text" not in html
    ValidationRun.objects.update(run_at=timezone.now() - timedelta(days=2))
    html = _index(client, world["performance_analyst"])
    assert "govuk-warning-text" in html and "more than a day ago" in html and "have not been" not in html


def test_analyst_runs_the_check_now_and_it_is_logged(client, world, fake_driver, caplog):
    year = current_year()
    analyst = world["performance_analyst"]
    client.force_login(analyst)
    with caplog.at_level(logging.INFO, logger="casebook.statutory_returns.views"):
        response = client.post(reverse("statutory_returns:check-now"), {"year": year.year}, follow=True)
    runs = ValidationRun.objects.filter(year=year.year)
    assert runs.count() == 2 and set(runs.values_list("trigger", flat=True)) == {Trigger.PAGE}
    assert set(runs.values_list("run_by", flat=True)) == {analyst.pk}
    assert response.redirect_chain[-1][0] == reverse("statutory_returns:index") + f"?year={year.year}"
    assert f"The {year.label} returns were checked: 1 errors and 1 queries" in response.content.decode()
    messages = [r.getMessage() for r in caplog.records]
    assert f"Returns check for {year.label} started from the returns page by user {analyst.pk}" in messages
    assert f"Returns check for {year.label} finished: 1 errors, 1 queries" in messages


@pytest.mark.parametrize("persona", ["head_of_service", "allocated_worker", "auditor"])
def test_others_may_not_start_a_check(client, world, fake_driver, persona):
    client.force_login(world[persona])
    assert client.post(reverse("statutory_returns:check-now"), {"year": current_year().year}).status_code == 403
    assert not ValidationRun.objects.exists() and fake_driver == []


def test_check_needs_a_post_with_a_csrf_token_and_a_listed_year(world, fake_driver):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["performance_analyst"])
    url = reverse("statutory_returns:check-now")
    assert strict.get(url).status_code == 405
    assert strict.post(url, {"year": current_year().year}).status_code == 403  # no CSRF token
    client = Client()
    client.force_login(world["performance_analyst"])
    response = client.post(url, {"year": "1999"}, follow=True)
    assert "Select a collection year from the list" in response.content.decode()
    assert not ValidationRun.objects.exists() and fake_driver == []


def test_a_failed_check_says_so_and_stores_nothing(client, world, monkeypatch):
    def missing():
        raise services.ValidatorUnavailable("missing")

    monkeypatch.setattr(services, "validator_python", missing)
    client.force_login(world["administrator"])
    response = client.post(reverse("statutory_returns:check-now"), {"year": str(current_year().year)}, follow=True)
    assert "The check could not run" in response.content.decode()
    assert not ValidationRun.objects.exists()


def test_every_finding_downloads_as_csv_and_is_logged(client, world):
    from casebook.access_audit.models import ExportEvent

    findings = [{"rule_code": "8610", "message": f"Finding {n}", "severity": "error", "child_id": f"CHILD{n:04d}",
                 "table": "CINdetails", "field": "PrimaryNeedCode"} for n in range(600)]
    findings.append({"rule_code": "2887Q", "message": "=HYPERLINK(\"x\")", "severity": "query", "child_id": None})
    run = services.validation_run_record(kind=ReturnKind.CIN, year=current_year(), children=600,
                                         result={"findings": findings, "crashed": []})
    client.force_login(world["head_of_service"])
    html = client.get(reverse("statutory_returns:index")).content.decode()
    assert "Showing the first 500 of 601 findings" in html
    assert reverse("statutory_returns:findings-csv", args=[run.pk]) in html
    response = client.get(reverse("statutory_returns:findings-csv", args=[run.pk]))
    lines = response.content.decode().splitlines()
    assert len(lines) == 602 and lines[0] == "Child ID,Rule,Type,Message,Table,Field"
    assert lines[1] == "CHILD0000,8610,Error,Finding 0,CINdetails,PrimaryNeedCode"
    assert lines[-1] == "Whole return,2887Q,Query,\"'=HYPERLINK(\"\"x\"\")\",,"  # not run as a formula
    event = ExportEvent.objects.get()
    assert (event.what, event.rows, event.user) == (f"CIN census {current_year().year} findings (CSV)", 601,
                                                   world["head_of_service"])
    client.force_login(world["allocated_worker"])
    assert client.get(reverse("statutory_returns:findings-csv", args=[run.pk])).status_code == 403
