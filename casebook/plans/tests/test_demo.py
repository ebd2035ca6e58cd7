import random
from datetime import date

from faker import Faker

from casebook.children.tests.factories import ChildFactory, allocate
from casebook.children_in_need import demo as cin_demo
from casebook.demo.context import DemoContext
from casebook.plans import demo, quality, selectors
from casebook.plans.models import GoalProgress, Plan
from casebook.visits import demo as visits_demo
from casebook.visits.models import Visit


def test_demo_builds_plans_of_varying_quality_scores_and_visits(world):
    children = [world.child]
    for _ in range(79):
        child = ChildFactory()
        allocate(child, world["allocated_worker"])
        children.append(child)
    faker = Faker("en_GB")
    faker.seed_instance(4)
    ctx = DemoContext(seed=4, size=80, today=date(2026, 6, 1), rng=random.Random(4), faker=faker, children=children,
                      showcase=[world.child])
    cin_demo.build(ctx)
    demo.build(ctx)
    visits_demo.build(ctx)

    plans = list(Plan.objects.prefetch_related("goals").select_related("child"))
    assert len(plans) > 5
    percents = {quality.plan_quality(p.goals.all(), child_names=selectors.child_names(p.child)).percent for p in plans}
    assert 100 in percents and min(percents) < 100  # good plans and plans with gaps
    showcase = Plan.objects.get(child=world.child)
    assert showcase.is_finalised
    scores = list(GoalProgress.objects.filter(goal__plan=showcase, goal=showcase.goals.first())
                  .order_by("review__held_on").values_list("score", flat=True))
    assert len(scores) >= 2 and scores == sorted(scores) and scores[0] < scores[-1]  # rising
    assert Plan.objects.filter(reviews__improving_without_change=True).exists()  # stalled
    assert Visit.objects.exclude(wishes_and_feelings="").exists() and Visit.objects.filter(wishes_and_feelings="").exists()
    assert Visit.objects.filter(child=world.child, goal__isnull=False).exists()
