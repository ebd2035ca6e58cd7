"""Run the DfE-rule validators and print their findings as JSON.

This script runs inside the validators' own environment (.venv-dfe: pandas < 2, numpy < 1.25),
never inside the app, and imports nothing from Casebook. Usage:

    driver.py cin-xml FILE.xml
    driver.py cin-tables FILE.json     # the tables the CIN ingest would have built, as JSON
    driver.py ssda903 DIR --year 2027 --la E10000003

Output on stdout (the last line): {"findings": [...], "crashed": [...], "seconds": {...}}.
Each finding: rule_code, message, severity (error | query), child_id, table, field, row.

Why the extra work here: both libraries catch a crashing rule, print it and count it as passed,
so crashes are collected from what they print; and the 903 report raises on a clean dataset.
"""

import contextlib
import importlib
import io
import json
import logging
import math
import re
import sys
import time
import warnings

warnings.filterwarnings("ignore")
logging.disable(logging.CRITICAL)

CIN_TABLE_COLUMNS = {
    "Header": ["Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo",
               "DateTime"],
    "ChildIdentifiers": ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
                         "GenderCurrent", "Sex", "PersonDeathDate"],
    "ChildCharacteristics": ["LAchildID", "Ethnicity"],
    "Disabilities": ["LAchildID", "Disability"],
    "CINdetails": ["LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource", "PrimaryNeedCode",
                   "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"],
    "Assessments": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                    "AssessmentInternalReviewDate", "AssessmentAuthorisationDate", "AssessmentFactors"],
    "AssessmentFactorsList": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"],
    "CINplanDates": ["LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"],
    "Section47": ["LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC",
                  "ICPCnotRequired"],
    "ChildProtectionPlans": ["LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
                             "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"],
    "Reviews": ["LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"],
}
CRASH = re.compile(r"Error with rule (\w+)")


def _clean(value):
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _cin_run(tables: dict, ingest_seconds: float) -> dict:
    from cin_validator import cin_validator as cv

    registry = importlib.import_module("cin_validator.rules.cin2026_27").registry
    data = cv.process_data(tables)
    printed = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        validator = cv.CinValidator(data, registry, selected_rules=None)
    rules_seconds = time.perf_counter() - started

    def severity(code: str) -> str:
        rule = registry.get(str(code))
        kind = getattr(getattr(rule, "rule_type", None), "name", "")
        return "query" if kind == "QUERY" or str(code).endswith("Q") else "error"

    findings = []
    for row in validator.full_issue_df.to_dict("records"):
        findings.append({
            "rule_code": str(row["rule_code"]), "message": str(row["rule_description"]),
            "severity": severity(row["rule_code"]), "child_id": _clean(row.get("child_id")),
            "table": _clean(row.get("tables_affected")), "field": _clean(row.get("columns_affected")),
            "row": _clean(row.get("row_id")),
        })
    for row in validator.multichild_issues.drop_duplicates().to_dict("records"):
        findings.append({
            "rule_code": str(row["rule_code"]), "message": str(row["rule_description"]),
            "severity": severity(row["rule_code"]), "child_id": None, "table": None, "field": None, "row": None,
        })
    return {"findings": findings, "crashed": sorted(set(CRASH.findall(printed.getvalue()))),
            "seconds": {"ingest": round(ingest_seconds, 3), "rules": round(rules_seconds, 3)}}


def cin_xml(path: str) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator as cv

    started = time.perf_counter()
    tables = cv.convert_data(ET.parse(path).getroot())
    return _cin_run(tables, time.perf_counter() - started)


def cin_tables(path: str) -> dict:
    """Build the ingest's DataFrames straight from rows: the same columns, the same synthetic
    keys and the same string values the XML ingest would have produced, without parsing XML."""
    import pandas as pd

    started = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    tables = {}
    for name, columns in CIN_TABLE_COLUMNS.items():
        rows = raw.get(name, [])
        frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
        frame = frame.astype(object).where(frame.notna(), pd.NA)
        tables[name] = frame
    return _cin_run(tables, time.perf_counter() - started)


def ssda903(directory: str, year: str, la: str) -> dict:
    import glob
    import os

    from lac_validator.lac_validator import LacValidator, create_issue_df
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset
    from lac_validator.utils import process_uploaded_files

    started = time.perf_counter()
    paths = sorted(glob.glob(os.path.join(directory, "*.csv")))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        files = process_uploaded_files({"This year": paths, "Prev year": []})
        registry = get_year_ruleset(year)
        validator = LacValidator(metadata={"collectionYear": year, "localAuthority": la},
                                               files=files, registry=registry)
        report = Report(validator.ds_results, registry)
        has_errors = any(col.startswith("ERR_") for col in report.report.columns)
        issues = create_issue_df(report.report, report.error_report) if has_errors else None
    findings = []
    if issues is not None:
        for row in issues.to_dict("records"):
            findings.append({
                "rule_code": str(row["rule_code"]), "message": str(row["rule_description"]), "severity": "error",
                "child_id": _clean(row.get("child_id")), "table": _clean(row.get("tables_affected")),
                "field": _clean(row.get("columns_affected")), "row": _clean(row.get("row_id")),
            })
    crashed = sorted({str(getattr(rule, "code", rule)) for rule in getattr(validator, "fails", [])}
                     | set(CRASH.findall(printed.getvalue())))
    return {"findings": findings, "crashed": crashed, "seconds": {"total": round(time.perf_counter() - started, 3)}}


def main(argv: list[str]) -> int:
    mode = argv[1]
    if mode == "cin-xml":
        result = cin_xml(argv[2])
    elif mode == "cin-tables":
        result = cin_tables(argv[2])
    elif mode == "ssda903":
        year = argv[argv.index("--year") + 1]
        la = argv[argv.index("--la") + 1]
        result = ssda903(argv[2], year, la)
    else:
        print(json.dumps({"error": f"unknown mode {mode}"}))
        return 2
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
