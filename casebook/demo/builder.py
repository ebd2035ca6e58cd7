"""The core of the synthetic local authority: service areas, teams, staff of every role, and
children with families, addresses, professionals and allocations.

Everything is drawn from `ctx.rng` and `ctx.faker` (both seeded) and dated from `ctx.today`,
so the same seed on the same day gives the same authority. Rows are written with bulk_create:
per-row save() would take hours at 60,000 children. bulk_create skips Child.save(), so the
search keys it would compute are set here with the same function.
"""

import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from casebook.accounts.models import Role, ServiceArea, Team, User
from casebook.children.codes import Disability, Ethnicity, RelationshipType, Sex
from casebook.children.models import Address, Allocation, Child, ChildDisability, Relationship, phonetic_key
from casebook.children.services import new_casebook_id
from casebook.demo import identifiers
from casebook.demo.context import DemoContext

EMAIL_DOMAIN = "demo.casebook.example"  # .example is reserved: no demo login can reach a real mailbox
BATCH = 2000

# Where the open cases sit (shares of open cases), the CIN census / SSDA903 picture of a typical
# authority: most open work in safeguarding, then children in care, care leavers, disabled children.
OPEN_SHARES = {"safeguarding": 0.55, "in_care": 0.2, "leaving_care": 0.1, "disabled": 0.08, "front_door": 0.07}
CASELOAD = 18  # children per social worker, roughly the national average
WORKERS_PER_TEAM = 6

ETHNICITY_WEIGHTS = {
    Ethnicity.WBRI: 62, Ethnicity.WIRI: 1, Ethnicity.WIRT: 1, Ethnicity.WOTH: 6, Ethnicity.WROM: 1,
    Ethnicity.MWBC: 3, Ethnicity.MWBA: 2, Ethnicity.MWAS: 2, Ethnicity.MOTH: 3, Ethnicity.AIND: 2,
    Ethnicity.APKN: 4, Ethnicity.ABAN: 2, Ethnicity.AOTH: 1, Ethnicity.BCRB: 2, Ethnicity.BAFR: 4,
    Ethnicity.BOTH: 1, Ethnicity.CHNE: 1, Ethnicity.OOTH: 2, Ethnicity.REFU: 1, Ethnicity.NOBT: 2,
}
LANGUAGES = ["Polish", "Urdu", "Romanian", "Punjabi", "Arabic", "Bengali", "Somali", "Portuguese", "Tigrinya"]
TOWNS = ["Northmoor", "Northmoor", "Northmoor", "Ashby Moor", "Kelderton", "Little Fenwick", "Oakridge"]
DISABILITY_CODES = [c for c in Disability.values if c != Disability.NONE]
LOCALITIES = ["North", "South", "East", "West", "Central", "Riverside", "Moorside", "Hillside"]


def open_case_count(size: int) -> int:
    """How many of `size` children have an open case. A large authority's archive is mostly
    closed cases: open work grows far more slowly than the number of records."""
    if size <= 2000:
        return round(size * 0.45)
    return round(900 + 0.06 * (size - 2000))


@contextmanager
def _keep_timestamps(*models):
    """Let bulk_create keep the created/updated times we give it (auto_now would stamp today)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


@dataclass
class Staff:
    users: list
    managers: dict  # team name -> team manager
    workers: dict  # team name -> [case-holding users]


def _at(day: date, rng) -> datetime:
    """A time on `day` in working hours, in the service's time zone."""
    return datetime.combine(day, time(rng.randrange(9, 17), rng.randrange(60)), tzinfo=timezone.get_current_timezone())


