import random
from datetime import date

from faker import Faker

from casebook.demo.context import DemoContext
from casebook.looked_after import demo
from casebook.looked_after.models import CareEpisode


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
