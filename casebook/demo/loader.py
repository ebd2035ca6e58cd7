"""Build the whole synthetic local authority: the core (teams, staff, children, families), then
each journey app's `casebook/<app>/demo.py::build(ctx)` in INSTALLED_APPS order."""

import importlib
import importlib.util
import json
import random
import time
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from casebook.accounts.models import Role
from casebook.children.models import Child
from casebook.demo import builder
from casebook.demo.context import DemoContext

# Printed on screen and written to var/: demo data is synthetic and never exists where DEMO_ENABLED is off.
DEMO_PASSWORD = "casebook-demo-2026"  # nosec B105 - a published demo password, refused in production
LOGINS_FILE = settings.VAR_DIR / "demo-logins.json"


class DemoRefused(Exception):
    pass


def app_builders() -> list[tuple[str, object]]:
    """(app name, build function) for every app with a demo.py, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("casebook.") or config.name == "casebook.demo":
            continue
        module_name = f"{config.name}.demo"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        if hasattr(module, "build"):
            found.append((config.label, module.build))
    return found


def load(*, children: int, seed: int, today: date, password: str = DEMO_PASSWORD,
         logins_file: Path | None = LOGINS_FILE, with_apps: bool = True, progress=None) -> DemoContext:
    """Load a synthetic authority of `children` children, deterministic for (`seed`, `today`).

    Refuses unless settings.DEMO_ENABLED, and on a database that already holds children.
    `with_apps=False` builds only the core (teams, staff, children and families).
    """
    if not settings.DEMO_ENABLED:
        raise DemoRefused("Demo data is switched off here (DEMO_ENABLED is false)")
    if Child.objects.exists():
        raise DemoRefused("The database already holds children: load demo data into an empty database")
    if children < 1:
        raise DemoRefused("Give at least 1 child")

    faker = Faker("en_GB")
    faker.seed_instance(seed)
    ctx = DemoContext(seed=seed, size=children, today=today, rng=random.Random(seed), faker=faker)
    say = progress or (lambda line: None)
    started = time.perf_counter()
    with transaction.atomic():
        builder.build_structure(ctx)
        # Argon2 is deliberately slow: hash once and share the hash among every demo user.
        staff = builder.build_staff(ctx, password_hash=make_password(password))
        ctx.notes.append(f"{len(ctx.teams)} teams in {len(ctx.service_areas)} service areas, "
                         f"{len(staff.users)} staff of {len(ctx.users_by_role)} roles")
        say(f"Staff built ({time.perf_counter() - started:.1f} s)")
        builder.build_children(ctx, staff)
        builder.build_showcase(ctx, staff)
        say(f"Children built ({time.perf_counter() - started:.1f} s)")
        for label, build in app_builders() if with_apps else []:
            before = time.perf_counter()
            build(ctx)
            say(f"{label} demo data built ({time.perf_counter() - before:.1f} s)")
    ctx.notes.append(f"Loaded in {time.perf_counter() - started:.1f} s")
    if logins_file is not None:
        write_logins(ctx, password=password, path=logins_file)
    return ctx


def logins(ctx: DemoContext, *, password: str) -> list[dict]:
    """Every demo user, the showcase family's worker and managers first within each role."""
    showcase_team = ctx.showcase[0].allocated_team if ctx.showcase else None
    rows = []
    for role in Role:
        users = ctx.users(role.value)

        def rank(user, team=showcase_team):
            if team is None:
                return 0
            if user.role == Role.SERVICE_MANAGER:
                return 0 if user.service_area_id == team.service_area_id else 1
            worker = ctx.showcase[0].allocated_worker
            return 0 if (worker and user.pk == worker.pk) else (1 if user.team_id == team.pk else 2)

        for user in sorted(users, key=rank):
            rows.append({"email": user.email, "password": password, "role": role.value,
                         "team": user.team.name if user.team_id else (
                             user.service_area.name if user.service_area_id else "")})
    return rows


def write_logins(ctx: DemoContext, *, password: str, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(logins(ctx, password=password), indent=1) + "\n")
    path.chmod(0o600)


def read_logins(path: Path = LOGINS_FILE) -> list[dict]:
    return json.loads(path.read_text())


def one_per_role(rows: list[dict]) -> list[dict]:
    seen, picked = set(), []
    for row in rows:
        if row["role"] not in seen:
            seen.add(row["role"])
            picked.append(row)
    return picked
