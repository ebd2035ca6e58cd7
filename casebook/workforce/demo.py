"""Demo workforce: profiles for the demo staff (agency staff, part-timers, newly qualified
workers, a few leavers), funded posts with vacancies, one deliberately overloaded team, and an
improvement plan from an inspection letter. Deterministic for ctx.seed; synthetic only."""

from datetime import timedelta
from decimal import Decimal

from casebook.accounts.models import Role
from casebook.workforce.caseloads import ROLE_TO_CENSUS
from casebook.workforce.models import (
    ActionStatus,
    ImprovementAction,
    Recommendation,
    TeamEstablishment,
    WorkerProfile,
)


def build(ctx) -> None:
    rng = ctx.rng
    staff = [u for role in ROLE_TO_CENSUS for u in ctx.users(role) if u.team_id]
    if not staff:
        return
    # The team with the most children per worker becomes the "overloaded" one: part-time and ASYE staff there.
    busiest = max(ctx.team_workers or {"": []}, key=lambda name: len(ctx.team_workers.get(name, [])) or 0, default="")
    profiles, agency, asye = [], 0, 0
    for user in staff:
        is_case_holder = user.role in (Role.SOCIAL_WORKER, Role.SENIOR_PRACTITIONER)
        is_agency = is_case_holder and rng.random() < 0.18
        is_asye = user.role == Role.SOCIAL_WORKER and not is_agency and rng.random() < 0.12
        fte = Decimal("1") if rng.random() < 0.8 else rng.choice([Decimal("0.5"), Decimal("0.6"), Decimal("0.8")])
        if user.team and user.team.name == busiest and is_case_holder:
            fte = min(fte, Decimal("0.6"))
        started = ctx.today - timedelta(days=rng.randrange(30, 365 * 12))
        if is_asye:
            started = ctx.today - timedelta(days=rng.randrange(20, 330))
        left = ctx.today - timedelta(days=rng.randrange(1, 300)) if rng.random() < 0.04 else None
        if left and left < started:
            left = None
        agency += is_agency
        asye += is_asye
        profiles.append(WorkerProfile(
            user=user, census_role=ROLE_TO_CENSUS[user.role], fte=fte, is_agency=is_agency, started_on=started,
            left_on=left, swe_number=f"SW{rng.randrange(10000, 999999)}", is_asye=is_asye,
            asye_caseload_limit=12 if is_asye else None))
    WorkerProfile.objects.bulk_create(profiles, batch_size=500, ignore_conflicts=True)
    establishments = []
    for name, team in ctx.teams.items():
        permanent = sum(p.fte for p in profiles if p.user.team_id == team.pk and not p.is_agency)
        establishments.append(TeamEstablishment(team=team, funded_fte=permanent + rng.choice([0, 1, 1, 2, 3])))
    TeamEstablishment.objects.bulk_create(establishments, ignore_conflicts=True)
    _improvement_plan(ctx)
    ctx.notes.append(f"Workforce: {len(profiles)} profiles ({agency} agency, {asye} ASYE), funded posts for "
                     f"{len(establishments)} teams, overloaded team: {busiest or 'none'}")


def _improvement_plan(ctx) -> None:
    leaders = ctx.users(Role.HEAD_OF_SERVICE) + ctx.users(Role.SERVICE_MANAGER)
    owners = leaders + ctx.users(Role.TEAM_MANAGER)
    if not owners:
        return
    author = leaders[0] if leaders else owners[0]
    plan = [
        ("Reduce caseloads so experienced staff can do direct work", "average-caseload",
         ["Recruit six permanent social workers to funded posts", "Convert agency posts to permanent contracts"]),
        ("Make sure newly qualified social workers have protected caseloads", "",
         ["Cap ASYE caseloads at 12 children and report monthly"]),
        ("Improve the timeliness of child and family assessments", "assessments-45wd",
         ["Weekly drift meeting for assessments over 35 working days", "Audit 20 assessments for quality"]),
    ]
    for title, figure, actions in plan:
        rec = Recommendation.objects.create(title=title, source="Ofsted inspection letter (demo)", figure_key=figure,
                                            recorded_by=author)
        for i, description in enumerate(actions):
            due = ctx.today + timedelta(days=ctx.rng.choice([-40, -10, 20, 60, 120]))
            status = ActionStatus.IN_PROGRESS if i == 0 else ActionStatus.NOT_STARTED
            ImprovementAction.objects.create(recommendation=rec, description=description, owner=ctx.pick(owners),
                                             due_on=due, status=status, recorded_by=author)
