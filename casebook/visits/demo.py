"""Demo visits for children on open CP and CIN plans: some with the child's voice (linked to a
plan goal), some without, some seen alone, most on time and some lapsed so the next visit is overdue
(synthetic, deterministic; bulk-created). Runs after the plans builder, so the showcase child's words
can inform their plan's goals, and after the child in need and looked-after builders.

Each demo visit is one record, as the visits service would write it: a Visit linked to the owning
app's CPVisit or CINVisit, and the plan's visit clock moved by it (plan start to the first visit, each
visit to the next, the last one open). The looked-after builder records its statutory visits through
its own service; those get their Visit here, as migration 0002 gives earlier visits theirs.
"""

from datetime import timedelta

from django.apps import apps

from casebook.child_protection import timescales as cp_ts
from casebook.child_protection.models import CPPlan, CPVisit
from casebook.children_in_need import timescales as cin_ts
from casebook.children_in_need.models import CINPlan, CINVisit
from casebook.clocks.models import Clock
from casebook.clocks.services import source_ref
from casebook.clocks.timescales import get
from casebook.plans.models import Goal
from casebook.visits.backfill import link_unrecorded_visits
from casebook.visits.models import Visit, VisitKind

WORDS = ["I like my new bed", "I get scared when mum and dad shout", "School is OK, I have a friend called Sam",
         "I want to see my dad more", "I don't like it when the house is messy", "I'm happy when we go to the park"]
DIRECT_WORK = ["Three houses drawing", "Wishes and feelings cards", "Safety scale with the child", ""]
MAX_VISITS = 50_000
# Days since the last visit, per plan: mostly none (visited on time), sometimes a lapse long enough
# that the next visit is overdue.
LAPSES = [0, 0, 0, 0, 0, 20, 35, 60]
KINDS = {  # visit kind: (the owning app's visit model, its visit clock, days between visits)
    VisitKind.CP: (CPVisit, cp_ts.CP_VISIT, 14),
    VisitKind.CIN: (CINVisit, cin_ts.CIN_VISIT, 28),
}


def build(ctx) -> None:
    showcase_ids = {c.pk for c in ctx.showcase}
    first_goal = {}
    for goal in Goal.objects.order_by("pk").only("pk", "plan__child_id").select_related("plan"):
        first_goal.setdefault(goal.plan.child_id, goal)
    on_plans = [(VisitKind.CP, p) for p in CPPlan.objects.filter(end_date__isnull=True).select_related("child")]
    on_plans += [(VisitKind.CIN, p) for p in CINPlan.objects.filter(end_date__isnull=True).select_related("child")]
    on_plans.sort(key=lambda s: (s[1].child_id not in showcase_ids, s[1].child_id))
    visits, statutory, visited_plans = [], [], []
    for i, (kind, plan) in enumerate(on_plans):
        if len(visits) >= MAX_VISITS:
            break  # the rest keep the clocks their own builder wrote
        model, _, every = KINDS[kind]
        voice = True if i == 0 else ctx.rng.random() < 0.6  # the rest: some children's voice is missing
        lapse = 0 if i == 0 else ctx.pick(LAPSES)
        first = len(statutory)
        day = plan.start_date + timedelta(days=3)
        while day <= ctx.today - timedelta(days=lapse) and len(visits) < MAX_VISITS:
            words = ctx.pick(WORDS) if voice and ctx.rng.random() < 0.7 else ""
            alone = ctx.rng.random() < (0.7 if voice else 0.2)
            bedroom = ctx.rng.random() < 0.5
            worker = plan.child.allocated_worker
            row = model(plan=plan, visited_on=day, seen=True, seen_alone=alone, recorded_by=worker)
            if kind == VisitKind.CP:
                row.bedroom_seen = bedroom
            statutory.append(row)
            visits.append(Visit(child=plan.child, visited_on=day, kind=kind, seen=True, seen_alone=alone,
                                bedroom_seen=bedroom, present="Parent and child", wishes_and_feelings=words,
                                goal=first_goal.get(plan.child_id) if words else None,
                                direct_work=ctx.pick(DIRECT_WORK) if words else "",
                                observations="Home warm and tidy" if ctx.rng.random() < 0.5 else "Home cold",
                                recorded_by=worker))
            day += timedelta(days=every + ctx.rng.randint(-3, 1))
        visited_plans.append((kind, plan, statutory[first:]))
    _save(visits, statutory)
    _move_clocks(visited_plans)
    linked = link_unrecorded_visits(apps.get_model)
    voiced = sum(1 for v in visits if v.wishes_and_feelings)
    ctx.notes.append(f"Visits: {len(visits)} on CP and CIN plans ({voiced} with the child's voice), "
                     f"{linked} looked-after statutory visits")


def _save(visits, statutory) -> None:
    CPVisit.objects.bulk_create([s for s in statutory if isinstance(s, CPVisit)], batch_size=1000)
    CINVisit.objects.bulk_create([s for s in statutory if isinstance(s, CINVisit)], batch_size=1000)
    for visit, row in zip(visits, statutory, strict=True):
        if isinstance(row, CPVisit):
            visit.cp_visit = row
        else:
            visit.cin_visit = row
    Visit.objects.bulk_create(visits, batch_size=1000)


def _move_clocks(visited_plans) -> None:
    """The visit clocks as the owning services leave them: started at the plan's start, completed by
    each visit where the child was seen (every demo visit), which starts the next; the last one open."""
    for item in (cp_ts.CP_VISIT, cin_ts.CIN_VISIT):
        children = [plan.child_id for kind, plan, _ in visited_plans if KINDS[kind][1] == item]
        Clock.objects.filter(child_id__in=children, item=item).delete()
    clocks = []
    for kind, plan, rows in visited_plans:
        item = KINDS[kind][1]
        timescale = get(item)
        started, source = plan.start_date, source_ref(plan)
        for row in rows:
            clocks.append(Clock(child_id=plan.child_id, item=item, started_on=started, due_on=timescale.due(started),
                                completed_on=row.visited_on, source=source))
            started, source = row.visited_on, source_ref(row)
        clocks.append(Clock(child_id=plan.child_id, item=item, started_on=started, due_on=timescale.due(started),
                            source=source))
    Clock.objects.bulk_create(clocks, batch_size=1000)
