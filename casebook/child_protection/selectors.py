"""Reads for child protection. Child pages receive a child already checked by access_audit;
lists are scoped with access_audit.rules.visibility_q. Query counts do not grow with the data."""

from datetime import date, timedelta
from operator import itemgetter

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from casebook.access_audit.rules import children_visible_to
from casebook.assessments.models import Assessment
from casebook.child_protection import drift
from casebook.child_protection.models import Conference, CPPlan, DecisionCorrection, Section47, StrategyDiscussion
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
    # Each conference shown carries its decision corrections, read in one query for the child.
    corrections = decision_corrections_by_conference(child)
    shown = [c for d in discussions if hasattr(d, "section47") for c in d.section47.conferences.all()]
    shown += [c for p in plans for c in p.conferences.all()]
    for conference in shown:
        conference.corrections = corrections.get(conference.pk, [])
    return {"discussions": discussions, "section47s": s47s, "plans": plans,
            "open_plan": next((p for p in plans if p.is_open), None)}


def decision_corrections(child) -> list[DecisionCorrection]:
    """Every correction of a decision of the child's conferences, oldest first, with the conference
    and the manager who made it (one query)."""
    return list(DecisionCorrection.objects.filter(conference__child=child)
                .select_related("conference", "corrected_by"))


def decision_corrections_by_conference(child) -> dict[int, list[DecisionCorrection]]:
    """`decision_corrections`, grouped by conference id."""
    grouped: dict[int, list[DecisionCorrection]] = {}
    for correction in decision_corrections(child):
        grouped.setdefault(correction.conference_id, []).append(correction)
    return grouped


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

    Rows are sorted most urgent first and carry the child's id and Casebook ID but not their name,
    team or worker: a large council has thousands of flagged plans and the page shows a hundred,
    so panel_rows_with_children adds those for the rows shown. Rows are plain values (no model
    instances) and each start date's threshold and months open are worked out once."""
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

    # Only a neglect plan (the episode's primary need N1) whose category is unchanged can be
    # flagged for neglect, and only once reviewed and with the neglect factor at assessment: those
    # plans' review conferences are counted in a query of their own (counting through a join over
    # every open plan cost more than the rest), and only their episodes' assessments are read. The
    # text match on the factors only narrows the rows; drift.is_neglect_without_change decides.
    mentions_neglect = Exists(Assessment.objects.filter(episode=OuterRef("plan__episode"),
                                                        factors__icontains=drift.NEGLECT_FACTOR))
    reviewed = {plan: (episode, n) for plan, episode, n in (
        Conference.objects.filter(mentions_neglect, kind="review", plan__end_date__isnull=True,
                                  plan__episode__primary_need="N1", plan__latest_category=F("plan__initial_category"))
        .order_by().values("plan", "plan__episode").annotate(n=Count("id")).values_list("plan", "plan__episode", "n"))}

    # The visibility rules are asked of each open plan's child as it is read (a correlated EXISTS
    # on the child's row), not of every child of the council. Only plans that may show a signal
    # are read: repeat plans, the neglect candidates above, and plans that may be past the lowest
    # threshold (with a few days' margin: drift.long_plan_threshold decides, below).
    may_see = Exists(visible.filter(pk=OuterRef("child_id")))
    may_drift = (Q(previous_plans__gt=0) | Q(pk__in=list(reviewed))
                 | Q(start_date__lte=_months_before(today, low) + timedelta(days=3)))
    cp_plans = (CPPlan.objects.filter(may_see, may_drift, end_date__isnull=True).order_by()
                .values_list("pk", "child_id", "child__casebook_id", "start_date", "initial_category",
                             "latest_category", "previous_plans", "last_plan_ended_on"))
    factors: dict[int, list[str]] = {}
    for episode_id, episode_factors in (Assessment.objects.filter(episode_id__in={e for e, _ in reviewed.values()})
                                        .values_list("episode_id", "factors")):
        factors.setdefault(episode_id, []).extend(episode_factors or [])
    categories = dict(CPPlan._meta.get_field("latest_category").flatchoices)
    rows = []
    for pk, child_id, casebook_id, start, initial, latest, previous, last_ended in cp_plans:
        reasons = []
        if drift.is_repeat_plan(previous_plans=previous):
            within = drift.is_repeat_within_two_years(start=start, last_plan_ended_on=last_ended)
            reasons.append(f"Plan number {previous + 1}" + (", within 2 years of the last" if within else ""))
        band = band_for(start)
        if band:
            reasons.append(f"Open more than {band} months")
        if pk in reviewed:
            episode_id, reviews = reviewed[pk]
            if drift.is_neglect_without_change(primary_need="N1", factors=factors.get(episode_id, []),
                                               initial_category=initial, latest_category=latest, reviews=reviews):
                reasons.append("Neglect: category unchanged after review")
        if reasons:
            rows.append({"child_id": child_id, "casebook_id": casebook_id, "kind": "Child protection plan",
                         "start": start, "months": months_open(start), "reasons": reasons,
                         "category": categories.get(latest, "")})
    cin_plans = (CINPlan.objects.filter(may_see, end_date__isnull=True, start_date__lte=_months_before(today, low))
                 .order_by().values_list("child_id", "child__casebook_id", "start_date"))
    for child_id, casebook_id, start in cin_plans:
        band = band_for(start)
        if band:
            rows.append({"child_id": child_id, "casebook_id": casebook_id, "kind": "Child in need plan",
                         "start": start, "months": months_open(start), "reasons": [f"Open more than {band} months"],
                         "category": ""})
    # Most reasons, then longest open, then Casebook ID: three stable sorts, least significant
    # first, give the order one sort by a (reasons, months, ID) key would, without building a key
    # tuple for each of thousands of rows (less work for the garbage collector).
    rows.sort(key=itemgetter("casebook_id"))
    rows.sort(key=itemgetter("months"), reverse=True)
    rows.sort(key=lambda r: len(r["reasons"]), reverse=True)
    return rows


def panel_rows_with_children(rows: list[dict], *, user) -> list[dict]:
    """`rows` from plans_needing_panel_review (the page of them shown) with each child's name (as
    Child.display_name gives it), team and worker added: one query for those children."""
    if not rows:
        return rows
    children = {pk: (known_as or first_names.split(" ")[0], last_name, team, f"{first or ''} {last or ''}".strip())
                for pk, first_names, known_as, last_name, team, first, last in (
                    children_visible_to(user).filter(pk__in={r["child_id"] for r in rows}).order_by()
                    .values_list("pk", "first_names", "known_as", "last_name", "allocated_team__name",
                                 "allocated_worker__first_name", "allocated_worker__last_name"))}
    for row in rows:
        first, last, team, worker = children.get(row["child_id"], ("", "", "", ""))
        row.update(name=f"{first} {last}", team=team or "", worker=worker)
    return rows


def _months_before(today: date, months: int) -> date:
    from dateutil.relativedelta import relativedelta

    return today - relativedelta(months=months)
