"""Each looked-after clock against dates worked out by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from casebook.clocks import timescales
from casebook.clocks.models import Clock
from casebook.looked_after import services
from casebook.looked_after import timescales as ts
from casebook.looked_after.tests.factories import looked_after

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2025, 1, 6)  # no bank holidays in the following four weeks


@pytest.mark.parametrize(("item", "start", "due"), [
    (ts.CARE_PLAN, MONDAY, date(2025, 1, 20)),  # 10 working days: two whole weeks
    (ts.REVIEW_FIRST, MONDAY, date(2025, 2, 3)),  # 20 working days: four whole weeks
    (ts.REVIEW_FIRST, date(2025, 4, 14), date(2025, 5, 15)),  # Good Friday, Easter Monday and 5 May skipped
    (ts.REVIEW_SECOND, date(2025, 2, 3), date(2025, 5, 3)),
    (ts.REVIEW_LATER, date(2025, 5, 3), date(2025, 11, 3)),
    (ts.VISIT_AFTER_PLACEMENT, MONDAY, date(2025, 1, 13)),
    (ts.VISIT_FIRST_YEAR, MONDAY, date(2025, 2, 17)),
    (ts.VISIT_LONG_TERM, MONDAY, date(2025, 4, 6)),
    (ts.HEALTH_INITIAL, MONDAY, date(2025, 2, 3)),
    (ts.HEALTH_REVIEW_UNDER_5, MONDAY, date(2025, 7, 6)),
    (ts.HEALTH_REVIEW_5_PLUS, MONDAY, date(2026, 1, 6)),
    (ts.DENTAL, MONDAY, date(2026, 1, 6)),
    (ts.NEEDS_ASSESSMENT, date(2025, 11, 30), date(2026, 2, 28)),
    (ts.PATHWAY_REVIEW, date(2025, 8, 31), date(2026, 2, 28)),  # month arithmetic clamps to month end
])
def test_day_clocks(item, start, due):
    assert timescales.get(item).due(start) == due


def test_return_interview_counts_72_hours_across_a_weekend_not_working_days():
    returned = datetime(2025, 1, 10, 18, 0, tzinfo=LONDON)  # a Friday evening
    due = timescales.get(ts.RHI).due(returned)
    assert due == datetime(2025, 1, 13, 18, 0, tzinfo=LONDON)  # Monday evening, not Wednesday
    assert timescales.get(ts.RHI).unit == timescales.Unit.HOURS


def test_return_interview_clock_needs_a_moment():
    with pytest.raises(TypeError):
        timescales.get(ts.RHI).due(date(2025, 1, 10))


def _due(child, item):
    return Clock.objects.get(child=child, item=item, completed_on__isnull=True, cancelled=False).due_on


def test_becoming_looked_after_starts_care_plan_review_health_and_visit_clocks(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=MONDAY)
    assert _due(child, ts.CARE_PLAN) == date(2025, 1, 20)
    assert _due(child, ts.REVIEW_FIRST) == date(2025, 2, 3)
    assert _due(child, ts.HEALTH_INITIAL) == date(2025, 2, 3)
    assert _due(child, ts.VISIT_AFTER_PLACEMENT) == date(2025, 1, 13)
    assert _due(child, ts.DENTAL) == date(2026, 1, 6)


def test_reviews_first_then_three_months_then_six(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=MONDAY)
    services.review_record(child=child, review_date=date(2025, 1, 31), participation="PN1", acting_user=user)
    assert Clock.objects.get(child=child, item=ts.REVIEW_FIRST).completed_on == date(2025, 1, 31)
    assert _due(child, ts.REVIEW_SECOND) == date(2025, 4, 30)
    services.review_record(child=child, review_date=date(2025, 5, 6), participation="PN1", acting_user=user)
    late = Clock.objects.get(child=child, item=ts.REVIEW_SECOND)
    assert late.completed_on > late.due_on  # the late review stays visible as missed
    assert _due(child, ts.REVIEW_LATER) == date(2025, 11, 6)


def test_visits_six_weeks_in_first_year_then_three_months_if_intended_until_18(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2024, 1, 8), intended_until_18=True)
    services.visit_record(child=child, visit_date=date(2024, 1, 12), acting_user=user)
    assert _due(child, ts.VISIT_FIRST_YEAR) == date(2024, 2, 23)
    services.visit_record(child=child, visit_date=date(2025, 1, 20), acting_user=user)  # placement over a year old
    assert _due(child, ts.VISIT_LONG_TERM) == date(2025, 4, 20)


def test_visits_stay_six_weekly_after_first_year_if_not_intended_until_18(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=date(2024, 1, 8), intended_until_18=False)
    services.visit_record(child=child, visit_date=date(2025, 1, 20), acting_user=user)
    assert _due(child, ts.VISIT_FIRST_YEAR) == date(2025, 3, 3)


def test_health_review_six_monthly_under_five_yearly_from_five(world):
    child, user = world.child, world["allocated_worker"]
    child.date_of_birth = date(2021, 3, 1)
    child.save(update_fields=["date_of_birth"])
    looked_after(child, user, start=MONDAY)
    services.health_check_record(child=child, kind="initial", check_date=date(2025, 1, 27), acting_user=user)
    assert Clock.objects.get(child=child, item=ts.HEALTH_INITIAL).completed_on == date(2025, 1, 27)
    assert _due(child, ts.HEALTH_REVIEW_UNDER_5) == date(2025, 7, 27)
    services.health_check_record(child=child, kind="review", check_date=date(2026, 3, 2), acting_user=user)
    assert _due(child, ts.HEALTH_REVIEW_5_PLUS) == date(2027, 3, 2)


def test_needs_assessment_due_three_months_after_16th_birthday(world):
    child, user = world.child, world["allocated_worker"]
    child.date_of_birth = date(2009, 6, 15)
    child.save(update_fields=["date_of_birth"])
    services.care_leaver_set(child=child, category="eligible", personal_adviser_name="A Adviser", acting_user=user)
    assert _due(child, ts.NEEDS_ASSESSMENT) == date(2025, 9, 15)


def test_pathway_plan_reviewed_every_six_months(world):
    child, user = world.child, world["allocated_worker"]
    services.care_leaver_set(child=child, category="relevant", pathway_plan_on=date(2025, 3, 10), acting_user=user)
    assert _due(child, ts.PATHWAY_REVIEW) == date(2025, 9, 10)
    services.pathway_review_record(child=child, review_date=date(2025, 9, 1), acting_user=user)
    assert _due(child, ts.PATHWAY_REVIEW) == date(2026, 3, 1)


def test_return_starts_the_interview_clock_and_the_offer_stops_it(world):
    child, user = world.child, world["allocated_worker"]
    returned = datetime(2025, 1, 10, 18, 0, tzinfo=LONDON)
    episode = services.missing_record(child=child, kind="M", started_at=datetime(2025, 1, 9, 22, 0, tzinfo=LONDON),
                                      ended_at=returned, acting_user=user)
    clock = Clock.objects.get(child=child, item=ts.RHI)
    assert clock.due_at == datetime(2025, 1, 13, 18, 0, tzinfo=LONDON)
    assert episode.rhi_due_at == clock.due_at
    services.interview_record(episode=episode, offered_at=datetime(2025, 1, 13, 20, 0, tzinfo=LONDON),
                              offered_by="Return interview service", independent=True, read_version=episode.version,
                              acting_user=user)
    clock.refresh_from_db()
    assert clock.completed_at == datetime(2025, 1, 13, 20, 0, tzinfo=LONDON)


def test_ending_the_period_stops_the_care_clocks(world):
    child, user = world.child, world["allocated_worker"]
    looked_after(child, user, start=MONDAY)
    services.period_end(child=child, end_date=date(2025, 3, 1), reason_ceased="E4A", acting_user=user)
    assert not Clock.objects.filter(child=child, item__in=ts.CARE_ITEMS, completed_on__isnull=True,
                                    cancelled=False).exists()
