"""SSDA903 data items the export derives, each against the DfE rule that shapes it: the SDQ score
and its reason by age (186, 188, 189, 197B), convictions only from age 10 (542), MOTHER for every
girl looked after (393), "XXXXXXX" only where an unknown URN is allowed (242), and social worker
episodes without the front door's screening spell (SW09STG2, SW12STG2)."""

from datetime import date

import pytest

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import TeamFactory, UserFactory
from casebook.children.models import Allocation
from casebook.looked_after.models import CareEpisode, HealthCheck
from casebook.statutory_returns.ssda903 import ssda903_tables
from casebook.statutory_returns.tests.dataset import aware, child
from casebook.statutory_returns.years import CollectionYear

pytestmark = pytest.mark.django_db
YEAR = CollectionYear(2027)
PERIOD = date(2024, 6, 3)  # looked after continuously for well over 12 months at 31 March 2027


def _in_care(cid, born, *, sex="F", place="U4", urn="", period=PERIOD):
    kid = child(cid, sex=sex, date_of_birth=born)
    CareEpisode.objects.create(child=kid, period_start=period, start_date=period, reason_new_episode="S",
                               legal_status="C2", category_of_need="N1", placement_type=place,
                               placement_provider="PR4", placement_postcode="LS1 1UR", home_postcode="CB2 3QJ",
                               placement_started=period, urn=urn)
    return kid


def _row(tables, name, cid):
    return next(r for r in tables[name] if r["CHILD"] == cid)


def test_sdq_score_and_reason_follow_the_age_rules():
    scored = _in_care("SDQ8", date(2018, 5, 1))
    HealthCheck.objects.create(child=scored, kind="sdq", check_date=date(2025, 11, 1), sdq_score=25)  # last year
    HealthCheck.objects.create(child=scored, kind="sdq", check_date=date(2026, 10, 1), sdq_score=12)
    _in_care("SDQMISS", date(2016, 1, 1))       # aged 4 to 16 all year, nothing recorded
    _in_care("TURNS4", date(2022, 9, 1))        # 4th birthday in the year
    _in_care("TURNS17", date(2009, 12, 1))      # 17th birthday in the year
    _in_care("AGED3", date(2023, 6, 1))         # under 4 at 31 March
    _in_care("AGED17", date(2009, 1, 1))        # 17 before 1 April
    tables = ssda903_tables(year=YEAR)
    sdq = {cid: (_row(tables, "OC2", cid)["SDQ_SCORE"], _row(tables, "OC2", cid)["SDQ_REASON"])
           for cid in ("SDQ8", "SDQMISS", "TURNS4", "TURNS17", "AGED3", "AGED17")}
    assert sdq == {"SDQ8": ("12", ""), "SDQMISS": ("", ""), "TURNS4": ("", "SDQ1"), "TURNS17": ("", "SDQ1"),
                   "AGED3": ("", ""), "AGED17": ("", "")}


def test_convictions_only_from_age_10_and_mother_for_every_girl():
    _in_care("GIRL6", date(2020, 7, 1))
    _in_care("BOY12", date(2014, 7, 1), sex="M")
    tables = ssda903_tables(year=YEAR)
    assert _row(tables, "OC2", "GIRL6")["CONVICTED"] == "" and _row(tables, "OC2", "BOY12")["CONVICTED"] == "0"
    assert _row(tables, "Header", "GIRL6")["MOTHER"] == "0" and _row(tables, "Header", "BOY12")["MOTHER"] == ""


def test_unknown_urn_only_for_fostering_and_adoption():
    _in_care("FOSTER1", date(2015, 1, 1), place="U4")
    _in_care("HOME1", date(2012, 1, 1), place="K2")
    _in_care("HOME2", date(2012, 1, 1), place="K2", urn="SC12345")
    tables = ssda903_tables(year=YEAR)
    urns = {cid: _row(tables, "Episodes", cid)["URN"] for cid in ("FOSTER1", "HOME1", "HOME2")}
    assert urns == {"FOSTER1": "XXXXXXX", "HOME1": "", "HOME2": "SC12345"}


def test_social_worker_episodes_leave_out_the_front_door_spell():
    kid = _in_care("SWEP1", date(2015, 1, 1), period=date(2026, 6, 1))
    mash, team = TeamFactory(name="MASH", is_front_door=True), TeamFactory(name="Children in Care")
    screener, worker = UserFactory(role=Role.MASH_WORKER, team=mash), UserFactory(role=Role.SOCIAL_WORKER, team=team)
    Allocation.objects.create(child=kid, team=mash, worker=screener, started_at=aware(date(2026, 5, 30)),
                              ended_at=aware(date(2026, 6, 1)), allocated_by=screener)
    Allocation.objects.create(child=kid, team=team, worker=worker, started_at=aware(date(2026, 6, 1)),
                              allocated_by=worker)
    rows = [r for r in ssda903_tables(year=YEAR)["SWEpisodes"] if r["CHILD"] == "SWEP1"]
    assert [(r["SW_DECOM"], r["SW_DEC"]) for r in rows] == [("01/06/2026", "")]


def test_looked_after_from_1_april_is_twelve_months_at_31_march():
    _in_care("FROM1APR", date(2015, 1, 1), period=YEAR.start)
    _in_care("FROM2APR", date(2015, 1, 1), period=date(2026, 4, 2))
    assert {r["CHILD"] for r in ssda903_tables(year=YEAR)["OC2"]} == {"FROM1APR"}
