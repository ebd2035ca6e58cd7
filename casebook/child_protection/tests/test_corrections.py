"""Correcting strategy discussions and conferences: the same rules as recording them, history kept,
stale saves refused, and every clock a corrected date moves restated. Dates worked by hand with the
England and Wales bank holidays of 2025 (Good Friday 18 April, Easter Monday 21 April, 5 May)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.child_protection import services as cp
from casebook.child_protection import timescales as ts
from casebook.child_protection.tests import journey
from casebook.clocks import status
from casebook.clocks.models import Clock
from casebook.core.concurrency import ConcurrentEditError

DISCUSSION = date(2025, 4, 14)  # Monday; journey's referral is 1 April


def _clock(item, **filters):
    return Clock.objects.get(item=item, **filters)


def _update_discussion(discussion, user, **changes):
    values = {"held_on": discussion.held_on, "agencies": discussion.agencies, "s47_decided": discussion.s47_decided,
              "reasons": discussion.reasons, **changes}
    return cp.strategy_discussion_update(discussion=discussion, read_version=discussion.version, acting_user=user,
                                         **values)


def _update_initial(conference, user, **changes):
    values = {"kind": conference.kind, "held_on": conference.held_on, "chair": conference.chair,
              "chaired_by": conference.chaired_by, "agencies": conference.agencies, "category": conference.category,
              **changes}
    return cp.initial_conference_update(conference=conference, read_version=conference.version, acting_user=user,
                                        **values)


def _update_review(conference, user, **changes):
    values = {"held_on": conference.held_on, "chair": conference.chair, "chaired_by": conference.chaired_by,
              "agencies": conference.agencies, "category": conference.category, **changes}
    return cp.review_conference_update(conference=conference, read_version=conference.version, acting_user=user,
                                       **values)


def test_moving_a_strategy_discussion_moves_the_icpc_target_and_clock(world):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    assert s47.icpc_target == date(2025, 5, 8)
    discussion = s47.strategy_discussion
    # From Thursday 10 April: 11, 14, 15, 16, 17, (18, 21), 22, 23, 24, 25, 28, 29, 30, 1 May, 2, (5), 6 May.
    _update_discussion(discussion, user, held_on=date(2025, 4, 10), agencies="Police, health, school, GP")
    s47.refresh_from_db()
    discussion.refresh_from_db()
    assert s47.icpc_target == date(2025, 5, 6)
    clock = _clock(ts.ICPC)
    assert (clock.started_on, clock.due_on, clock.completed_on) == (date(2025, 4, 10), date(2025, 5, 6), None)
    assert (discussion.held_on, discussion.agencies, discussion.version) == (date(2025, 4, 10),
                                                                             "Police, health, school, GP", 2)
    assert [h.history_user for h in discussion.history.order_by("history_date")] == [None, user]
    assert discussion.history.order_by("history_date").first().held_on == DISCUSSION


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"held_on": date(2025, 3, 31)}, "held_on", "Date of the strategy discussion must be on or after the referral date "
                                                "(1 April 2025)"),
    ({"held_on": date(2025, 4, 15)}, "held_on", "Date of the strategy discussion must be on or before the start of "
                                                "the section 47 enquiry (14 April 2025)"),
    ({"s47_decided": False}, "s47_decided", "A section 47 enquiry was started from this strategy discussion"),
])
def test_bad_strategy_discussion_corrections_are_refused_and_nothing_moves(world, changes, field, message):
    user = world["allocated_worker"]
    s47 = journey.section47(world.child, user, discussion_on=DISCUSSION)
    with pytest.raises(ValidationError) as error:
        _update_discussion(s47.strategy_discussion, user, **changes)
    assert error.value.message_dict[field][0].startswith(message)
    s47.strategy_discussion.refresh_from_db()
    assert (s47.strategy_discussion.held_on, s47.strategy_discussion.version) == (DISCUSSION, 1)
    assert _clock(ts.ICPC).due_on == date(2025, 5, 8)


def test_a_stale_correction_is_refused(world):
    user = world["allocated_worker"]
    discussion = journey.section47(world.child, user, discussion_on=DISCUSSION).strategy_discussion
    stale = type(discussion).objects.get(pk=discussion.pk)
    _update_discussion(discussion, user, reasons="Corrected first")
    with pytest.raises(ConcurrentEditError) as error:
        _update_discussion(stale, user, reasons="Typed on an old copy")
    assert error.value.changes == {"reasons": "Corrected first"}
    discussion.refresh_from_db()
    assert (discussion.reasons, discussion.version) == ("Corrected first", 2)


def test_moving_an_icpc_moves_the_plan_and_its_clocks(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 6), category="NEG")
    assert _clock(ts.FIRST_REVIEW).due_on == date(2025, 8, 6)
    assert _clock(ts.CORE_GROUP_FIRST).due_on == date(2025, 5, 20)
    conference = plan.conferences.get()
    # Thursday 1 May: 3 months is 1 August; 10 working days skip 5 May: 2, 6, 7, 8, 9, 12, 13, 14, 15, 16.
    _update_initial(conference, user, held_on=date(2025, 5, 1), category="PHY", chair="Corrected chair")
    plan.refresh_from_db()
    assert (plan.start_date, plan.initial_category, plan.latest_category) == (date(2025, 5, 1), "PHY", "PHY")
    due = {c.item: (c.started_on, c.due_on) for c in Clock.objects.filter(source=f"child_protection.cpplan:{plan.pk}")}
    assert due == {ts.FIRST_REVIEW: (date(2025, 5, 1), date(2025, 8, 1)),
                   ts.CORE_GROUP_FIRST: (date(2025, 5, 1), date(2025, 5, 16)),
                   ts.CP_VISIT: (date(2025, 5, 1), date(2025, 5, 16))}
    icpc = _clock(ts.ICPC)
    assert (icpc.due_on, icpc.completed_on) == (date(2025, 5, 8), date(2025, 5, 1))
    conference.refresh_from_db()
    assert (conference.chair, conference.version) == ("Corrected chair", 2)
    assert conference.history.latest().history_user == user
    assert conference.history.earliest().held_on == date(2025, 5, 6)
    assert plan.history.latest().history_user == user


def test_an_icpc_moved_past_its_due_date_turns_the_clock_missed(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 6))
    _update_initial(plan.conferences.get(), user, held_on=date(2025, 5, 12))  # due Thursday 8 May
    icpc = _clock(ts.ICPC)
    assert status.clock_status(due_on=icpc.due_on, completed_on=icpc.completed_on,
                               today=date(2025, 6, 1)) == status.MISSED
    plan.refresh_from_db()
    assert plan.start_date == date(2025, 5, 12)


@pytest.mark.parametrize(("held_on", "message"), [
    (date(2025, 4, 11), "Date of the conference must be on or after the strategy discussion (14 April 2025)"),
    (date(2025, 5, 3), "Date of the conference must be a weekday (Monday to Friday)"),
    (date(2025, 5, 9), "Date of the conference must be on or before the plan's first core group meeting "
                       "(8 May 2025)"),
    (date(2025, 8, 1), "Date of the conference must be before the first review conference (1 August 2025)"),
])
def test_bad_icpc_corrections_are_refused_and_nothing_moves(world, held_on, message):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 6))
    cp.core_group_record(plan=plan, held_on=date(2025, 5, 8), acting_user=user)
    cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P", plan_continues=True,
                                category="NEG", acting_user=user)
    with pytest.raises(ValidationError) as error:
        _update_initial(plan.conferences.get(kind="initial"), user, held_on=held_on)
    assert error.value.message_dict["held_on"] == [message]
    plan.refresh_from_db()
    assert plan.start_date == date(2025, 5, 6)
    assert _clock(ts.FIRST_REVIEW).started_on == date(2025, 5, 6)


def test_an_icpc_cannot_move_into_the_previous_plan(world):
    user = world["allocated_worker"]
    first = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    cp.cp_plan_end(plan=first, end_date=date(2025, 11, 3), end_reason="no_longer_at_risk", step_down_to_cin=False,
                   acting_user=user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=date(2025, 10, 27), agencies="Police",
                                               s47_decided=True, reasons="New injury", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=date(2025, 10, 27), acting_user=user)
    conference = cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2026, 1, 20), chair="C",
                                              agencies="P", plan_decided=True, category="PHY", acting_user=user)
    with pytest.raises(ValidationError, match=r"after the end of the child's previous child protection plan \(3 November 2025\)"):
        _update_initial(conference, user, held_on=date(2025, 10, 31))
    _update_initial(conference, user, held_on=date(2025, 11, 4))
    second = conference.plan
    second.refresh_from_db()
    assert (second.start_date, second.previous_plans, second.last_plan_ended_on) == (date(2025, 11, 4), 1,
                                                                                       date(2025, 11, 3))


def test_a_review_keeps_the_plans_latest_category_once_reviewed(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1), category="NEG")
    cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P", plan_continues=True,
                                category="EMO", acting_user=user)
    _update_initial(plan.conferences.get(kind="initial"), user, category="PHY")
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("PHY", "EMO")


def test_moving_a_review_moves_the_clock_it_met_and_the_one_it_started(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    first = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                        plan_continues=True, category="NEG", acting_user=user)
    second = cp.review_conference_record(plan=plan, held_on=date(2026, 2, 2), chair="C", agencies="P",
                                         plan_continues=True, category="NEG", acting_user=user)
    _update_review(first, user, held_on=date(2025, 7, 29), category="EMO")
    assert _clock(ts.FIRST_REVIEW).completed_on == date(2025, 7, 29)
    from_first = _clock(ts.REVIEW, source=f"child_protection.conference:{first.pk}")
    assert (from_first.started_on, from_first.due_on, from_first.completed_on) == (
        date(2025, 7, 29), date(2026, 1, 29), date(2026, 2, 2))  # now met late: due 29 January
    plan.refresh_from_db()
    assert plan.latest_category == "NEG"  # the later review's category stays the latest

    _update_review(second, user, held_on=date(2026, 1, 27), category="EMO")
    from_first.refresh_from_db()
    assert from_first.completed_on == date(2026, 1, 27)
    from_second = _clock(ts.REVIEW, source=f"child_protection.conference:{second.pk}")
    assert (from_second.started_on, from_second.due_on) == (date(2026, 1, 27), date(2026, 7, 27))
    plan.refresh_from_db()
    assert plan.latest_category == "EMO"


@pytest.mark.parametrize(("which", "held_on", "message"), [
    ("first", date(2026, 2, 2), "Date of the review conference must be before the next conference (2 February 2026)"),
    ("first", date(2025, 5, 1), "Date of the review conference must be after the previous conference (1 May 2025)"),
    ("second", date(2025, 8, 1), "Date of the review conference must be after the previous conference (1 August 2025)"),
    ("second", date(2026, 1, 31), "Date of the review conference must be a weekday (Monday to Friday)"),
    ("ended", date(2026, 2, 2), "Date of the review conference must be after the previous conference (2 February 2026)"),
])
def test_bad_review_corrections_are_refused(world, which, held_on, message):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 1))
    reviews = {}
    for name, on, continues in (("first", date(2025, 8, 1), True), ("second", date(2026, 2, 2), True),
                                ("ended", date(2026, 8, 3), False)):
        reviews[name] = cp.review_conference_record(plan=plan, held_on=on, chair="C", agencies="P",
                                                    plan_continues=continues, end_reason="no_longer_at_risk",
                                                    category="NEG", acting_user=user)
    with pytest.raises(ValidationError) as error:
        _update_review(reviews[which], user, held_on=held_on)
    assert error.value.message_dict["held_on"][0].startswith(message)
    reviews[which].refresh_from_db()
    assert reviews[which].version == 1


def _date(prefix, on):
    return {f"{prefix}-day": str(on.day), f"{prefix}-month": str(on.month), f"{prefix}-year": str(on.year)}


def test_the_overview_links_to_the_correction_pages(client, world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 6))
    conference = plan.conferences.get()
    client.force_login(user)
    body = client.get(reverse("child_protection:overview", args=[world.child.casebook_id])).content.decode()
    assert reverse("child_protection:strategy-discussion-edit",
                   args=[world.child.casebook_id, conference.section47.strategy_discussion_id]) in body
    assert body.count(reverse("child_protection:conference-edit", args=[world.child.casebook_id, conference.pk])) == 2


def test_conference_page_corrects_the_date_or_shows_a_govuk_error(client, world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=date(2025, 5, 6))
    conference = plan.conferences.get()
    client.force_login(user)
    url = reverse("child_protection:conference-edit", args=[world.child.casebook_id, conference.pk])
    page = client.get(url).content.decode()
    assert 'value="6"' in page and "Child protection plan needed" in page and 'name="plan_decided"' not in page
    values = {"kind": "initial", "chair": "A Chair", "agencies": "Police, health", "category": "NEG", "version": "1"}
    refused = client.post(url, {**values, **_date("held_on", date(2025, 5, 3))})
    body = refused.content.decode()
    assert refused.status_code == 200 and "<title>Error: " in body
    assert "Date of the conference must be a weekday (Monday to Friday)" in body
    saved = client.post(url, {**values, **_date("held_on", date(2025, 5, 1))})
    assert saved.status_code == 302
    plan.refresh_from_db()
    assert plan.start_date == date(2025, 5, 1) and _clock(ts.FIRST_REVIEW).due_on == date(2025, 8, 1)


def test_strategy_discussion_page_corrects_it(client, world):
    user = world["allocated_worker"]
    discussion = journey.section47(world.child, user, discussion_on=DISCUSSION).strategy_discussion
    client.force_login(user)
    url = reverse("child_protection:strategy-discussion-edit", args=[world.child.casebook_id, discussion.pk])
    assert "Police, health, school" in client.get(url).content.decode()
    values = {"agencies": "Police, school", "s47_decided": "no", "reasons": "r", "version": "1",
              **_date("held_on", DISCUSSION)}
    body = client.post(url, values).content.decode()
    assert "A section 47 enquiry was started from this strategy discussion" in body
    assert client.post(url, {**values, "s47_decided": "yes"}).status_code == 302
    discussion.refresh_from_db()
    assert (discussion.agencies, discussion.version) == ("Police, school", 2)
