"""Demo histories for assessments, child protection and child in need (synthetic, deterministic).

Runs after the front door's builder and touches only children with no episode of need yet. A
share of them get one of the journeys below; dates are counted back from ctx.today. Everything
is bulk-created; clocks are written for the items still open, with due dates from the table.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from casebook.assessments.models import Assessment
from casebook.assessments.timescales import ASSESSMENT
from casebook.child_protection import timescales as cp_ts
from casebook.child_protection.models import Conference, CPPlan, Section47, StrategyDiscussion
from casebook.children_in_need import timescales as cin_ts
from casebook.children_in_need.models import CINPlan
from casebook.clocks.models import Clock
from casebook.clocks.timescales import get
from casebook.core.workdays import add_working_days, next_working_day
from casebook.episodes.models import EpisodeOfNeed, Referral

SHARE = 0.3
JOURNEYS = {"nfa": 3, "early_help": 2, "cin_open": 3, "cin_closed": 2, "s47_no_icpc": 2, "cp_open": 4,
            "cp_repeat": 1, "cp_step_down": 2}
CATEGORIES = ["NEG", "NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL"]
FACTORS = ["16A", "3B", "4B", "2B", "1B", "17A", "18C", "19C", "10A", "24A", "5B"]
# No RC2 (died): a death belongs on the child's record with its date (CIN rule 8585Q), not in a
# rotation of closure reasons.
CLOSED_REASONS = ["RC1", "RC3", "RC4", "RC5", "RC6", "RC7"]
PRE_BIRTH_DAYS = 120  # a pre-birth referral comes months, not years, before the birth (CIN rule 8606)


class _Rows:
    def __init__(self):
        self.episodes, self.referrals, self.assessments, self.discussions = [], [], [], []
        self.s47s, self.conferences, self.cp_plans, self.cin_plans, self.clocks = [], [], [], [], []


def build(ctx) -> None:
    taken = set(EpisodeOfNeed.objects.values_list("child_id", flat=True))
    free = [c for c in ctx.children if c.pk not in taken and c.date_of_birth is not None]
    chosen = free[: int(len(free) * SHARE)]
    names, weights = list(JOURNEYS), list(JOURNEYS.values())
    plans = []
    for i, child in enumerate(chosen):
        # The first free child (often the showcase family's) gets an open CP plan: every clock running.
        kind = "cp_open" if i == 0 else ctx.rng.choices(names, weights)[0]
        plans.append((child, kind, i))
    worker_of = {c.pk: c.allocated_worker for c, _, _ in plans}
    _write(ctx, plans, worker_of)


def _weekday(d: date) -> date:
    return next_working_day(d)


def _write(ctx, plans, worker_of) -> None:
    rows = _Rows()
    today = ctx.today
    # Stage 1: episodes (their ids are needed by everything else).
    specs = []
    for child, kind, i in plans:
        months_ago = {"cp_open": ctx.rng.randint(2, 26), "cp_repeat": ctx.rng.randint(3, 10),
                      "cin_open": ctx.rng.randint(2, 20)}.get(kind, ctx.rng.randint(4, 30))
        referral = _weekday(today - relativedelta(months=months_ago) - timedelta(days=ctx.rng.randint(0, 20)))
        pre_birth = _weekday(child.date_of_birth - timedelta(days=ctx.rng.randint(0, PRE_BIRTH_DAYS)))
        if pre_birth > referral:
            if pre_birth > today - relativedelta(months=4):
                continue  # a baby born lately: too little time for a whole journey
            referral = pre_birth
        old = referral - relativedelta(months=ctx.rng.choice([10, 14, 30]))
        if kind == "cp_repeat" and old < child.date_of_birth - timedelta(days=PRE_BIRTH_DAYS):
            kind = "cp_open"  # too young for an earlier plan
        closed = kind in ("nfa", "early_help", "cin_closed", "s47_no_icpc")
        specs.append((child, kind, i, referral, closed))
        if kind == "cp_repeat":  # an earlier, closed episode with a plan, so this one is a repeat
            rows.episodes.append(EpisodeOfNeed(child=child, referral_date=old, referral_source="6", primary_need="N1",
                                               closure_date=old + relativedelta(months=8), closure_reason="RC7",
                                               recorded_by=worker_of[child.pk]))
        rows.episodes.append(EpisodeOfNeed(
            child=child, referral_date=referral, referral_source=ctx.pick(["2A", "3A", "6", "1B", "5D", "3B"]),
            primary_need="N1" if kind.startswith("cp") or kind == "s47_no_icpc" else ctx.pick(["N1", "N3", "N4", "N5"]),
            recorded_by=worker_of[child.pk]))
    EpisodeOfNeed.objects.bulk_create(rows.episodes)
    by_child: dict[int, list] = {}
    for e in rows.episodes:
        by_child.setdefault(e.child_id, []).append(e)
    for e in rows.episodes:
        rows.referrals.append(Referral(child_id=e.child_id, episode=e, referral_date=e.referral_date,
                                       source=e.referral_source, primary_need=e.primary_need, recorded_by=e.recorded_by))
    Referral.objects.bulk_create(rows.referrals)

    closures = []
    for n, (child, kind, i, referral, closed) in enumerate(specs):
        user = worker_of[child.pk]
        episodes = sorted(by_child[child.pk], key=lambda e: e.referral_date)
        episode = episodes[-1]
        late = ctx.rng.random() < 0.25
        due = get(ASSESSMENT).due(referral)
        start = add_working_days(referral, ctx.rng.randint(1, 5))
        authorised = add_working_days(due, ctx.rng.randint(1, 15)) if late else add_working_days(start, ctx.rng.randint(10, 40))
        authorised = min(authorised, today)
        factors = ["21"] if kind == "nfa" else sorted(set(ctx.rng.sample(FACTORS, ctx.rng.randint(1, 3))))
        outcome = {"nfa": "nfa", "early_help": "early_help", "cin_open": "cin_plan", "cin_closed": "cin_plan"}.get(
            kind, "strategy_discussion")
        rows.assessments.append(Assessment(
            child=child, episode=episode, start_date=start, due_on=due, child_seen_on=start, analysis=ctx.faker.paragraph(),
            factors=factors, outcome=outcome, authorised_on=authorised, recorded_by=user,
            delay_reason="Waiting for the paediatric report" if authorised > due else ""))
        rows.clocks.append(Clock(child=child, item=ASSESSMENT, started_on=referral, due_on=due, completed_on=authorised))
        if kind == "nfa" or kind == "early_help":
            closures.append((episode, authorised, "RC8" if kind == "nfa" else "RC9"))
            continue
        if kind in ("cin_open", "cin_closed"):
            cin_start = authorised
            end = None if kind == "cin_open" else min(today, cin_start + relativedelta(months=ctx.rng.randint(3, 9)))
            rows.cin_plans.append(CINPlan(child=child, episode=episode, start_date=cin_start, end_date=end, recorded_by=user))
            if end:
                closures.append((episode, end, CLOSED_REASONS[n % len(CLOSED_REASONS)]))
            else:
                _cin_clocks(rows, child, cin_start, today)
            continue
        held = _weekday(referral + timedelta(days=ctx.rng.randint(0, 7)))
        rows.discussions.append(StrategyDiscussion(child=child, episode=episode, held_on=held, agencies="Police, health",
                                                   s47_decided=True, reasons="Reasonable cause to suspect significant harm",
                                                   recorded_by=user))
        target = get(cp_ts.ICPC).due(held)
        no_icpc = kind == "s47_no_icpc"
        icpc = None if no_icpc else min(today, _weekday(add_working_days(held, ctx.rng.choice([8, 12, 15, 18, 22]))))
        rows.s47s.append((child, episode, held, target, no_icpc, icpc, user))
        rows.clocks.append(Clock(child=child, item=cp_ts.ICPC, started_on=held, due_on=target, completed_on=icpc,
                                 cancelled=no_icpc))
        if no_icpc:  # closed once the enquiry and the assessment are both done (CIN rule 8565)
            closures.append((episode, max(add_working_days(held, 20), authorised), "RC7"))
            continue
        category = CATEGORIES[n % len(CATEGORIES)]
        previous, last_end = (0, None)
        if kind == "cp_repeat":
            old = episodes[0]
            rows.cp_plans.append(CPPlan(child=child, episode=old, start_date=_weekday(old.referral_date + timedelta(days=20)),
                                        initial_category=category, latest_category=category,
                                        end_date=old.closure_date, end_reason="no_longer_at_risk", recorded_by=user))
            previous, last_end = 1, old.closure_date
        plan_end = None
        if kind == "cp_step_down":
            plan_end = min(today - timedelta(days=1), icpc + relativedelta(months=ctx.rng.randint(3, 12)))
        rows.cp_plans.append(CPPlan(child=child, episode=episode, start_date=icpc, initial_category=category,
                                    latest_category=category if ctx.rng.random() < 0.7 else ctx.pick(CATEGORIES),
                                    previous_plans=previous, last_plan_ended_on=last_end, end_date=plan_end,
                                    end_reason="no_longer_at_risk" if plan_end else "", recorded_by=user))
        if plan_end:
            rows.cin_plans.append(CINPlan(child=child, episode=episode, start_date=plan_end, recorded_by=user,
                                          minimum_until=plan_end + relativedelta(months=3)))
            _cin_clocks(rows, child, plan_end, today)
        else:
            for item in (cp_ts.REVIEW if icpc + relativedelta(months=3) < today else cp_ts.FIRST_REVIEW,
                         cp_ts.CORE_GROUP, cp_ts.CP_VISIT):
                started = today - timedelta(days=ctx.rng.randint(1, 50)) if item != cp_ts.FIRST_REVIEW else icpc
                rows.clocks.append(Clock(child=child, item=item, started_on=started, due_on=get(item).due(started)))

    Assessment.objects.bulk_create(rows.assessments)
    StrategyDiscussion.objects.bulk_create(rows.discussions)
    s47_rows = [Section47(child=c, episode=e, strategy_discussion=d, start_date=held, icpc_target=target,
                          icpc_not_required=no_icpc, outcome="not_substantiated" if no_icpc else "icpc",
                          concluded_on=add_working_days(held, 10) if no_icpc else None, recorded_by=u)
                for (c, e, held, target, no_icpc, icpc, u), d in zip(rows.s47s, rows.discussions, strict=True)]
    Section47.objects.bulk_create(s47_rows)
    CPPlan.objects.bulk_create(rows.cp_plans)
    first_plan = {}
    for plan in rows.cp_plans:
        first_plan.setdefault((plan.episode_id, plan.start_date), plan)
    for s47, (c, e, held, target, no_icpc, icpc, u) in zip(s47_rows, rows.s47s, strict=True):
        if icpc:
            plan = first_plan.get((e.pk, icpc))
            rows.conferences.append(Conference(child=c, episode=e, kind="initial", section47=s47, plan=plan, held_on=icpc,
                                               chair=ctx.faker.name(), agencies="Police, health, school",
                                               plan_decided=True, category=plan.initial_category if plan else "",
                                               recorded_by=u))
            if plan and plan.start_date + relativedelta(months=3) < today:
                review = _weekday(plan.start_date + relativedelta(months=3) - timedelta(days=7))
                rows.conferences.append(Conference(child=c, episode=e, kind="review", plan=plan, held_on=review,
                                                   chair=ctx.faker.name(), agencies="Police, school",
                                                   plan_decided=True, category=plan.latest_category, recorded_by=u))
    Conference.objects.bulk_create(rows.conferences)
    CINPlan.objects.bulk_create(rows.cin_plans)
    Clock.objects.bulk_create(rows.clocks)
    for episode, on, reason in closures:
        episode.closure_date, episode.closure_reason = min(on, today), reason
    EpisodeOfNeed.objects.bulk_update([e for e, _, _ in closures], ["closure_date", "closure_reason"])
    ctx.notes.append(f"Statutory journeys: {len(plans)} children, {len(rows.assessments)} assessments, "
                     f"{len(s47_rows)} s47 enquiries, {len(rows.cp_plans)} CP plans, {len(rows.cin_plans)} CIN plans, "
                     f"{len(closures)} closures")


def _cin_clocks(rows, child, start, today):
    for item in cin_ts.PLAN_CLOCKS:
        started = start if get(item).due(start) >= today - timedelta(days=90) else today - timedelta(days=20)
        rows.clocks.append(Clock(child=child, item=item, started_on=started, due_on=get(item).due(started)))
