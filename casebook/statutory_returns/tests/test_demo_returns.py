"""The demo authority's returns for the current collection year pass both DfE-rule validators with
zero errors (issue 8, point 7), with rows in the UASC table. A small demo (200 children) is loaded
through `load_demo`, as `make demo` does, into the test database; the validators run once each
(about a minute in all)."""

import pytest
from django.core.management import call_command

from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.cin_structure import check_cin_structure
from casebook.statutory_returns.services import validate_cin_tables, validate_ssda903_tables
from casebook.statutory_returns.ssda903 import ssda903_tables
from casebook.statutory_returns.years import current_year

# Queries the demo may raise on purpose, each explained in docs/returns.md: 2887Q/2888Q say a
# small return has few disabled children; 2991Q is an enquiry whose assessment was completed
# before 1 April and so belongs to last year's return (rule 8696 leaves it out of this one).
EXPLAINED_QUERIES = {"2887Q", "2888Q", "2991Q"}


@pytest.mark.django_db
def test_demo_authority_returns_pass_both_validators(tmp_path):
    call_command("load_demo", children=200, seed=1, logins_file=tmp_path / "logins.json", verbosity=0)
    year = current_year()

    cin = cin_census_tables(year=year)
    lac = ssda903_tables(year=year)
    assert len(cin["ChildIdentifiers"]) > 50 and len(lac["Header"]) > 5  # a real return, not an empty one
    # The demo makes some young people who came into care at 14 or over UASC, so the UASC table is
    # checked by the validator below, not passed because it is empty.
    in_header = {row["CHILD"] for row in lac["Header"]}
    assert lac["UASC"] and {row["CHILD"] for row in lac["UASC"]} <= in_header
    assert check_cin_structure(cin_census_xml(cin)) == []

    cin_result = validate_cin_tables(cin)
    errors = sorted({(f["rule_code"], f["child_id"], f["field"]) for f in cin_result["findings"]
                     if f["severity"] == "error"}, key=str)
    assert errors == []
    queries = {f["rule_code"] for f in cin_result["findings"] if f["severity"] == "query"}
    assert queries <= EXPLAINED_QUERIES
    assert cin_result["crashed"] == []

    lac_result = validate_ssda903_tables(lac, year=year)
    assert sorted({(f["rule_code"], f["child_id"], f["field"]) for f in lac_result["findings"]}, key=str) == []
    # 231 and 233 crash on every input in lac_validator 0.1.17 (DFE-VALIDATORS.md gotcha 9).
    assert set(lac_result["crashed"]) <= {"231", "233"}
