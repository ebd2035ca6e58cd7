"""The CIN census follows a manager's correction of a conference's decision: the ChildProtectionPlans
block a child's XML carries is the plan the corrected decision leaves, with its category."""

import xml.etree.ElementTree as ET
from datetime import date

from casebook.child_protection import services as cp
from casebook.child_protection.tests import journey
from casebook.statutory_returns.cin_census import cin_census_tables, cin_census_xml
from casebook.statutory_returns.years import CollectionYear

ICPC = date(2025, 5, 6)
YEAR = CollectionYear(2026)  # 1 April 2025 to 31 March 2026: the referral, enquiry and conference


def _plans_in_census(child) -> list[dict[str, str]]:
    """The child's ChildProtectionPlans blocks in the census XML, as {element: text}."""
    message = ET.fromstring(cin_census_xml(cin_census_tables(year=YEAR)))
    [record] = [c for c in message.iter("Child") if c.findtext("ChildIdentifiers/LAchildID") == child.casebook_id]
    return [{element.tag: element.text for element in block if element.text and element.text.strip()}
            for block in record.iter("ChildProtectionPlans")]


def _decide(conference, user, *, plan_decided, category="", end_reason=""):
    conference.refresh_from_db()
    return cp.conference_decision_correct(conference=conference, read_version=conference.version,
                                          plan_decided=plan_decided, category=category, end_reason=end_reason,
                                          reason="The conference's minutes were read again", acting_user=user)


def test_plan_corrected_to_no_plan_leaves_the_census_and_back_to_a_plan_returns(world):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC, category="NEG")
    conference = plan.conferences.get()
    assert _plans_in_census(world.child) == [{
        "CPPstartDate": "2025-05-06", "InitialCategoryOfAbuse": "NEG", "LatestCategoryOfAbuse": "NEG",
        "NumberOfPreviousCPP": "0"}]

    _decide(conference, world["team_manager"], plan_decided=False)
    assert _plans_in_census(world.child) == []

    _decide(conference, world["team_manager"], plan_decided=True, category="PHY")
    assert _plans_in_census(world.child) == [{
        "CPPstartDate": "2025-05-06", "InitialCategoryOfAbuse": "PHY", "LatestCategoryOfAbuse": "PHY",
        "NumberOfPreviousCPP": "0"}]


def test_a_conference_first_recorded_as_no_plan_then_corrected_to_a_plan_is_in_the_census(world):
    s47 = journey.section47(world.child, world["allocated_worker"])
    conference = cp.initial_conference_record(section47=s47, kind="initial", held_on=ICPC, chair="A Chair",
                                              agencies="Police", plan_decided=False, category="",
                                              acting_user=world["allocated_worker"])
    assert _plans_in_census(world.child) == []
    _decide(conference, world["service_manager"], plan_decided=True, category="EMO")
    assert [(p["CPPstartDate"], p["InitialCategoryOfAbuse"], p["LatestCategoryOfAbuse"])
            for p in _plans_in_census(world.child)] == [("2025-05-06", "EMO", "EMO")]


def test_a_corrected_category_is_the_plans_category_in_the_census(world):
    user, manager = world["allocated_worker"], world["team_manager"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC, category="NEG")
    _decide(plan.conferences.get(), manager, plan_decided=True, category="SAB")
    assert [(p["InitialCategoryOfAbuse"], p["LatestCategoryOfAbuse"]) for p in _plans_in_census(world.child)] == [
        ("SAB", "SAB")]
    # A review's corrected category is the plan's latest; the initial category stays the conference's.
    review = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                         plan_continues=True, end_reason="", category="NEG", acting_user=user)
    _decide(review, manager, plan_decided=True, category="MUL")
    [census_plan] = _plans_in_census(world.child)
    assert (census_plan["InitialCategoryOfAbuse"], census_plan["LatestCategoryOfAbuse"]) == ("SAB", "MUL")


def test_a_review_corrected_to_ending_the_plan_ends_it_in_the_census_and_back(world):
    user, manager = world["allocated_worker"], world["head_of_service"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC, category="NEG")
    review = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                         plan_continues=True, end_reason="", category="NEG", acting_user=user)
    _decide(review, manager, plan_decided=False, category="NEG", end_reason="no_longer_at_risk")
    [census_plan] = _plans_in_census(world.child)
    assert census_plan["CPPendDate"] == "2025-08-01"
    _decide(review, manager, plan_decided=True, category="NEG")
    [census_plan] = _plans_in_census(world.child)
    assert "CPPendDate" not in census_plan
