import random
from datetime import date, timedelta

import pytest
from faker import Faker

from casebook.demo.context import DemoContext
from casebook.looked_after import demo
from casebook.looked_after.models import CareEpisode, UASCStatus


def test_demo_builds_looked_after_children(world):
    child = world.child
    child.date_of_birth = date(2010, 5, 1)
    child.save(update_fields=["date_of_birth"])
    ctx = DemoContext(seed=1, size=1, today=date(2026, 6, 1), rng=random.Random(1), faker=Faker("en_GB"),
                      children=[child], users_by_role={"social_worker": [world["allocated_worker"]]})
    demo.build(ctx)
    assert CareEpisode.objects.filter(child=child).exists()
    assert all(e.placement_postcode in demo.POSTCODES for e in CareEpisode.objects.filter(child=child))
    assert ctx.notes


@pytest.mark.parametrize(("born", "ceased"), [
    (date(2009, 1, 1), None),  # still in care at 17
    (date(2008, 5, 1), date(2026, 5, 1)),  # left care on the 18th birthday in this collection year
])
def test_demo_makes_an_unaccompanied_asylum_seeking_child_the_903_accepts(world, born, ceased):
    """The first young person who came into care at 14 or over is a UASC: section 20, absent
    parenting, no home postcode (so no placement distance, rule 406), UASC status ending on the
    18th birthday at the latest (rule 304)."""
    child = world.child
    child.date_of_birth = born
    child.save(update_fields=["date_of_birth"])
    ctx = DemoContext(seed=1, size=1, today=date(2026, 6, 1), rng=random.Random(1), faker=Faker("en_GB"),
                      children=[child], users_by_role={"social_worker": [world["allocated_worker"]]})
    demo.build(ctx)
    status = UASCStatus.objects.get(child=child)
    assert status.ceased_on == ceased
    episodes = CareEpisode.objects.filter(child=child).order_by("start_date")
    assert episodes[0].legal_status == "V2" and episodes[0].category_of_need == "N8"
    assert {e.home_postcode for e in episodes} == {""} and all(e.legal_status == "V2" for e in episodes)
    assert "(1 UASC)" in ctx.notes[0]


def test_demo_reviews_are_chaired_and_kept_up_to_date(world):
    """The IRO chairs the child's reviews (and so sees the child); reviews follow the 3-then-6-month
    rhythm up to the demo's today, and the care plan and initial health assessment are recorded."""
    from casebook.clocks.models import Clock
    from casebook.looked_after import timescales as ts
    from casebook.looked_after.models import CarePlan, CareReview, HealthCheck

    child = world.child
    child.date_of_birth = date(2012, 5, 1)
    child.save(update_fields=["date_of_birth"])
    ctx = DemoContext(seed=1, size=1, today=date(2026, 6, 1), rng=random.Random(1), faker=Faker("en_GB"),
                      children=[child], users_by_role={"social_worker": [world["allocated_worker"]],
                                                       "iro": [world["iro"]]})
    demo.build(ctx)
    reviews = list(CareReview.objects.filter(child=child).order_by("review_date"))
    assert len(reviews) >= 2 and {r.chair_id for r in reviews} == {world["iro"].pk}
    assert all((b.review_date - a.review_date).days <= 200 for a, b in zip(reviews, reviews[1:]))
    assert CarePlan.objects.filter(child=child).exists()
    assert HealthCheck.objects.filter(child=child, kind="initial").exists()
    overdue = Clock.objects.filter(child=child, item__in=ts.REVIEW_ITEMS, completed_on__isnull=True, cancelled=False,
                                   due_on__lt=ctx.today)
    assert not overdue.exists()


def test_demo_care_leaver_plan_follows_the_16th_birthday(world):
    """A young person's needs assessment and pathway plan come after their 16th birthday, not when
    they came into care, and pathway plan reviews follow every 6 months or so."""
    from casebook.looked_after.models import CareLeaver, PathwayPlanReview

    child = world.child
    child.date_of_birth = date(2008, 3, 1)  # 18 on the demo's today; 16 on 1 March 2024
    child.save(update_fields=["date_of_birth"])
    ctx = DemoContext(seed=1, size=1, today=date(2026, 6, 1), rng=random.Random(1), faker=Faker("en_GB"),
                      children=[child], users_by_role={"social_worker": [world["allocated_worker"]]})
    demo.build(ctx)
    leaver = CareLeaver.objects.get(child=child)
    assert leaver.needs_assessment_on > date(2024, 3, 1)
    assert leaver.pathway_plan_on == leaver.needs_assessment_on + timedelta(days=14)
    reviews = list(PathwayPlanReview.objects.filter(child=child).order_by("review_date"))
    assert reviews and all(r.review_date > leaver.pathway_plan_on for r in reviews)