def build_structure(ctx: DemoContext) -> None:
    """Service areas and teams, sized so that caseloads are realistic for `ctx.size` children."""
    open_cases = open_case_count(ctx.size)
    per_team = WORKERS_PER_TEAM * CASELOAD

    def teams_for(key, minimum):
        return max(minimum, math.ceil(open_cases * OPEN_SHARES[key] / per_team))

    areas = {name: ServiceArea(name=name) for name in
             ("Front door", "Safeguarding", "Children in care", "Disabled children")}
    ServiceArea.objects.bulk_create(areas.values())
    layout = [("MASH", "Front door", "front_door", True)]
    for i in range(teams_for("safeguarding", 3)):
        locality = LOCALITIES[i % len(LOCALITIES)]
        suffix = f" {i // len(LOCALITIES) + 1}" if i >= len(LOCALITIES) else ""
        layout.append((f"Safeguarding {locality}{suffix}", "Safeguarding", "safeguarding", False))
    for i in range(teams_for("in_care", 1)):
        layout.append((f"Children in Care {i + 1}", "Children in care", "in_care", False))
    for i in range(teams_for("leaving_care", 1)):
        layout.append((f"Care Leavers {i + 1}", "Children in care", "leaving_care", False))
    for i in range(teams_for("disabled", 1)):
        layout.append((f"Disabled Children {i + 1}", "Disabled children", "disabled", False))
    teams = [Team(name=name, service_area=areas[area], is_front_door=front) for name, area, _, front in layout]
    Team.objects.bulk_create(teams)
    ctx.service_areas = areas
    ctx.teams = {t.name: t for t in teams}
    ctx.teams_by_kind = {}
    for (name, _, kind, _), team in zip(layout, teams, strict=True):
        ctx.teams_by_kind.setdefault(kind, []).append(team)


