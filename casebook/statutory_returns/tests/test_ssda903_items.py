"""SSDA903 data items the export derives, each against the DfE rule that shapes it: the SDQ score
and its reason by age (186, 188, 189, 197B), convictions only from age 10 (542), recorded MOTHER,
OC2 and PrevPerm items and blanks where nothing is recorded (393, 191, 630), "XXXXXXX" only where an unknown URN is allowed (242), and social worker
episodes without the front door's screening spell (SW09STG2, SW12STG2)."""

from datetime import date

import pytest

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import TeamFactory, UserFactory
from casebook.children.models import Allocation
from casebook.looked_after.models import CareEpisode, HealthCheck, MotherStatus, YearOutcomes
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


def test_recorded_items_are_reported_and_items_not_recorded_are_left_blank():
    girl, boy = _in_care("GIRL6", date(2020, 7, 1)), _in_care("BOY12", date(2014, 7, 1), sex="M")
    mum = _in_care("MUM16", date(2010, 5, 5))
    _in_care("GIRL15", date(2011, 5, 5))
    MotherStatus.objects.create(child=girl, is_mother=False)
    MotherStatus.objects.create(child=mum, is_mother=True, first_child_born=date(2026, 9, 30))
    # Convicted is asked only from age 10 (rule 542): the 6-year-old's recorded answer is left out.
    YearOutcomes.objects.create(child=girl, year=2027, convicted=False, immunisations=True, substance_misuse=False)
    YearOutcomes.objects.create(child=boy, year=2027, convicted=True, immunisations=False, substance_misuse=True,
                                intervention_received=False, intervention_offered=True, sdq_reason="SDQ2")
    YearOutcomes.objects.create(child=mum, year=2026, immunisations=True)  # last year's: not this return's
    tables = ssda903_tables(year=YEAR)
    header = {cid: (_row(tables, "Header", cid)["MOTHER"], _row(tables, "Header", cid)["MC_DOB"])
              for cid in ("GIRL6", "BOY12", "MUM16", "GIRL15")}
    assert header == {"GIRL6": ("0", ""), "BOY12": ("", ""), "MUM16": ("1", "30/09/2026"), "GIRL15": ("", "")}
    items = ("CONVICTED", "IMMUNISATIONS", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED",
             "SDQ_REASON")
    oc2 = {cid: tuple(_row(tables, "OC2", cid)[i] for i in items) for cid in ("GIRL6", "BOY12", "MUM16")}
    assert oc2 == {"GIRL6": ("", "1", "0", "", "", ""), "BOY12": ("1", "0", "1", "0", "1", "SDQ2"),
                   "MUM16": ("", "", "", "", "", "")}


def test_previous_permanence_comes_from_the_episode_that_started_care():
    started = _in_care("PERM1", date(2015, 1, 1), period=date(2026, 6, 1))
    CareEpisode.objects.filter(child=started).update(previous_permanence="P2", previous_permanence_la="873",
                                                     previous_permanence_date="ZZ/03/2024")
    _in_care("PERM2", date(2015, 1, 1), period=date(2026, 7, 1))  # not recorded: blank, rule 630 points here
    _in_care("PERM3", date(2015, 1, 1))  # started care before the year: not in PrevPerm (rule 634)
    rows = {r["CHILD"]: (r["PREV_PERM"], r["LA_PERM"], r["DATE_PERM"]) for r in ssda903_tables(year=YEAR)["PrevPerm"]}
    assert rows == {"PERM1": ("P2", "873", "ZZ/03/2024"), "PERM2": ("", "", "")}


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
