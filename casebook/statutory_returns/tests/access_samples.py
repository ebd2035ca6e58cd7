"""URL kwargs for the access walker (casebook/access_audit/tests/test_url_access.py)."""

from casebook.statutory_returns.years import current_year


def _year(world):
    return {"year": current_year().year}


SAMPLES = {
    "statutory_returns:cin-census": _year,
    "statutory_returns:ssda903": _year,
}
