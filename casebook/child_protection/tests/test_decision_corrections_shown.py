"""A corrected conference decision is shown to those who read the child's child protection page and
chronology: that it was corrected, when, by whom, from what to what, and why."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from casebook.child_protection import services as cp
from casebook.child_protection.models import DecisionCorrection
from casebook.child_protection.tests import journey
from casebook.core import chronology
from casebook.core.templatetags.govuk import ukdate

ICPC = date(2025, 5, 6)
LONG_REASON = ("The minutes of the initial conference record that the chair and agencies agreed no plan was "
               "needed; the plan was entered by mistake when the outcome letter was typed up.")


def _decide(conference, user, *, plan_decided, category="", end_reason="", reason=LONG_REASON):
    conference.refresh_from_db()
    return cp.conference_decision_correct(conference=conference, read_version=conference.version,
                                          plan_decided=plan_decided, category=category, end_reason=end_reason,
                                          reason=reason, acting_user=user)


def _chaired_plan(world, category="NEG"):
    """A plan from an initial conference the world's IRO chaired, so that IRO may read the child."""
    s47 = journey.section47(world.child, world["allocated_worker"])
    conference = cp.initial_conference_record(section47=s47, kind="initial", held_on=ICPC, chair="An IRO",
                                              agencies="Police, health", plan_decided=True, category=category,
                                              acting_user=world["allocated_worker"], chaired_by=world["iro"])
    return conference


def _overview(client, world, persona) -> str:
    client.force_login(world[persona])
    response = client.get(reverse("child_protection:overview", args=[world.child.casebook_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_correction_keeps_who_when_before_after_and_the_whole_reason(world):
    conference = _chaired_plan(world)
    _decide(conference, world["team_manager"], plan_decided=False)
    correction = DecisionCorrection.objects.get()
    assert (correction.conference, correction.corrected_by, correction.reason) == (
        conference, world["team_manager"], LONG_REASON)
    assert (correction.plan_decided_was, correction.category_was, correction.plan_decided, correction.category) == (
        True, "NEG", False, "")
    assert (correction.before, correction.after) == ("plan needed (neglect)", "no plan")
    assert len(LONG_REASON) > 100  # longer than a history row's change reason holds
    latest = conference.history.order_by("-history_date", "-history_id").first()
    assert LONG_REASON.startswith(latest.history_change_reason[:-1]) and len(latest.history_change_reason) == 100


def test_a_refused_correction_keeps_no_correction(world):
    conference = _chaired_plan(world)
    with pytest.raises(ValidationError):  # "already recorded as shown"
        _decide(conference, world["team_manager"], plan_decided=True, category="NEG")
    assert not DecisionCorrection.objects.exists()


@pytest.mark.parametrize("persona", ["team_manager", "auditor", "iro", "allocated_worker"])
def test_the_child_protection_page_shows_the_correction_on_the_conference(client, world, persona):
    conference = _chaired_plan(world)
    _decide(conference, world["team_manager"], plan_decided=False)
    correction = DecisionCorrection.objects.get()
    page = _overview(client, world, persona)
    # The plan was removed, so the conference is listed under its section 47 enquiry only.
    assert page.count('class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-1 cp-decision-correction"') == 1
    assert (f"<strong>Decision corrected</strong> by {escape(world['team_manager'].full_name)} on "
            f"{ukdate(correction.corrected_at)}: from plan needed (neglect) to no plan.") in page
    assert "the plan was entered by mistake when the outcome letter was typed up." in page


def test_a_corrected_category_and_review_are_shown_on_the_plans_conferences(client, world):
    user, manager = world["allocated_worker"], world["service_manager"]
    conference = _chaired_plan(world)
    _decide(conference, manager, plan_decided=True, category="PHY", reason="Category misread from the minutes")
    review = cp.review_conference_record(plan=conference.plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                         plan_continues=True, end_reason="", category="PHY", acting_user=user)
    _decide(review, manager, plan_decided=False, category="PHY", end_reason="no_longer_at_risk",
            reason="The review ended the plan")
    page = _overview(client, world, "auditor")
    assert ("from plan needed (neglect) to plan needed (physical abuse). "
            "Reason: Category misread from the minutes") in page
    assert ("from plan continued (physical abuse) to plan ended: no longer at continuing risk of significant harm "
            "(physical abuse). Reason: The review ended the plan") in page


def test_the_pages_queries_do_not_grow_with_corrections(client, world):
    manager = world["team_manager"]
    conference = _chaired_plan(world)
    _decide(conference, manager, plan_decided=True, category="PHY")
    client.force_login(manager)
    url = reverse("child_protection:overview", args=[world.child.casebook_id])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    plan = conference.plan
    first = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                        plan_continues=True, end_reason="", category="PHY", acting_user=manager)
    second = cp.review_conference_record(plan=plan, held_on=date(2025, 11, 3), chair="C", agencies="P",
                                         plan_continues=True, end_reason="", category="PHY", acting_user=manager)
    _decide(first, manager, plan_decided=True, category="EMO")
    _decide(second, manager, plan_decided=True, category="SAB")
    _decide(conference, manager, plan_decided=True, category="NEG")
    assert DecisionCorrection.objects.count() == 4
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert body.count("<strong>Decision corrected</strong>") == 6  # two initial ones under the enquiry too
    assert len(four) == len(one)


def test_the_chronology_carries_the_correction(client, world):
    conference = _chaired_plan(world)
    _decide(conference, world["team_manager"], plan_decided=False)
    [entry] = chronology.entries_for(world.child, only={"cp-decision-correction"})
    assert entry.title == f"Decision corrected: Initial child protection conference on {ukdate(ICPC)}"
    assert entry.detail == f"From plan needed (neglect) to no plan. Reason: {LONG_REASON}"
    assert entry.by == world["team_manager"].full_name
    client.force_login(world["auditor"])
    page = client.get(reverse("children:chronology", args=[world.child.casebook_id]),
                      {"kind": "cp-decision-correction"}).content.decode()
    assert "Decision corrected: Initial child protection conference on 6 May 2025" in page
    assert "the plan was entered by mistake" in page
