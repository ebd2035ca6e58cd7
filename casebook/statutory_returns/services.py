"""Writes of the statutory returns app: validation runs and their findings.

The DfE-rule validators (csc-validator-be-cin, csc-validator-be-903) pin pandas < 2, so they live in
their own environment (DFE_VENV, built by `make`) and run as a subprocess through
validator_driver/driver.py, which prints JSON findings.
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from casebook.children.models import Child
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.cin_structure import check_cin_structure
from casebook.statutory_returns.models import Finding, ReturnKind, Trigger, ValidationRun
from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.years import CollectionYear

DRIVER = Path(__file__).resolve().parent / "validator_driver" / "driver.py"


class ValidatorUnavailable(RuntimeError):
    pass


def validator_python() -> Path:
    venv = Path(os.environ.get("DFE_VENV", Path(settings.BASE_DIR) / ".venv-dfe"))
    python = venv / "bin" / "python"
    if not python.exists():
        raise ValidatorUnavailable("The DfE validators' environment is missing: run `make dfe-validators`")
    return python


def run_driver(*args: str, timeout: int = 3600) -> dict:
    """Run the driver in the validators' environment and return its JSON result."""
    completed = subprocess.run(
        [str(validator_python()), str(DRIVER), *args], capture_output=True, text=True, timeout=timeout, check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        tail = (completed.stderr or completed.stdout)[-2000:]
        raise ValidatorUnavailable(f"The DfE validator failed (exit {completed.returncode}): {tail}")
    return json.loads(lines[-1])


def validate_cin_tables(tables: dict, *, via_xml: bool = False) -> dict:
    """Findings of the CIN validator for the tables, fed directly (default) or through the XML file."""
    with tempfile.TemporaryDirectory() as tmp:
        if via_xml:
            path = Path(tmp) / "cin.xml"
            path.write_bytes(cin_census_xml(tables))
            return run_driver("cin-xml", str(path))
        path = Path(tmp) / "cin.json"
        path.write_text(json.dumps(tables), encoding="utf-8")
        return run_driver("cin-tables", str(path))


def validate_ssda903_tables(tables: dict, *, year: CollectionYear) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        write_ssda903(tables, Path(tmp))
        return run_driver("ssda903", tmp, "--year", str(year.year), "--la", settings.LA_ONS_CODE)


@transaction.atomic
def validation_run_record(*, kind: str, year: CollectionYear, result: dict, children: int, acting_user=None,
                          extra_findings: list[dict] | None = None, seconds: float = 0,
                          trigger: str = Trigger.COMMAND) -> ValidationRun:
    """Store one validation run and its findings, linked to the child records they are about."""
    findings = [*result["findings"], *(extra_findings or [])]
    run = ValidationRun(kind=kind, year=year.year, run_by=acting_user, children=children, trigger=trigger,
                        crashed_rules=result.get("crashed", []), seconds=round(seconds, 2),
                        errors=sum(f["severity"] == "error" for f in findings),
                        queries=sum(f["severity"] == "query" for f in findings))
    run.full_clean()
    run.save()
    ids = {f["child_id"] for f in findings if f.get("child_id")}
    by_id = dict(Child.objects.filter(casebook_id__in={i.upper() for i in ids}).values_list("casebook_id", "pk"))
    Finding.objects.bulk_create([
        Finding(run=run, child_id=by_id.get((f.get("child_id") or "").upper()), la_child_id=f.get("child_id") or "",
                rule_code=f["rule_code"][:12], message=f["message"], severity=f["severity"],
                source=f.get("source", "validator"), table=(f.get("table") or "")[:40],
                field=(f.get("field") or "")[:60])
        for f in findings
    ], batch_size=1000)
    return run


def returns_validate(*, year: CollectionYear, acting_user=None,
                     trigger: str = Trigger.COMMAND) -> list[ValidationRun]:
    """Validate both returns for `year` with the DfE rules (and the CIN schema layer) and store the findings.
    Raises ValidatorUnavailable if the validators' environment is missing or a validator fails."""
    runs = []
    started = time.perf_counter()
    tables = cin_census_tables(year=year)
    structure = [{"rule_code": "XSD", "message": problem, "severity": "error", "source": "structure",
                  "child_id": None} for problem in check_cin_structure(cin_census_xml(tables))]
    result = validate_cin_tables(tables)
    runs.append(validation_run_record(kind=ReturnKind.CIN, year=year, result=result, acting_user=acting_user,
                                      children=len(tables["ChildIdentifiers"]), extra_findings=structure,
                                      seconds=time.perf_counter() - started, trigger=trigger))
    started = time.perf_counter()
    tables = ssda903_tables(year=year)
    result = validate_ssda903_tables(tables, year=year)
    runs.append(validation_run_record(kind=ReturnKind.SSDA903, year=year, result=result, acting_user=acting_user,
                                      children=len(tables["Header"]), seconds=time.perf_counter() - started,
                                      trigger=trigger))
    return runs

