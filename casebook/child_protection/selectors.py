"""Reads for child protection. Child pages receive a child already checked by access_audit;
lists are scoped with access_audit.rules.visibility_q. Query counts do not grow with the data."""

from datetime import date

from django.db.models import Count, F, Prefetch

from casebook.access_audit.rules import children_visible_to
from casebook.assessments.models import Assessment
from casebook.child_protection import drift
from casebook.child_protection.models import Conference, CPPlan, Section47, StrategyDiscussion
from casebook.children_in_need.models import CINPlan


def overview_for_child(child) -> dict:
    """Strategy discussions, s47 enquiries and CP plans with their conferences, core groups and
    visits, newest first (a fixed number of queries)."""
    discussions = list(StrategyDiscussion.objects.filter(child=child).select_related("recorded_by", "section47")
                       .prefetch_related("section47__conferences"))
    s47s = list(Section47.objects.filter(child=child).select_related("recorded_by", "strategy_discussion")
                .prefetch_related("conferences"))
    plans = list(CPPlan.objects.filter(child=child).select_related("recorded_by").prefetch_related(
        Prefetch("conferences", queryset=Conference.objects.select_related("recorded_by").order_by("held_on")),
        "core_groups", "visits"))
    return {"discussions": discussions, "section47s": s47s, "plans": plans,
            "open_plan": next((p for p in plans if p.is_open), None)}


def plan_for_child(child, pk: int) -> CPPlan | None:
    return CPPlan.objects.filter(child=child, pk=pk).select_related("episode", "recorded_by").first()


def section47_for_child(child, pk: int) -> Section47 | None:
    return Section47.objects.filter(child=child, pk=pk).select_related("strategy_discussion", "episode",
                                                                        "recorded_by").first()


def discussion_for_child(child, pk: int) -> StrategyDiscussion | None:
    return StrategyDiscussion.objects.filter(child=child, pk=pk).select_related("episode", "recorded_by").first()


def conference_for_child(child, pk: int) -> Conference | None:
    return (Conference.objects.filter(child=child, pk=pk)
            .select_related("section47__strategy_discussion", "plan", "chaired_by", "recorded_by").first())


def plans_needing_panel_review(*, user, today: date) -> list[dict]:
    """Open CP and CIN plans showing a drift signal (drift.py), for the heads of service panel:
    repeat CP plans (and within 2 years of the last), plans past the long-plan thresholds, and
    neglect plans reviewed without a change in category. Four queries whatever the data.

    A large council has thousands of open plans, so rows are plain values (no model instances)
    and each start date's threshold and months open are worked out once."""
    visible = children_visible_to(user)
    low = drift.thresholds()[0]
    bands: dict[date, int | None] = {}
    months: dict[date, int] = {}

    def band_for(start: date) -> int | None:
        if start not in bands:
            bands[start] = drift.long_plan_threshold(start=start, today=today)
        return bands[start]

    def months_open(start: date) -> int:
        if start not in months:
            months[start] = drift.months_open(start, today)
        return months[start]

    # The visibility rules run only over the children with an open plan, not every child of the council.
    open_cp = CPPlan.objects.filter(end_date__isnull=True)
    cp_plans = list(open_cp.filter(child__in=visible.filter(pk__in=open_cp.values("child")).values("pk")).order_by()
                    .values("pk", "episode_id", "start_date", "initial_category", "latest_category", "previous_plans",
                            "last_plan_ended_on", "episode__primary_need", *_CHILD_VALUES))
    # Only a neglect plan whose category is unchanged needs its review conferences counted (a
    # query of its own: counting through a join over every open plan cost more than the rest),
    # and only those reviewed at least once need their assessments' factors.
    reviews = dict(Conference.objects.filter(kind="review", plan__end_date__isnull=True, plan__episode__primary_need="N1",
                                             plan__latest_category=F("plan__initial_category"))
                   .order_by().values("plan").annotate(n=Count("id")).values_list("plan", "n"))
    for plan in cp_plans:
        plan["reviews"] = reviews.get(plan["pk"], 0)
    neglect_candidates = {p["episode_id"] for p in cp_plans if p["reviews"] >= 1
                          and p["episode__primary_need"] == "N1" and p["latest_category"] == p["initial_category"]}
    factors: dict[int, list[str]] = {}
    for episode_id, episode_factors in (Assessment.objects.filter(episode_id__in=neglect_candidates)
                                        .values_list("episode_id", "factors")):
        factors.setdefault(episode_id, []).extend(episode_factors or [])
    categories = dict(CPPlan._meta.get_field("latest_category").flatchoices)
    rows = []
    for plan in cp_plans:
        reasons = []
        if drift.is_repeat_plan(previous_plans=plan["previous_plans"]):
            within = drift.is_repeat_within_two_years(start=plan["start_date"],
                                                      last_plan_ended_on=plan["last_plan_ended_on"])
            reasons.append(f"Plan number {plan['previous_plans'] + 1}" + (", within 2 years of the last" if within else ""))
        band = band_for(plan["start_date"])
        if band:
            reasons.append(f"Open more than {band} months")
        if drift.is_neglect_without_change(primary_need=plan["episode__primary_need"],
                                           factors=factors.get(plan["episode_id"], []),
                                           initial_category=plan["initial_category"],
                                           latest_category=plan["latest_category"], reviews=plan["reviews"]):
            reasons.append("Neglect: category unchanged after review")
        if reasons:
            rows.append(_panel_row(plan, kind="Child protection plan", months=months_open(plan["start_date"]),
                                   reasons=reasons, category=categories.get(plan["latest_category"], "")))
    long_cin = CINPlan.objects.filter(end_date__isnull=True, start_date__lte=_months_before(today, low))
    cin_plans = (long_cin.filter(child__in=visible.filter(pk__in=long_cin.values("child")).values("pk"))
                 .order_by().values("start_date", *_CHILD_VALUES))
    for plan in cin_plans:
        band = band_for(plan["start_date"])
        if band:
            rows.append(_panel_row(plan, kind="Child in need plan", months=months_open(plan["start_date"]),
                                   reasons=[f"Open more than {band} months"], category=""))
    rows.sort(key=lambda r: (-len(r["reasons"]), -r["months"], r["casebook_id"]))
    return rows


_CHILD_VALUES = ("child__casebook_id", "child__first_names", "child__known_as", "child__last_name",
                 "child__allocated_team__name", "child__allocated_worker__first_name",
                 "child__allocated_worker__last_name")


def _panel_row(plan: dict, *, kind: str, months: int, reasons: list[str], category: str) -> dict:
    worker = f"{plan['child__allocated_worker__first_name'] or ''} {plan['child__allocated_worker__last_name'] or ''}"
    # The child's name as Child.display_name gives it, from the same row (no query per plan).
    first = plan["child__known_as"] or plan["child__first_names"].split(" ")[0]
    return {"casebook_id": plan["child__casebook_id"], "name": f"{first} {plan['child__last_name']}",
            "team": plan["child__allocated_team__name"] or "", "worker": worker.strip(), "kind": kind,
            "start": plan["start_date"], "months": months, "reasons": reasons, "category": category}


def _months_before(today: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return today - relativedelta(months=months)
