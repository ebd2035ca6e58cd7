"""What `manage.py load_demo` hands to each app's demo builder.

Each journey app may add `casebook/<app>/demo.py` with `build(ctx: DemoContext) -> None`;
builders run in INSTALLED_APPS order after the core (teams, staff, children, families) exists.
Builders must be deterministic for `ctx.seed` (use `ctx.rng` and `ctx.faker`, never the global
random module or the wall clock: use `ctx.today`), use bulk_create for anything per child, and
stay fast at 60,000 children. Demo data is synthetic: Faker en_GB names only.
"""

import random
from dataclasses import dataclass, field
from datetime import date


@dataclass
class DemoContext:
    seed: int
    size: int  # number of children requested
    today: date
    rng: random.Random
    faker: object  # faker.Faker("en_GB"), seeded
    teams: dict = field(default_factory=dict)  # name -> Team
    users_by_role: dict = field(default_factory=dict)  # Role value -> [User]
    children: list = field(default_factory=list)  # every Child created by the core builder
    notes: list = field(default_factory=list)  # lines printed at the end (what was built)
    # Added by the core builder (casebook/demo/builder.py):
    service_areas: dict = field(default_factory=dict)  # name -> ServiceArea
    teams_by_kind: dict = field(default_factory=dict)  # front_door | safeguarding | in_care | leaving_care | disabled
    team_managers: dict = field(default_factory=dict)  # team name -> the team manager
    team_workers: dict = field(default_factory=dict)  # team name -> case-holding staff (MASH workers at the front door)
    # The first family (allocated, with record changes): builders should give these children a full
    # journey, since the bench measures the child pages for showcase[0] at every database size.
    showcase: list = field(default_factory=list)

    def users(self, role: str) -> list:
        return self.users_by_role.get(role, [])

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]
