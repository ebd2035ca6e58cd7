"""Reads of the statutory returns app: the stored validation runs and their findings.

Findings across children are for the roles that prepare the returns (DfE CIN census and SSDA903
guides: the local authority's return); a child's own findings are shown on the child's page to
whoever may see that child. Pages never run the validators: they read the last stored run.
"""

import re
from datetime import datetime, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from casebook.accounts.models import Role
from casebook.looked_after.services import collection_year_of
from casebook.statutory_returns.models import Finding, ReturnKind, ValidationRun

RETURNS_ROLES = frozenset({Role.PERFORMANCE_ANALYST, Role.HEAD_OF_SERVICE, Role.ADMINISTRATOR})
# Who may start a check from the page (it runs both validators): the people who prepare the returns.
RUN_ROLES = frozenset({Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR})
# The check runs nightly; a last check older than this means the schedule has stopped.
STALE_AFTER = timedelta(days=1)

# Where each table of the returns is recorded in Casebook: the page a finding links to.
TABLE_PAGES = {
    "ChildIdentifiers": "children:edit",
    "ChildCharacteristics": "children:edit",
    "Disabilities": "children:edit",
    "Header": "children:edit",
    "UASC": "looked_after:uasc-status",
    "CINdetails": "children_in_need:overview",
    "CINplanDates": "children_in_need:overview",
    "Assessments": "assessments:list",
    "AssessmentFactorsList": "assessments:list",
    "Section47": "child_protection:overview",
    "ChildProtectionPlans": "child_protection:overview",
    "Reviews": "child_protection:overview",
    "Episodes": "looked_after:care",
    "OC2": "looked_after:year-outcomes",
    "PrevPerm": "looked_after:previous-permanence",
    "Missing": "looked_after:missing",
    "SWEpisodes": "looked_after:social-workers",
    "OC3": "looked_after:care-leaver",
    "AD1": "looked_after:adoption",
    "PlacedAdoption": "looked_after:adoption",
}
# 903 reviews are the child's looked-after reviews, not CP review conferences.
SSDA903_TABLE_PAGES = {**TABLE_PAGES, "Reviews": "looked_after:care"}
# 903 items recorded on a page of their own, whatever table the validator names: a rule that
# reads one of these fields is about that item (rule 607 names MOTHER beside episode fields,
# 632 DATE_PERM beside DECOM, 186 SDQ_SCORE on the episode row). Checked in this order.
SSDA903_FIELD_PAGES = [
    ({"MOTHER", "MC_DOB"}, "looked_after:mother-status"),
    ({"PREV_PERM", "LA_PERM", "DATE_PERM"}, "looked_after:previous-permanence"),
    ({"UASC", "DUC"}, "looked_after:uasc-status"),
    ({"CONVICTED", "IMMUNISATIONS", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
      "SDQ_REASON"}, "looked_after:year-outcomes"),
    # Done-or-not and the SDQ score come from the health checks recorded on the care page.
    ({"HEALTH_CHECK", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SDQ_SCORE"}, "looked_after:health-add"),
]
# Rules whose fields do not name the item: 630 (PrevPerm missing) names only the episode's RNE.
SSDA903_RULE_PAGES = {"630": "looked_after:previous-permanence"}


def may_see_returns(user) -> bool:
    return getattr(user, "role", None) in RETURNS_ROLES


def may_run_check(user) -> bool:
    return getattr(user, "role", None) in RUN_ROLES


def last_checked(runs: list[ValidationRun]) -> datetime | None:
    """When both returns were last checked: the older of their latest runs (None unless both have run)."""
    if {run.kind for run in runs} != set(ReturnKind.values):
        return None
    return min(run.run_at for run in runs)


def check_is_stale(checked: datetime | None, now: datetime | None = None) -> bool:
    return checked is None or (now or timezone.now()) - checked > STALE_AFTER


def fix_page(*, kind: str, rule_code: str, table: str, field: str) -> str:
    """The URL name of the page where a finding's item is recorded."""
    if kind == ReturnKind.SSDA903:
        if rule_code in SSDA903_RULE_PAGES:
            return SSDA903_RULE_PAGES[rule_code]
        fields = set(re.findall(r"[A-Z][A-Z0-9_]*", field or ""))
        for names, page in SSDA903_FIELD_PAGES:
            if fields & names:
                return page
    pages = SSDA903_TABLE_PAGES if kind == ReturnKind.SSDA903 else TABLE_PAGES
    return pages.get((table or "").split(",")[0].strip(), "children:summary")


def fix_url(finding: Finding) -> str:
    """The page of the child's record where the finding's item is recorded."""
    if finding.child is None:
        return ""
    name = fix_page(kind=finding.run.kind, rule_code=finding.rule_code, table=finding.table, field=finding.field)
    child_id = finding.child.casebook_id
    try:
        url = reverse(name, kwargs={"child_id": child_id})
    except NoReverseMatch:
        return reverse("children:summary", kwargs={"child_id": child_id})
    if name == "looked_after:year-outcomes" and finding.run.year in _recordable_outcome_years():
        url += f"?year={finding.run.year}"  # the page records this year or the one before
    return url


def _recordable_outcome_years() -> tuple[int, int]:
    """The collection years the outcomes page takes (this one and the one before)."""
    this_year = collection_year_of(timezone.localdate())
    return this_year, this_year - 1


def latest_runs(*, user, year: int) -> list[ValidationRun]:
    """The last validation run of each return for `year` (empty for roles without access)."""
    if not may_see_returns(user):
        return []
    runs = []
    for kind in ReturnKind.values:
        run = ValidationRun.objects.filter(kind=kind, year=year).select_related("run_by").first()
        if run is not None:
            runs.append(run)
    return runs


def run_findings(*, user, run: ValidationRun, limit: int = 500) -> list[Finding]:
    """The findings of one run, each with the URL of the record to fix."""
    if not may_see_returns(user):
        return []
    findings = list(run.findings.select_related("child", "run").order_by("severity", "la_child_id", "rule_code",
                                                                         "pk")[:limit])
    for finding in findings:
        finding.fix_url = fix_url(finding)
    return findings


def all_findings(*, user, run: ValidationRun) -> list[tuple]:
    """Every finding of one run, for the CSV download: (child ID, rule, type, message, table, field)."""
    if not may_see_returns(user):
        return []
    return list(run.findings.order_by("severity", "la_child_id", "rule_code", "pk").values_list(
        "la_child_id", "rule_code", "severity", "message", "table", "field"))


def child_findings(*, child) -> list[Finding]:
    """The child's findings from the last run of each return (the child's current findings).
    The caller has already checked that the user may see the child."""
    latest = []
    for kind in ReturnKind.values:
        run_id = ValidationRun.objects.filter(kind=kind).order_by("-year", "-run_at", "-pk").values_list(
            "pk", flat=True).first()
        if run_id is not None:
            latest.append(run_id)
    if not latest:
        return []
    findings = list(Finding.objects.filter(run_id__in=latest, child=child).select_related("run", "child")
                    .order_by("run__kind", "severity", "rule_code", "pk")[:100])
    for finding in findings:
        finding.fix_url = fix_url(finding)
    return findings


def child_findings_panel(user, child) -> dict:
    return {"findings": child_findings(child=child)}
