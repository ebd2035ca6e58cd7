import random
from datetime import date

import pytest
from faker import Faker

from casebook.accounts.models import Role
from casebook.accounts.tests.factories import UserFactory
from casebook.children.tests.factories import ChildFactory, allocate
from casebook.demo.context import DemoContext
from casebook.front_door import demo
from casebook.front_door.models import Contact
from casebook.front_door.selectors import awaiting_allocation


@pytest.mark.django_db
def test_demo_builds_a_front_door_in_every_state(world):
    children = [ChildFactory() for _ in range(60)]
    for child in children[:30]:
        allocate(child, world["allocated_worker"])
    manager = UserFactory(role=Role.TEAM_MANAGER, team=world.teams["mash"])
    ctx = DemoContext(seed=1, size=60, today=date.today(), rng=random.Random(1), faker=Faker("en_GB"),
                      users_by_role={Role.MASH_WORKER: [world["mash_worker"]], Role.TEAM_MANAGER: [manager]},
                      children=children)
    demo.build(ctx)
    open_contacts = Contact.objects.filter(signed_off_at__isnull=True)
    assert open_contacts.filter(rag="").exists() and open_contacts.filter(rag__gt="", decided_at__isnull=True).exists()
    assert open_contacts.filter(decided_at__isnull=False).exists()
    assert awaiting_allocation(user=world["head_of_service"]).count() >= 25
    assert "Front door:" in ctx.notes[-1]


@pytest.mark.django_db
def test_demo_queue_drift_dashboard_and_overview_count_the_same_children(world):
    """Every demo child over the allocation limit in the queue is an overdue allocation clock on
    the drift dashboard (and no other child is); the overview's waiting count matches the queue;
    families allocated in recent weeks came through the front door, so allocations a week are not 0."""
    from datetime import timedelta

    from django.utils import timezone

    from casebook.children.models import Allocation
    from casebook.clocks.models import Clock
    from casebook.front_door.selectors import waiting_rows
    from casebook.oversight.selectors import clocks_behind, scope_for
    from casebook.workforce.selectors import arrivals_and_allocations

    children = [ChildFactory() for _ in range(60)]
    for child in children[:30]:
        allocate(child, world["allocated_worker"])
    Allocation.objects.filter(child__in=children[:30]).update(
        reason="Case opened", started_at=timezone.now() - timedelta(days=10))
    for child in children[:30]:
        child.refresh_from_db()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=world.teams["mash"])
    ctx = DemoContext(seed=1, size=60, today=timezone.localdate(), rng=random.Random(1), faker=Faker("en_GB"),
                      users_by_role={Role.MASH_WORKER: [world["mash_worker"]], Role.TEAM_MANAGER: [manager]},
                      children=children)
    demo.build(ctx)
    hos = world["head_of_service"]
    today = timezone.localdate()
    queue = list(awaiting_allocation(user=hos))
    over = {row.link.child_id for row in waiting_rows(queue, today=today) if row.over_limit}
    overdue = set(clocks_behind(user=hos, scope=scope_for(hos), measure="overdue", item="allocation_after_threshold",
                                columns=False).values_list("child_id", flat=True))
    assert over and over == overdue
    open_clocks = Clock.objects.filter(item="allocation_after_threshold", completed_on__isnull=True)
    assert sorted(open_clocks.values_list("child_id", flat=True)) == sorted(r.child_id for r in queue)

    from casebook.workforce.overview import waiting_for_allocation
    monday = today - timedelta(days=today.weekday())
    assert waiting_for_allocation([monday])[0].value == len(queue)
    _mondays, _arrivals, allocations = arrivals_and_allocations(today=today + timedelta(weeks=1))
    assert sum(allocations) >= 30  # the 30 children allocated 10 days ago, each behind a contact