def build_staff(ctx: DemoContext, *, password_hash: str) -> Staff:
    """Users of every role, all marked is_demo and sharing one (already hashed) password."""
    faker, rng = ctx.faker, ctx.rng
    taken: set[str] = set()
    users: list[User] = []

    def person(role, *, team=None, area=None, **extra):
        first, last = faker.first_name(), faker.last_name()
        stem = re.sub(r"[^a-z.]", "", f"{first.lower()}.{last.lower()}")
        email, n = f"{stem}@{EMAIL_DOMAIN}", 1
        while email in taken:
            n += 1
            email = f"{stem}{n}@{EMAIL_DOMAIN}"
        taken.add(email)
        joined = _at(ctx.today - timedelta(days=rng.randrange(60, 3650)), rng)
        user = User(email=email, first_name=first, last_name=last, role=role, team=team, service_area=area,
                    password=password_hash, is_demo=True, date_joined=joined, **extra)
        users.append(user)
        return user

    managers, workers = {}, {}
    for name, team in ctx.teams.items():
        managers[name] = person(Role.TEAM_MANAGER, team=team)
        if team.is_front_door:
            workers[name] = [person(Role.MASH_WORKER, team=team) for _ in range(4)]
            continue
        workers[name] = [person(Role.SENIOR_PRACTITIONER, team=team)]
        workers[name] += [person(Role.SOCIAL_WORKER, team=team) for _ in range(WORKERS_PER_TEAM - 1)]
    for area in ctx.service_areas.values():
        person(Role.SERVICE_MANAGER, area=area)
    for _ in range(max(1, ctx.size // 50000 + 1)):
        person(Role.HEAD_OF_SERVICE)
    open_cp_and_care = open_case_count(ctx.size) * (OPEN_SHARES["in_care"] + OPEN_SHARES["safeguarding"] / 3)
    for _ in range(max(2, math.ceil(open_cp_and_care / 60))):  # an IRO chairs for about 60 children
        person(Role.IRO)
    for _ in range(2):
        person(Role.AUDITOR)
    for _ in range(2):
        person(Role.PERFORMANCE_ANALYST)
    admin = person(Role.ADMINISTRATOR, is_staff=True)

    User.objects.bulk_create(users, batch_size=BATCH)
    # The Django admin checks model permissions; the demo administrator may manage staff and teams.
    admin.user_permissions.set(Permission.objects.filter(content_type__app_label="accounts"))
    ctx.users_by_role = {}
    for user in users:
        ctx.users_by_role.setdefault(user.role, []).append(user)
    ctx.team_managers = managers
    ctx.team_workers = workers
    return Staff(users=users, managers=managers, workers=workers)


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _household_kinds(ctx: DemoContext, households: int) -> list[str]:
    """Which service holds each household's case; closed cases fill the rest."""
    open_share = open_case_count(ctx.size) / max(ctx.size, 1)
    kinds = dict(OPEN_SHARES)
    weights = {k: v * open_share for k, v in kinds.items()}
    weights["closed"] = 1 - open_share
    result = [_weighted(ctx.rng, weights) for _ in range(households)]
    result[0] = "safeguarding"  # the showcase family (see build_children)
    return result


def _age_range(kind: str) -> tuple[int, int]:
    return {"leaving_care": (18, 21), "disabled": (2, 17), "in_care": (0, 17)}.get(kind, (0, 17))


def build_children(ctx: DemoContext, staff: Staff) -> None:
    """Children in households (siblings share a surname and an address), with parents,
    professionals, disabilities, and allocations mirrored on Child.allocated_team/worker."""
    faker, rng, today = ctx.faker, ctx.rng, ctx.today
    la_code = settings.LA_CODE
    ids: set[str] = set()
    nhs_numbers: set[str] = set()
    upns: set[str] = set()

    children: list[Child] = []
    addresses: list[Address] = []
    disabilities: list[ChildDisability] = []
    relationships: list[tuple[int, Relationship]] = []  # (child index, row); siblings linked after insert
    sibling_links: list[tuple[int, int]] = []
    allocations: list[tuple[int, Allocation]] = []
    current: dict[int, tuple[Team, User | None]] = {}
    front_door = ctx.teams_by_kind["front_door"][0]
    mash_workers = staff.workers[front_door.name]

    def unique(make, seen):
        value = make()
        while value in seen:
            value = make()
        seen.add(value)
        return value

    sizes = []
    remaining = ctx.size
    while remaining > 0:
        n = min(remaining, 3 if not sizes else _weighted(rng, {1: 50, 2: 30, 3: 15, 4: 5}))
        sizes.append(n)
        remaining -= n
    kinds = _household_kinds(ctx, len(sizes))

    for household, (n, kind) in enumerate(zip(sizes, kinds, strict=True)):
        surname = faker.last_name()
        mother = f"{faker.first_name_female()} {surname}"
        father = f"{faker.first_name_male()} {surname if rng.random() < 0.6 else faker.last_name()}"
        street = f"{rng.randrange(1, 180)} {faker.street_name()}"
        town, code = rng.choice(TOWNS), identifiers.postcode(rng)
        ethnicity = _weighted(rng, ETHNICITY_WEIGHTS)
        language = "English" if rng.random() < 0.88 else rng.choice(LANGUAGES)
        gp = (f"Dr {faker.last_name()}", f"{faker.last_name()} Medical Practice")
        lo, hi = _age_range(kind)
        eldest = rng.randint(lo, hi)
        # Teams and workers for the family's case, if open; siblings are held together.
        if kind == "closed":
            team = rng.choice([t for k, ts in ctx.teams_by_kind.items() if k != "front_door" for t in ts])
            worker = rng.choice(staff.workers[team.name])
        elif kind == "front_door":
            team, worker = front_door, rng.choice(mash_workers)
        else:
            team = ctx.teams_by_kind[kind][0] if household == 0 else rng.choice(ctx.teams_by_kind[kind])
            awaiting = household != 0 and kind == "safeguarding" and rng.random() < 0.08
            # The showcase family starts with one worker and changes worker later (build_showcase).
            worker = None if awaiting else (staff.workers[team.name][2] if household == 0
                                            else rng.choice(staff.workers[team.name]))
        manager = staff.managers[team.name]
        opened = today - timedelta(days=rng.randrange(20, 3 * 365 if kind != "closed" else 9 * 365))
        if kind in ("in_care", "leaving_care"):
            opened = today - timedelta(days=rng.randrange(200, 8 * 365))
        first_index = len(children)
        for i in range(n):
            age = max(lo, eldest - i * rng.randint(1, 4)) if i else eldest
            sex = rng.choice([Sex.FEMALE, Sex.MALE])
            unborn = kind in ("safeguarding", "front_door") and i == n - 1 and i > 0 and rng.random() < 0.08
            if unborn:
                dob, edd, sex = None, today + timedelta(days=rng.randrange(14, 200)), Sex.UNKNOWN
            else:
                dob, edd = today - timedelta(days=age * 365 + rng.randrange(365)), None
            first = faker.first_name_female() if sex == Sex.FEMALE else faker.first_name_male()
            if rng.random() < 0.4:
                first = f"{first} {faker.first_name_female() if sex == Sex.FEMALE else faker.first_name_male()}"
            known_as = first.split(" ")[0][:3] if rng.random() < 0.03 else ""
            created = _at(opened if dob is None or dob < opened else min(dob + timedelta(days=1), today), rng)
            child = Child(
                casebook_id=unique(lambda: new_casebook_id(rng), ids), first_names=first, last_name=surname,
                known_as=known_as, date_of_birth=dob, expected_date_of_birth=edd, sex=sex, ethnicity=ethnicity,
                nhs_number="" if unborn or rng.random() < 0.04 else unique(lambda: identifiers.nhs_number(rng),
                                                                            nhs_numbers),
                upn=unique(lambda a=age: identifiers.upn(rng, la_code=la_code, year_allocated=today.year - a + 4),
                           upns) if dob and 4 <= age <= 18 and rng.random() < 0.9 else "",
                first_language=language, interpreter_needed=language != "English" and rng.random() < 0.3,
                recorded_by=manager if kind != "front_door" else worker,
                created_at=created, updated_at=created,
                last_name_key=phonetic_key(surname), first_name_key=phonetic_key(first.split(" ")[0]),
                last_name_lower=surname.lower(),
            )
            child._history_user, child._history_date = child.recorded_by, created
            children.append(child)
            index = len(children) - 1
            addresses.append(Address(child=child, line_1=street, town=town, postcode=code,
                                     moved_in=today - timedelta(days=rng.randrange(60, 2000)),
                                     recorded_by=child.recorded_by, created_at=created, updated_at=created))
            if kind == "disabled":
                codes = rng.sample(DISABILITY_CODES, rng.randint(1, 2))
            elif rng.random() < 0.03:
                codes = [rng.choice(DISABILITY_CODES)]
            else:
                codes = [Disability.NONE] if rng.random() < 0.4 else []
            disabilities += [ChildDisability(child=child, code=c) for c in codes]
            at_home = kind not in ("in_care", "leaving_care")
            relationships.append((index, Relationship(
                child=child, name=mother, relationship=RelationshipType.MOTHER, has_parental_responsibility=True,
                lives_with_child=at_home, recorded_by=child.recorded_by, created_at=created, updated_at=created)))
            if rng.random() < 0.7:
                relationships.append((index, Relationship(
                    child=child, name=father, relationship=RelationshipType.FATHER,
                    has_parental_responsibility=rng.random() < 0.8, lives_with_child=at_home and rng.random() < 0.5,
                    recorded_by=child.recorded_by, created_at=created, updated_at=created)))
            relationships.append((index, Relationship(
                child=child, name=gp[0], relationship=RelationshipType.GP, organisation=gp[1],
                phone=faker.phone_number(), recorded_by=child.recorded_by, created_at=created, updated_at=created)))
            if dob and age < 5:
                relationships.append((index, Relationship(
                    child=child, name=faker.name_female(), relationship=RelationshipType.HEALTH_VISITOR,
                    organisation="Northmoor Health Visiting Service", recorded_by=child.recorded_by,
                    created_at=created, updated_at=created)))
            elif dob and 5 <= age <= 16:
                relationships.append((index, Relationship(
                    child=child, name=faker.name(), relationship=RelationshipType.TEACHER,
                    organisation=f"{faker.last_name()} {'Primary' if age < 11 else 'Academy'}",
                    recorded_by=child.recorded_by, created_at=created, updated_at=created)))
            if kind == "in_care":
                relationships.append((index, Relationship(
                    child=child, name=faker.name(), relationship=RelationshipType.FOSTER_CARER,
                    lives_with_child=True, recorded_by=child.recorded_by, created_at=created, updated_at=created)))

            # Allocations: a front door spell first, then the team. Closed cases have ended rows only.
            started = _at(opened, rng)
            if kind not in ("front_door",):
                mash_end = started
                allocations.append((index, Allocation(
                    child=child, team=front_door, worker=rng.choice(mash_workers),
                    started_at=mash_end - timedelta(days=rng.randrange(1, 6)), ended_at=mash_end,
                    allocated_by=staff.managers[front_door.name], reason="Contact received")))
            if kind == "closed":
                ended = min(started + timedelta(days=rng.randrange(30, 540)), _at(today - timedelta(days=1), rng))
                allocations.append((index, Allocation(child=child, team=team, worker=worker, started_at=started,
                                                      ended_at=ended, allocated_by=manager, reason="Case opened")))
            else:
                allocations.append((index, Allocation(child=child, team=team, worker=worker, started_at=started,
                                                      allocated_by=manager, reason="Case opened")))
                current[index] = (team, worker)
        for a in range(first_index, first_index + n):
            sibling_links += [(a, b) for b in range(first_index, first_index + n) if a != b]

    for index, (team, worker) in current.items():
        children[index].allocated_team, children[index].allocated_worker = team, worker

    with _keep_timestamps(Child, Address, Relationship):
        Child.objects.bulk_create(children, batch_size=BATCH)
        Child.history.bulk_history_create(children, batch_size=BATCH)
        Address.objects.bulk_create(addresses, batch_size=BATCH)
        for a, b in sibling_links:
            sib = children[b]
            relationships.append((a, Relationship(
                child=children[a], name=f"{sib.first_names.split(' ')[0]} {sib.last_name}",
                relationship=RelationshipType.SIBLING, related_child=sib, lives_with_child=True,
                recorded_by=children[a].recorded_by, created_at=children[a].created_at,
                updated_at=children[a].created_at)))
        Relationship.objects.bulk_create([r for _, r in relationships], batch_size=BATCH)
    ChildDisability.objects.bulk_create(disabilities, batch_size=BATCH)
    Allocation.objects.bulk_create([a for _, a in allocations], batch_size=BATCH)

    ctx.children = children
    ctx.showcase = children[:sizes[0]]
    allocated = sum(1 for team, worker in current.values() if worker)
    ctx.notes.append(f"{len(children)} children in {len(sizes)} families: {allocated} allocated to a worker, "
                     f"{len(current) - allocated} awaiting allocation, {len(children) - len(current)} closed")
    ctx.notes.append(f"{len(relationships)} family and network entries, {len(addresses)} addresses, "
                     f"{len(allocations)} allocations")


def build_showcase(ctx: DemoContext, staff: Staff) -> None:
    """Give the first family a record with a history, through the real services, so that the
    record history, chronology and bench pages show changes, not only creation."""
    from casebook.children import services

    child = ctx.showcase[0]
    team = child.allocated_team
    manager, new_worker = staff.managers[team.name], staff.workers[team.name][1]
    services.child_update(child=child, read_version=child.version, acting_user=child.allocated_worker,
                          first_language=child.first_language, interpreter_needed=False,
                          known_as=child.first_names.split(" ")[0])
    services.address_add(child=child, acting_user=child.allocated_worker, line_1=f"{ctx.rng.randrange(1, 90)} "
                         f"{ctx.faker.street_name()}", town=TOWNS[0], postcode=identifiers.postcode(ctx.rng),
                         moved_in=ctx.today - timedelta(days=40))
    services.relationship_add(child=child, acting_user=child.allocated_worker, name=ctx.faker.name_male(),
                              relationship=RelationshipType.PARENTS_PARTNER, lives_with_child=True,
                              notes="Moved into the family home in the spring")
    for sibling in ctx.showcase:
        services.allocation_set(child=sibling, team=team, worker=new_worker, acting_user=manager,
                                reason="Change of social worker")
        sibling.refresh_from_db()
    ctx.notes.append(f"Showcase family: {', '.join(c.casebook_id for c in ctx.showcase)} "
                     f"(social worker {new_worker.email})")
