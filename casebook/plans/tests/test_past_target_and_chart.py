"""Goals past their target date are flagged on the plan and review pages; the score chart's
labels stay inside the picture and apart, with each goal's full wording in the table."""

from datetime import date
from types import SimpleNamespace

import pytest
import time_machine
from django.urls import reverse

from casebook.child_protection.tests import journey
from casebook.plans import charts, services
from casebook.plans.quality import past_target
from casebook.plans.selectors import ScoreTable

pytestmark = pytest.mark.django_db


def _goal(target, status=""):
    return SimpleNamespace(target_date=target, status=status)


def test_past_target_is_an_unmet_goal_whose_date_has_gone_by():
    today = date(2026, 11, 25)
    assert past_target(_goal(date(2026, 7, 13)), today=today)
    assert past_target(_goal(date(2026, 7, 13), "progressing"), today=today)
    assert past_target(_goal(date(2026, 11, 24), "not_progressing"), today=today)
    assert not past_target(_goal(date(2026, 11, 25)), today=today)  # due today: not yet past
    assert not past_target(_goal(date(2026, 7, 13), "achieved"), today=today)
    assert not past_target(_goal(date(2026, 7, 13), "no_longer_relevant"), today=today)
    assert not past_target(_goal(None), today=today)


def test_labels_are_spread_apart_and_kept_inside():
    assert charts.spread_labels([120.0, 122.0, 121.0], top=15, bottom=185) == [120.0, 152.0, 136.0]
    assert charts.spread_labels([180.0, 182.0], top=15, bottom=185) == [169.0, 185.0]
    assert charts.spread_labels([40.0, 150.0], top=15, bottom=185) == [40.0, 150.0]


def test_chart_labels_fit_inside_the_picture():
    reviews = [SimpleNamespace(held_on=date(2026, m, 1)) for m in (5, 6, 7)]
    rows = [(n, None, scores) for n, scores in ((1, [3, 5, 6]), (2, [4, 6, 6]), (3, [3, 5, 6]), (10, [1, 1, 1]))]
    chart = charts.score_chart(ScoreTable(reviews=reviews, rows=rows))
    ends = [s for s in chart["series"] if s.number in (1, 2, 3)]
    # The lines end at the last review, x = 520 - 70 = 450; "Goal 10" at 14px is under 60 units wide.
    assert {s.label_x for s in chart["series"]} == {450.0}
    assert all(s.label_x + 10 + 60 <= chart["width"] for s in chart["series"])
    # Goals 1-3 all end on 6 (y = 30 + 140 * 0.4 = 86): their labels sit 16 apart.
    assert sorted(s.label_y for s in ends) == [86.0, 102.0, 118.0]


@pytest.fixture
def plan(world):
    user = world["allocated_worker"]
    with time_machine.travel(date(2025, 8, 1)):
        cp_plan = journey.cp_plan(world.child, user)  # ICPC 6 May 2025
    plan = services.plan_for_record(kind="cp", record=cp_plan, acting_user=user)
    services.goal_add(plan=plan, outcome="Jordan goes to school every day and is on time", measure="Attendance",
                      target_date=date(2025, 11, 1), owner="Parents and the school", acting_user=user)
    services.goal_add(plan=plan, outcome="Jordan sleeps in a warm bed every night", measure="Bedroom seen",
                      target_date=date(2099, 1, 1), owner="Parents", acting_user=user)
    return plan


def test_plan_and_review_pages_flag_a_goal_past_its_target_date(client, world, plan):
    client.force_login(world["allocated_worker"])
    page = client.get(reverse("plans:plan", args=[world.child.casebook_id, plan.pk])).content.decode()
    assert page.count("Past target date") == 1
    assert 'id="past-target-1"' in page and 'id="past-target-2"' not in page
    review = client.get(reverse("plans:review-add", args=[world.child.casebook_id, plan.pk])).content.decode()
    assert "Past target date: it was due by 1 November 2025 and is not yet achieved." in review
    assert review.count("Past target date") == 1
