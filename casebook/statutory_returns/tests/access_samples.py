"""URL kwargs for the access walker (casebook/access_audit/tests/test_url_access.py)."""

from casebook.statutory_returns.years import current_year


def _year(world):
    return {"year": current_year().year}


def _run(world):
    from casebook.statutory_returns.models import ReturnKind
    from casebook.statutory_returns.services import validation_run_record

    run = validation_run_record(kind=ReturnKind.CIN, year=current_year(), children=0, result={"findings": []})
    return {"run_id": run.pk}


SAMPLES = {
    "statutory_returns:cin-census": _year,
    "statutory_returns:ssda903": _year,
    "statutory_returns:findings-csv": _run,
}
