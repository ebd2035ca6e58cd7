"""Plan goals through the services and pages: bad input gives GOV.UK errors and saves nothing."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casebook.child_protection import services as cp
from casebook.child_protection.codes import PlanEndReason
from casebook.child_protection.tests import journey
from casebook.core.concurrency import ConcurrentEditError
from casebook.plans import services
from casebook.plans.models import Goal, GoalProgress, Plan, PlanReview

pytestmark = pytest.mark.django_db
TODAY = date(2025, 8, 1)
END_REASON = PlanEndReason.values[0]


@pytest.fixture
def plan(world):
    user = world["allocated_worker"]
    with time_machine.travel(TODAY):
        cp_plan = journey.cp_plan(world.child, user)  # ICPC 6 May 2025
    return services.plan_for_record(kind="cp", record=cp_plan, acting_user=user)


def _goals(plan, user, n=2):
    return [services.goal_add(plan=plan, outcome=f"Jordan feels safe at home ({i})", measure="Jordan tells us",
                              target_date=date(2025, 11, 1), owner="Social worker", acting_user=user)
            for i in range(n)]


def test_the_plan_is_created_once_from_the_cp_plan(plan, world):
    again = services.plan_for_record(kind="cp", record=plan.cp_plan, acting_user=world["allocated_worker"])
    assert again.pk == plan.pk and Plan.objects.count() == 1
    assert plan.started_on == date(2025, 5, 6) and plan.kind == "cp"


def test_a_goal_with_a_target_before_the_plan_started_is_refused(plan, world):
    with pytest.raises(ValidationError) as error:
        services.goal_add(plan=plan, outcome="Jordan sleeps well", target_date=date(2025, 5, 1),
                          acting_user=world["allocated_worker"])
    assert error.value.message_dict["target_date"] == [
        "Target date must be on or after the date the plan started (6 May 2025)"]
    assert not Goal.objects.exists()


def test_finalising_is_refused_until_every_goal_is_complete(plan, world):
    user = world["allocated_worker"]
    first, second = _goals(plan, user)
    second.measure = ""
    second.save()
    with pytest.raises(ValidationError) as error:
        services.plan_finalise(plan=plan, acting_user=user)
    assert error.value.messages == ["Goal 2 needs how we will know (the measure)"]
    plan.refresh_from_db()
    assert plan.finalised_at is None
    services.goal_update(goal=second, read_version=second.version, outcome=second.outcome, measure="Seen at visits",
                         target_date=second.target_date, owner="Health visitor", acting_user=user)
    services.plan_finalise(plan=plan, acting_user=user)
    assert plan.is_finalised and plan.finalised_by == user


def test_a_stale_goal_edit_is_refused(plan, world):
    user = world["allocated_worker"]
    goal = _goals(plan, user, 1)[0]
    stale = goal.version
    services.goal_update(goal=goal, read_version=stale, outcome="Jordan is safe", measure="m", target_date=None,
                         owner="", acting_user=user)
    with pytest.raises(ConcurrentEditError):
        services.goal_update(goal=Goal.objects.get(pk=goal.pk), read_version=stale, outcome="Other", measure="",
                             target_date=None, owner="", acting_user=user)


def _progress(goals, *scores, status="progressing"):
    return {g.pk: {"status": status, "score": s, "evidence": "Seen at the visit"} for g, s in zip(goals, scores)}


@time_machine.travel(TODAY)
def test_reviews_record_scores_and_flag_improving_without_change(plan, world):
    user = world["allocated_worker"]
    goals = _goals(plan, user)
    services.plan_finalise(plan=plan, acting_user=user)
    first = services.plan_review_record(plan=plan, held_on=date(2025, 6, 1), improving=True,
                                        progress=_progress(goals, 3, 4), acting_user=user)
    assert not first.improving_without_change  # nothing to compare with
    stalled = services.plan_review_record(plan=plan, held_on=date(2025, 7, 1), improving=True,
                                          progress=_progress(goals, 3, 2), acting_user=user)
    assert stalled.improving_without_change
    rising = services.plan_review_record(plan=plan, held_on=date(2025, 7, 20), improving=True,
                                         progress=_progress(goals, 5, 2), acting_user=user)
    assert not rising.improving_without_change
    assert GoalProgress.objects.count() == 6
    assert Goal.objects.get(pk=goals[0].pk).status == "progressing"


@time_machine.travel(TODAY)
@pytest.mark.parametrize("score, message", [(11, "Score for goal 1 must be a whole number between 0 and 10"),
                                            (None, "Enter a score for goal 1")])
def test_a_score_outside_0_to_10_is_refused_and_nothing_saved(plan, world, score, message):
    user = world["allocated_worker"]
    goals = _goals(plan, user, 1)
    services.plan_finalise(plan=plan, acting_user=user)
    with pytest.raises(ValidationError) as error:
        services.plan_review_record(plan=plan, held_on=date(2025, 6, 1), improving=True,
                                    progress=_progress(goals, score), acting_user=user)
    assert error.value.message_dict[f"score_{goals[0].pk}"] == [message]
    assert not PlanReview.objects.exists() and not GoalProgress.objects.exists()


@time_machine.travel(TODAY)
def test_a_closed_plan_cannot_be_reviewed(plan, world):
    user = world["allocated_worker"]
    goals = _goals(plan, user, 1)
    services.plan_finalise(plan=plan, acting_user=user)
    cp.cp_plan_end(plan=plan.cp_plan, end_date=date(2025, 7, 1), end_reason=END_REASON, step_down_to_cin=False,
                   acting_user=user)
    plan = Plan.objects.get(pk=plan.pk)
    with pytest.raises(ValidationError) as error:
        services.plan_review_record(plan=plan, held_on=date(2025, 7, 1), improving=False,
                                    progress=_progress(goals, 5), acting_user=user)
    assert "a closed plan cannot be reviewed" in error.value.messages[0]
    assert not PlanReview.objects.exists()


# ---- pages ---------------------------------------------------------------------------------

def test_goal_page_shows_gov_uk_errors(client, plan, world):
    client.force_login(world["allocated_worker"])
    url = reverse("plans:goal-add", args=[world.child.casebook_id, plan.pk])
    body = client.post(url, {"outcome": "", "target_date-day": "1", "target_date-month": "5",
                             "target_date-year": "2025"}).content.decode()
    assert "Enter what will be different for the child" in body and "Error: " in body
    body = client.post(url, {"outcome": "Jordan sleeps well", "target_date-day": "1", "target_date-month": "5",
                             "target_date-year": "2025"}).content.decode()
    assert "Target date must be on or after the date the plan started (6 May 2025)" in body
    assert not Goal.objects.exists()


def test_finalise_page_lists_what_is_missing(client, plan, world):
    user = world["allocated_worker"]
    services.goal_add(plan=plan, outcome="Mum to attend parenting course", acting_user=user)
    client.force_login(user)
    body = client.post(reverse("plans:finalise", args=[world.child.casebook_id, plan.pk])).content.decode()
    assert "Goal 1 needs how we will know (the measure), a target date and who is responsible" in body
    body = client.get(reverse("plans:plan", args=[world.child.casebook_id, plan.pk])).content.decode()
    assert "reads as a service for adults" in body and "0 of 1 goals" in body


@time_machine.travel(TODAY)
def test_review_page_rejects_a_score_of_eleven(client, plan, world):
    user = world["allocated_worker"]
    goal = _goals(plan, user, 1)[0]
    services.plan_finalise(plan=plan, acting_user=user)
    client.force_login(user)
    body = client.post(reverse("plans:review-add", args=[world.child.casebook_id, plan.pk]), {
        "held_on-day": "1", "held_on-month": "7", "held_on-year": "2025", f"status_{goal.pk}": "progressing",
        f"score_{goal.pk}": "11", f"evidence_{goal.pk}": "Seen", "improving": "yes"}).content.decode()
    assert "Score for goal 1 must be a whole number between 0 and 10" in body
    assert not PlanReview.objects.exists()


@time_machine.travel(TODAY)
@pytest.mark.parametrize("typed", ["11", "-1", "7.5", "seven"])
def test_every_bad_score_on_the_review_form_gets_the_same_wording(client, plan, world, typed):
    user = world["allocated_worker"]
    goal = _goals(plan, user, 1)[0]
    services.plan_finalise(plan=plan, acting_user=user)
    client.force_login(user)
    body = client.post(reverse("plans:review-add", args=[world.child.casebook_id, plan.pk]), {
        "held_on-day": "1", "held_on-month": "7", "held_on-year": "2025", f"status_{goal.pk}": "progressing",
        f"score_{goal.pk}": typed, f"evidence_{goal.pk}": "Seen", "improving": "yes"}).content.decode()
    assert body.count("Score for goal 1 must be a whole number between 0 and 10") == 2  # summary and field
    assert not PlanReview.objects.exists()


def test_plans_tab_lists_the_cp_plan_and_opens_its_goals(client, world):
    user = world["allocated_worker"]
    cp_plan = journey.cp_plan(world.child, user)
    client.force_login(user)
    body = client.get(reverse("plans:list", args=[world.child.casebook_id])).content.decode()
    assert "Child protection plan" in body and "Set goals" in body
    response = client.post(reverse("plans:open", args=[world.child.casebook_id, "cp", cp_plan.pk]))
    plan = Plan.objects.get(cp_plan=cp_plan)
    assert response.url == reverse("plans:plan", args=[world.child.casebook_id, plan.pk])


def test_quality_gaps_list_for_managers_only_shows_visible_plans(client, plan, world):
    services.goal_add(plan=plan, outcome="Mum to attend parenting course", acting_user=world["allocated_worker"])
    client.force_login(world["team_manager"])
    body = client.get(reverse("plans:quality-gaps")).content.decode()
    assert world.child.casebook_id in body and "0 of 1" in body
    client.force_login(world["other_team_manager"])
    body = client.get(reverse("plans:quality-gaps")).content.decode()
    assert world.child.casebook_id not in body
    client.force_login(world["allocated_worker"])
    assert client.get(reverse("plans:quality-gaps")).status_code == 403


def test_quality_gaps_list_has_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    from casebook.children.tests.factories import ChildFactory, allocate

    user = world["allocated_worker"]
    for _ in range(3):
        child = ChildFactory()
        allocate(child, user)
        cp_plan = journey.cp_plan(child, user)
        p = services.plan_for_record(kind="cp", record=cp_plan, acting_user=user)
        services.goal_add(plan=p, outcome="Attend course", acting_user=user)
    client.force_login(world["team_manager"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("plans:quality-gaps")).status_code == 200


@time_machine.travel(TODAY)
def test_plan_page_query_count_does_not_grow_with_goals_reviews_and_visits(client, plan, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casebook.visits import services as visits

    user = world["allocated_worker"]
    client.force_login(user)
    url = reverse("plans:plan", args=[world.child.casebook_id, plan.pk])

    def add_goals_actions_and_visits(n):
        goals = _goals(plan, user, n=n)
        for goal in goals:
            services.goal_action_add(goal=goal, action="Call school", owner="Social worker",
                                     due_on=date(2025, 8, 1), acting_user=user)
            visits.visit_record(child=world.child, visited_on=date(2025, 6, 2), kind="cp", seen=True,
                                wishes_and_feelings="Better", goal=goal, action="Ring mum", action_goal=goal,
                                acting_user=user)
        return goals

    goals = add_goals_actions_and_visits(1)
    services.plan_finalise(plan=plan, acting_user=user)
    services.plan_review_record(plan=plan, held_on=date(2025, 6, 1), improving=True, progress=_progress(goals, 3),
                                acting_user=user)
    client.get(url)
    with CaptureQueriesContext(connection) as fewer:
        assert client.get(url).status_code == 200
    goals += add_goals_actions_and_visits(3)
    for held_on in (date(2025, 7, 1), date(2025, 8, 1)):
        services.plan_review_record(plan=plan, held_on=held_on, improving=True,
                                    progress=_progress(goals, 4, 5, 6, 7), acting_user=user)
    with CaptureQueriesContext(connection) as more:
        body = client.get(url).content.decode()
    assert "Jordan feels safe at home (2)" in body
    assert len(more) == len(fewer), [q["sql"][:120] for q in more.captured_queries]
