"""Demo visits for children on open CP and CIN plans: some with the child's voice (linked to a
plan goal), some without, some seen alone (synthetic, deterministic; bulk-created). Runs after the
plans builder, so the showcase child's words can inform their plan's goals."""

from datetime import timedelta

from casebook.child_protection.models import CPPlan
from casebook.children_in_need.models import CINPlan
from casebook.plans.models import Goal
from casebook.visits.models import Visit, VisitKind

WORDS = ["I like my new bed", "I get scared when mum and dad shout", "School is OK, I have a friend called Sam",
         "I want to see my dad more", "I don't like it when the house is messy", "I'm happy when we go to the park"]
DIRECT_WORK = ["Three houses drawing", "Wishes and feelings cards", "Safety scale with the child", ""]


def build(ctx) -> None:
    showcase_ids = {c.pk for c in ctx.showcase}
    first_goal = {}
    for goal in Goal.objects.order_by("pk").only("pk", "plan__child_id").select_related("plan"):
        first_goal.setdefault(goal.plan.child_id, goal)
    on_plans = [(VisitKind.CP, p) for p in CPPlan.objects.filter(end_date__isnull=True).select_related("child")]
    on_plans += [(VisitKind.CIN, p) for p in CINPlan.objects.filter(end_date__isnull=True).select_related("child")]
    on_plans.sort(key=lambda s: (s[1].child_id not in showcase_ids, s[1].child_id))
    visits = []
    for i, (kind, plan) in enumerate(on_plans):
        voice = True if i == 0 else ctx.rng.random() < 0.6  # the rest: some children's voice is missing
        every = 14 if kind == VisitKind.CP else 28
        day = plan.start_date + timedelta(days=3)
        while day <= ctx.today and len(visits) < 50_000:
            words = ctx.pick(WORDS) if voice and ctx.rng.random() < 0.7 else ""
            alone = ctx.rng.random() < (0.7 if voice else 0.2)
            visits.append(Visit(child=plan.child, visited_on=day, kind=kind, seen=True, seen_alone=alone,
                                bedroom_seen=ctx.rng.random() < 0.5, present="Parent and child",
                                wishes_and_feelings=words, goal=first_goal.get(plan.child_id) if words else None,
                                direct_work=ctx.pick(DIRECT_WORK) if words else "",
                                observations="Home warm and tidy" if ctx.rng.random() < 0.5 else "Home cold",
                                recorded_by=plan.child.allocated_worker))
            day += timedelta(days=every)
    Visit.objects.bulk_create(visits, batch_size=1000)
    ctx.notes.append(f"Visits: {len(visits)}, {sum(1 for v in visits if v.wishes_and_feelings)} with the child's voice")
