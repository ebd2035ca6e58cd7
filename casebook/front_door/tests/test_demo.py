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
