import random
from datetime import date

from faker import Faker

from casebook.child_protection.models import CPPlan, Section47
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.children_in_need import demo
from casebook.children_in_need.models import CINPlan
from casebook.clocks.models import Clock
from casebook.demo.context import DemoContext
from casebook.episodes.models import EpisodeOfNeed


def test_demo_builds_consistent_histories(world):
    children = [world.child]
    for _ in range(119):
        child = ChildFactory()
        allocate(child, world["allocated_worker"])
        children.append(child)
    faker = Faker("en_GB")
    faker.seed_instance(4)
    ctx = DemoContext(seed=4, size=120, today=date(2026, 6, 1), rng=random.Random(4), faker=faker, children=children)
    demo.build(ctx)
    assert EpisodeOfNeed.objects.filter(child=world.child, closure_date__isnull=True).exists()
    assert CPPlan.objects.filter(child=world.child, end_date__isnull=True).exists()
    assert set(Clock.objects.filter(child=world.child, completed_on__isnull=True).values_list("item", flat=True)) >= {
        "core_group_interval", "cp_visit_10wd"}
    assert Section47.objects.filter(icpc_not_required=True).exists()
    assert CPPlan.objects.filter(previous_plans__gt=0).exists() and CINPlan.objects.exists()
    assert {"RC8", "RC9"} <= set(EpisodeOfNeed.objects.values_list("closure_reason", flat=True))
    for plan in CPPlan.objects.all():  # CIN census 2885 and 8875: the plan starts at an ICPC on a weekday
        assert plan.start_date.weekday() < 5 and plan.start_date <= ctx.today
    assert not CINPlan.objects.filter(end_date__isnull=True, child__cp_plans__isnull=False,
                                  child__cp_plans__end_date__isnull=True).exists()
