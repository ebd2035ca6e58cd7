"""Correcting a conference's decision (managers only, with a reason kept in history) and the date of
the review conference that ended a plan. What depends on the decision stays consistent: the plan,
its category, its clocks, a step-up child in need plan and later plans' previous-plan figures."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.child_protection import services as cp
from casebook.child_protection import timescales as ts
from casebook.child_protection.models import Conference, CPPlan
from casebook.child_protection.tests import journey
from casebook.children_in_need import services as cin
from casebook.children_in_need import timescales as cin_ts
from casebook.children_in_need.models import CINPlan
from casebook.clocks.models import Clock
from casebook.core.concurrency import ConcurrentEditError

ICPC = date(2025, 5, 6)  # Tuesday


def _decide(conference, user, *, plan_decided, category="", end_reason="", reason="Recorded wrongly"):
    return cp.conference_decision_correct(conference=conference, read_version=conference.version,
                                          plan_decided=plan_decided, category=category, end_reason=end_reason,
                                          reason=reason, acting_user=user)


def _review(plan, user, on, *, continues=True, category="NEG"):
    return cp.review_conference_record(plan=plan, held_on=on, chair="C", agencies="P", plan_continues=continues,
                                       end_reason="" if continues else "no_longer_at_risk", category=category,
                                       acting_user=user)


def _no_plan_conference(child, user, on=ICPC):
    s47 = journey.section47(child, user)
    return cp.initial_conference_record(section47=s47, kind="initial", held_on=on, chair="A Chair",
                                        agencies="Police", plan_decided=False, category="", acting_user=user)


def _source(record):
    return f"{record._meta.label_lower}:{record.pk}"


def test_plan_corrected_to_no_plan_removes_the_plan_and_its_clocks_with_the_reason_in_history(world):
    user, manager = world["allocated_worker"], world["team_manager"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    conference, plan_id, source = plan.conferences.get(), plan.pk, _source(plan)
    assert Clock.objects.filter(source=source).count() == 3
    _decide(conference, manager, plan_decided=False, reason="The conference decided no plan")
    conference.refresh_from_db()
    assert (conference.plan_id, conference.plan_decided, conference.category, conference.version) == (
        None, False, "", 2)
    assert not CPPlan.objects.filter(child=world.child).exists()
    assert not Clock.objects.filter(source=source).exists()
    assert Clock.objects.get(item=ts.ICPC).completed_on == ICPC  # the conference was still held
    latest = conference.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (manager, "The conference decided no plan")
    removed = CPPlan.history.filter(id=plan_id).order_by("-history_date").first()
    assert (removed.history_type, removed.history_user, removed.history_change_reason) == (
        "-", manager, "The conference decided no plan")


def _stepped_up(world):
    """A child in need plan from 2 April 2025, ended by the plan its initial conference started."""
    user = world["allocated_worker"]
    journey.referral(world.child, user)
    journey.assessment(world.child, user)
    cin_plan = cin.cin_plan_start(child=world.child, start_date=date(2025, 4, 2), acting_user=user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=date(2025, 4, 14), agencies="Police",
                                               s47_decided=True, reasons="Injury", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=date(2025, 4, 14), acting_user=user)
    conference = cp.initial_conference_record(section47=s47, kind="initial", held_on=ICPC, chair="C",
                                              agencies="P", plan_decided=True, category="NEG", acting_user=user)
    return user, cin_plan, conference


def test_removing_a_plan_reopens_the_child_in_need_plan_its_step_up_ended(world):
    _user, cin_plan, conference = _stepped_up(world)
    cin_plan.refresh_from_db()
    assert cin_plan.end_date == ICPC
    _decide(conference, world["team_manager"], plan_decided=False)
    cin_plan.refresh_from_db()
    assert cin_plan.end_date is None
    running = Clock.objects.filter(item__in=cin_ts.PLAN_CLOCKS, cancelled=False, completed_on__isnull=True)
    assert {c.item for c in running} == set(cin_ts.PLAN_CLOCKS)


def test_a_plan_that_had_ended_does_not_reopen_the_child_in_need_plan_its_step_up_ended(world):
    """Reopened, the child in need plan would run across the plan that came later (CIN census 4001)."""
    user, cin_plan, conference = _stepped_up(world)
    cp.cp_plan_end(plan=conference.plan, end_date=date(2025, 5, 20), end_reason="no_longer_at_risk",
                   step_down_to_cin=False, acting_user=user)
    _decide(conference, world["team_manager"], plan_decided=False)
    cin_plan.refresh_from_db()
    assert cin_plan.end_date == ICPC  # left as it was


def test_recording_under_a_plan_a_correction_removed_is_refused_in_words(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    _decide(plan.conferences.get(), world["team_manager"], plan_decided=False)
    with pytest.raises(ValidationError, match="just been removed by a correction"):
        cp.core_group_record(plan=plan, held_on=date(2025, 5, 12), acting_user=user)  # a page read before it


def test_removing_a_plan_recounts_the_previous_plans_of_a_later_one(world):
    user = world["allocated_worker"]
    first = journey.cp_plan(world.child, user, icpc_on=ICPC)
    cp.cp_plan_end(plan=first, end_date=date(2025, 6, 2), end_reason="no_longer_at_risk", step_down_to_cin=False,
                   acting_user=user)
    discussion = cp.strategy_discussion_record(child=world.child, held_on=date(2025, 9, 1), agencies="Police",
                                               s47_decided=True, reasons="New injury", acting_user=user)
    s47 = cp.section47_start(strategy_discussion=discussion, start_date=date(2025, 9, 1), acting_user=user)
    second = cp.initial_conference_record(section47=s47, kind="initial", held_on=date(2025, 9, 10), chair="C",
                                          agencies="P", plan_decided=True, category="PHY", acting_user=user).plan
    assert (second.previous_plans, second.last_plan_ended_on) == (1, date(2025, 6, 2))
    _decide(first.conferences.get(), world["team_manager"], plan_decided=False)
    second.refresh_from_db()
    assert (second.previous_plans, second.last_plan_ended_on) == (0, None)


@pytest.mark.parametrize(("record", "words"), [
    ("visit", "1 visit"),
    ("core_group", "1 core group meeting"),
    ("review", "1 review conference"),
    ("goals_record", "1 plan goals record"),  # "Set goals" opened, no goal written yet
])
def test_a_plan_with_work_recorded_against_it_is_not_removed(world, record, words):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    if record == "visit":
        cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=True, seen_alone=False, bedroom_seen=False,
                           acting_user=user)
    elif record == "core_group":
        cp.core_group_record(plan=plan, held_on=date(2025, 5, 12), acting_user=user)
    elif record == "goals_record":
        from casebook.plans.services import plan_for_record

        plan_for_record(kind="cp", record=plan, acting_user=user)
    else:
        _review(plan, user, date(2025, 8, 1))
    conference = plan.conferences.get(kind="initial")
    with pytest.raises(ValidationError) as error:
        _decide(conference, world["team_manager"], plan_decided=False)
    message = error.value.message_dict["plan_decided"][0]
    assert message.startswith(f"The plan this conference started has {words} recorded against it")
    assert "end the plan instead" in message
    conference.refresh_from_db()
    assert (conference.plan_id, conference.plan_decided, conference.version) == (plan.pk, True, 1)
    assert CPPlan.objects.filter(pk=plan.pk, end_date__isnull=True).exists()


def test_no_plan_corrected_to_a_plan_starts_it_on_the_conference_date(world):
    conference = _no_plan_conference(world.child, world["allocated_worker"])
    _decide(conference, world["team_manager"], plan_decided=True, category="EMO")
    conference.refresh_from_db()
    plan = conference.plan
    assert (conference.plan_decided, conference.category) == (True, "EMO")
    assert (plan.start_date, plan.initial_category, plan.latest_category, plan.end_date) == (ICPC, "EMO", "EMO", None)
    assert Clock.objects.get(item=ts.FIRST_REVIEW, source=_source(plan)).due_on == date(2025, 8, 6)
    assert Clock.objects.filter(source=_source(plan)).count() == 3


def test_no_plan_is_not_corrected_to_a_plan_over_a_child_in_need_plan_that_followed(world):
    user = world["allocated_worker"]
    conference = _no_plan_conference(world.child, user)
    cin.cin_plan_start(child=world.child, start_date=date(2025, 5, 7), acting_user=user)
    with pytest.raises(ValidationError) as error:
        _decide(conference, world["team_manager"], plan_decided=True, category="NEG")
    assert error.value.message_dict["plan_decided"][0].startswith(
        "The child in need plan from 7 May 2025 ran after this conference")
    assert not CPPlan.objects.exists()


def test_a_corrected_category_becomes_the_plans(world):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC, category="NEG")
    _decide(plan.conferences.get(), world["team_manager"], plan_decided=True, category="SAB")
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("SAB", "SAB")


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"plan_decided": False, "reason": " "}, "reason", "Enter why the decision is being corrected"),
    ({"plan_decided": True, "category": ""}, "category", "Select the category of abuse"),
    ({"plan_decided": True, "category": "NEG"}, "plan_decided", "The decision is already recorded as shown"),
])
def test_bad_decision_corrections_are_refused(world, values, field, message):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC, category="NEG")
    conference = plan.conferences.get()
    with pytest.raises(ValidationError) as error:
        _decide(conference, world["team_manager"], **values)
    assert error.value.message_dict[field][0].startswith(message)
    conference.refresh_from_db()
    assert conference.version == 1


def test_a_stale_decision_correction_is_refused_and_keeps_the_plan(world):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC, category="NEG")
    conference = plan.conferences.get()
    stale = Conference.objects.get(pk=conference.pk)
    _decide(conference, world["team_manager"], plan_decided=True, category="PHY")
    with pytest.raises(ConcurrentEditError) as error:
        _decide(stale, world["service_manager"], plan_decided=False)
    assert error.value.changes == {"category": "PHY"}
    assert CPPlan.objects.filter(pk=plan.pk, initial_category="PHY").exists()


def test_a_review_corrected_to_ending_the_plan_and_back(world):
    user, manager = world["allocated_worker"], world["team_manager"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    review = _review(plan, user, date(2025, 8, 1), category="EMO")
    _decide(review, manager, plan_decided=False, category="EMO", end_reason="no_longer_at_risk")
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (date(2025, 8, 1), "no_longer_at_risk")
    assert not Clock.objects.filter(source=_source(review)).exists()  # no next review: the plan ended there
    visit_clock = Clock.objects.get(item=ts.CP_VISIT)
    assert (visit_clock.cancelled, visit_clock.cancelled_on) == (True, date(2025, 8, 1))

    review.refresh_from_db()
    _decide(review, manager, plan_decided=True, category="EMO")
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (None, "")
    visit_clock.refresh_from_db()
    assert (visit_clock.cancelled, visit_clock.cancelled_on) == (False, None)
    assert Clock.objects.get(source=_source(review)).due_on == date(2026, 2, 1)


def test_a_review_with_a_core_group_after_it_cannot_have_ended_the_plan(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    review = _review(plan, user, date(2025, 8, 1))
    cp.core_group_record(plan=plan, held_on=date(2025, 8, 12), acting_user=user)
    with pytest.raises(ValidationError) as error:
        _decide(review, world["team_manager"], plan_decided=False, category="NEG", end_reason="no_longer_at_risk")
    assert error.value.message_dict["plan_decided"][0].startswith(
        "A core group meeting on 12 August 2025 is recorded after this review")
    plan.refresh_from_db()
    assert plan.end_date is None


def test_a_plan_that_stepped_down_cannot_be_reopened(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    review = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                         plan_continues=False, end_reason="no_longer_at_risk", step_down_to_cin=True,
                                         category="NEG", acting_user=user)
    with pytest.raises(ValidationError) as error:
        _decide(review, world["team_manager"], plan_decided=True, category="NEG")
    assert error.value.message_dict["plan_decided"][0].startswith(
        "The plan stepped down to a child in need plan from 1 August 2025")


# The date of the review conference that ended a plan: the plan's end follows it.


def _update_review(conference, user, held_on):
    return cp.review_conference_update(conference=conference, read_version=conference.version, held_on=held_on,
                                       chair=conference.chair, agencies=conference.agencies,
                                       category=conference.category, acting_user=user)


def test_moving_the_review_that_ended_a_plan_moves_its_end_and_the_step_down_plan(world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=True, seen_alone=False, bedroom_seen=False,
                       acting_user=user)
    ending = cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="C", agencies="P",
                                         plan_continues=False, end_reason="no_longer_at_risk", step_down_to_cin=True,
                                         category="NEG", acting_user=user)
    _update_review(ending, user, date(2025, 7, 29))
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 7, 29)
    assert Clock.objects.get(item=ts.FIRST_REVIEW).completed_on == date(2025, 7, 29)
    # The visit clock from 9 May (due 23 May) was cancelled when the plan ended: missed either way.
    assert Clock.objects.get(item=ts.CP_VISIT, completed_on__isnull=True).cancelled_on == date(2025, 7, 29)
    step_down = CINPlan.objects.get(stepped_down_from=plan)
    assert (step_down.start_date, step_down.minimum_until) == (date(2025, 7, 29), date(2025, 10, 29))
    assert Clock.objects.get(item=cin_ts.CIN_REVIEW, source=_source(step_down)).started_on == date(2025, 7, 29)


@pytest.mark.parametrize(("held_on", "message"), [
    (date(2025, 5, 6), "Date of the review conference must be after the previous conference (6 May 2025)"),
    (date(2025, 5, 8), "Date of the review conference must be on or after the plan's last visit (9 May 2025)"),
    (date(2099, 6, 1), "Date of the review conference must be today or in the past"),
])
def test_the_review_that_ended_a_plan_cannot_move_outside_it(world, held_on, message):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    cp.cp_visit_record(plan=plan, visited_on=date(2025, 5, 9), seen=True, seen_alone=False, bedroom_seen=False,
                       acting_user=user)
    ending = _review(plan, user, date(2025, 8, 1), continues=False)
    with pytest.raises(ValidationError) as error:
        _update_review(ending, user, held_on)
    assert error.value.message_dict["held_on"][0].startswith(message)
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 8, 1)


# Pages


def _date(prefix, on):
    return {f"{prefix}-day": str(on.day), f"{prefix}-month": str(on.month), f"{prefix}-year": str(on.year)}


@pytest.mark.parametrize(("persona", "status"), [
    ("team_manager", 200), ("service_manager", 200), ("head_of_service", 200),
    ("allocated_worker", 404), ("other_team_worker", 404), ("other_team_manager", 404), ("auditor", 404),
])
def test_only_the_childs_managers_may_correct_a_decision(client, world, persona, status):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC)
    client.force_login(world[persona])
    url = reverse("child_protection:conference-decision", args=[world.child.casebook_id, plan.conferences.get().pk])
    assert client.get(url).status_code == status
    posted = client.post(url, {"plan_decided": "no", "reason": "Wrong", "version": "1"})
    assert posted.status_code == (302 if status == 200 else 404)
    assert CPPlan.objects.filter(pk=plan.pk).exists() == (status != 200)


def test_decision_page_shows_govuk_errors_and_saves_nothing_on_bad_input(client, world):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC)
    conference = plan.conferences.get()
    client.force_login(world["team_manager"])
    url = reverse("child_protection:conference-decision", args=[world.child.casebook_id, conference.pk])
    body = client.get(url).content.decode()
    assert "Child protection plan needed" in body and 'name="reason"' in body
    for values, message in (({"plan_decided": "yes", "category": "", "reason": "x"},
                              "Select the category of abuse: a child protection plan needs one"),
                             ({"plan_decided": "no", "reason": ""}, "Enter why the decision is being corrected"),
                             ({"plan_decided": "maybe", "reason": "x"}, "Select a valid choice"),
                             ({"plan_decided": "yes", "category": "NEG", "reason": "x"},
                              "The decision is already recorded as shown")):
        response = client.post(url, {**values, "version": "1"})
        page = response.content.decode()
        assert response.status_code == 200 and "<title>Error: " in page and "govuk-error-summary" in page
        assert message in page
    conference.refresh_from_db()
    assert (conference.version, conference.plan_id) == (1, plan.pk)


def test_the_overview_links_managers_to_the_decision_page(client, world):
    plan = journey.cp_plan(world.child, world["allocated_worker"], icpc_on=ICPC)
    url = reverse("child_protection:conference-decision", args=[world.child.casebook_id, plan.conferences.get().pk])
    overview = reverse("child_protection:overview", args=[world.child.casebook_id])
    client.force_login(world["team_manager"])
    assert client.get(overview).content.decode().count(url) == 2
    client.force_login(world["allocated_worker"])
    assert url not in client.get(overview).content.decode()


def test_conference_page_moves_the_review_that_ended_the_plan(client, world):
    user = world["allocated_worker"]
    plan = journey.cp_plan(world.child, user, icpc_on=ICPC)
    ending = _review(plan, user, date(2025, 8, 1), continues=False)
    client.force_login(world["team_manager"])
    url = reverse("child_protection:conference-edit", args=[world.child.casebook_id, ending.pk])
    values = {"chair": "C", "agencies": "P", "category": "NEG", "version": "1"}
    refused = client.post(url, {**values, **_date("held_on", date(2025, 5, 5))}).content.decode()
    assert "Date of the review conference must be on or after the start of the plan (6 May 2025)" in refused
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 8, 1)
    assert client.post(url, {**values, **_date("held_on", date(2025, 8, 4))}).status_code == 302
    plan.refresh_from_db()
    assert plan.end_date == date(2025, 8, 4)
