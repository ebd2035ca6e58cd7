"""Demo goals for open CP and CIN plans: plans of varying quality, and reviews whose scores rise,
stall and fall (synthetic, deterministic from ctx.seed; bulk-created).

Runs after the child protection / child in need builders. The showcase family's plans come first
and get a finalised plan with rising scores, so the bench measures a plan page with a full chart.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from casebook.child_protection.models import CPPlan
from casebook.children_in_need.models import CINPlan
from casebook.plans.models import Goal, GoalAction, GoalProgress, GoalStatus, Plan, PlanKind, PlanReview

GOOD = [
    ("{name} sleeps in a clean, warm bed every night", "Bedroom seen at every visit", "Parents, with the family support worker"),
    ("{name} goes to school every day and is on time", "School attendance above 95% each half term", "Parents and the school"),
    ("{name} feels safe at home when adults argue", "{name} tells us so at visits and scales their safety 7 or more", "Social worker"),
    ("{name} eats breakfast and an evening meal every day", "Food in the house at visits; school reports", "Health visitor"),
    ("{name} sees dad every week and enjoys it", "Contact records and what {name} tells us", "Family time service"),
]
POOR = [
    ("Mum to attend parenting course", "", ""),
    ("Parents engage with the drug and alcohol service", "Attendance", ""),
    ("Reduce the family's rent arrears", "", "Housing officer"),
    ("", "Case notes", "Social worker"),
]
TRAJECTORIES = {"rise": [3, 5, 7], "stall": [4, 4, 4], "fall": [6, 4, 3]}


def _goal_specs(ctx, quality: str, name: str) -> list[tuple]:
    good = [tuple(part.format(name=name) for part in g) for g in GOOD]
    if quality == "good":
        return ctx.rng.sample(good, 3)
    if quality == "mixed":
        return ctx.rng.sample(good, 2) + [ctx.pick(POOR)]
    return ctx.rng.sample(POOR, 2)


def build(ctx) -> None:
    showcase_ids = {c.pk for c in ctx.showcase}
    sources = [(PlanKind.CP, p) for p in CPPlan.objects.filter(end_date__isnull=True).select_related("child")]
    sources += [(PlanKind.CIN, p) for p in CINPlan.objects.filter(end_date__isnull=True).select_related("child")]
    sources.sort(key=lambda s: (s[1].child_id not in showcase_ids, s[1].child_id, s[0]))
    if not sources:
        return
    plans, specs = [], []
    for i, (kind, record) in enumerate(sources):
        quality = "good" if i == 0 else ctx.rng.choice(["good", "good", "mixed", "poor"])
        trajectory = "rise" if i == 0 else ctx.rng.choice(list(TRAJECTORIES))
        worker = record.child.allocated_worker
        plans.append(Plan(child=record.child, kind=kind, started_on=record.start_date, recorded_by=worker,
                          **{"cp_plan" if kind == PlanKind.CP else "cin_plan": record},
                          finalised_at=_at(record.start_date + timedelta(days=3)) if quality == "good" else None,
                          finalised_by=worker if quality == "good" else None))
        specs.append((quality, trajectory, record.child))
    Plan.objects.bulk_create(plans, batch_size=500)

    goals, goal_plan = [], []
    for plan, (quality, _, child) in zip(plans, specs, strict=True):
        name = child.known_as or child.first_names.split()[0]
        for outcome, measure, owner in _goal_specs(ctx, quality, name):
            target = plan.started_on + timedelta(weeks=ctx.rng.choice([12, 16, 26])) if owner else None
            goals.append(Goal(plan=plan, outcome=outcome, measure=measure, owner=owner, target_date=target,
                              recorded_by=plan.recorded_by))
            goal_plan.append(plan)
    Goal.objects.bulk_create(goals, batch_size=1000)
    GoalAction.objects.bulk_create([
        GoalAction(goal=g, action="Agree a weekly routine with the family", owner=g.owner or "Social worker",
                   due_on=g.plan.started_on + timedelta(weeks=4), done=ctx.rng.random() < 0.5,
                   recorded_by=g.recorded_by)
        for g in goals if g.owner], batch_size=1000)

    # Reviews every 6 weeks for finalised plans, as far as today allows (at most three).
    reviews, review_specs = [], []
    for plan, (quality, trajectory, _) in zip(plans, specs, strict=True):
        if plan.finalised_at is None:
            continue
        for n in range(3):
            held_on = plan.started_on + timedelta(weeks=6 * (n + 1))
            if held_on > ctx.today:
                break
            reviews.append(PlanReview(plan=plan, held_on=held_on, improving=trajectory != "fall" or n == 0,
                                      child_views=ctx.rng.choice(["", "I like it when it's calm at home",
                                                                  "I want to see my dad more"]),
                                      improving_without_change=trajectory == "stall" and n > 0,
                                      recorded_by=plan.recorded_by))
            review_specs.append((plan, trajectory, n))
    PlanReview.objects.bulk_create(reviews, batch_size=1000)
    goals_by_plan: dict[int, list] = {}
    for goal in goals:
        goals_by_plan.setdefault(goal.plan_id, []).append(goal)
    progress, latest_status = [], {}
    for review, (plan, trajectory, n) in zip(reviews, review_specs, strict=True):
        for offset, goal in enumerate(goals_by_plan.get(plan.pk, [])):
            score = max(0, min(10, TRAJECTORIES[trajectory][n] + offset % 2))
            status = (GoalStatus.PROGRESSING if trajectory == "rise" else GoalStatus.NOT_PROGRESSING)
            progress.append(GoalProgress(review=review, goal=goal, status=status, score=score,
                                         evidence="Seen and discussed at the visit"))
            latest_status[goal.pk] = status
    GoalProgress.objects.bulk_create(progress, batch_size=1000)
    for goal in goals:
        goal.status = latest_status.get(goal.pk, "")
    Goal.objects.bulk_update([g for g in goals if g.status], ["status"], batch_size=1000)
    ctx.notes.append(f"Plan goals: {len(plans)} plans, {len(goals)} goals, {len(reviews)} reviews")


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))
