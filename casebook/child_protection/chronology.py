"""Child protection records on the child's chronology, with managers' corrections of a conference's
decision on the day they were made. Visits are the visits app's entries: every
CP visit has a visits.Visit, so listing CPVisit here too would show each visit twice."""

from django.urls import reverse

from casebook.child_protection import selectors
from casebook.child_protection.models import (
    Conference,
    CoreGroup,
    CPPlan,
    Section47,
    StrategyDiscussion,
)
from casebook.core import chronology
from casebook.core.templatetags.govuk import ukdate


def _by(record) -> str:
    return record.recorded_by.full_name if record.recorded_by else ""


def _url(child) -> str:
    return reverse("child_protection:overview", args=[child.casebook_id])


def strategy_entries(child):
    for d in StrategyDiscussion.objects.filter(child=child).select_related("recorded_by"):
        decision = "section 47 enquiry to start" if d.s47_decided else "no section 47 enquiry"
        yield chronology.Entry(when=d.held_on, kind="strategy-discussion", title=f"Strategy discussion: {decision}",
                               detail=d.agencies, by=_by(d), url=_url(child))


def section47_entries(child):
    for s in Section47.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=s.start_date, kind="section-47", title="Section 47 enquiry started",
                               detail=f"Initial conference due {ukdate(s.icpc_target)}", by=_by(s), url=_url(child))
        if s.concluded_on:
            yield chronology.Entry(when=s.concluded_on, kind="section-47",
                                   title=f"Section 47 enquiry concluded: {s.get_outcome_display()}", by=_by(s),
                                   url=_url(child))


def conference_entries(child):
    for c in Conference.objects.filter(child=child).select_related("recorded_by"):
        outcome = "plan continues" if c.kind == "review" and c.plan_decided else (
            "plan ends" if c.kind == "review" else ("plan needed" if c.plan_decided else "no plan"))
        category = f" ({c.get_category_display()})" if c.category else ""
        yield chronology.Entry(when=c.held_on, kind="cp-conference", title=f"{c.get_kind_display()}: {outcome}{category}",
                               detail=f"Chair: {c.chair}", by=_by(c), url=_url(child))


def plan_entries(child):
    for p in CPPlan.objects.filter(child=child).select_related("recorded_by"):
        yield chronology.Entry(when=p.start_date, kind="cp-plan",
                               title=f"Child protection plan started ({p.get_initial_category_display()})",
                               detail=f"Previous plans: {p.previous_plans}", by=_by(p), url=_url(child))
        if p.end_date:
            yield chronology.Entry(when=p.end_date, kind="cp-plan", title="Child protection plan ended",
                                   detail=p.get_end_reason_display(), by=_by(p), url=_url(child))


def decision_correction_entries(child):
    for c in selectors.decision_corrections(child):
        yield chronology.Entry(when=c.corrected_at, kind="cp-decision-correction",
                               title=f"Decision corrected: {c.conference}",
                               detail=f"From {c.before} to {c.after}. Reason: {c.reason}",
                               by=c.corrected_by.full_name, url=_url(child))


def core_group_entries(child):
    for m in CoreGroup.objects.filter(plan__child=child).select_related("recorded_by"):
        yield chronology.Entry(when=m.held_on, kind="core-group", title="Core group meeting", by=_by(m), url=_url(child))


chronology.register("strategy-discussion", "Strategy discussions", strategy_entries)
chronology.register("section-47", "Section 47 enquiries", section47_entries)
chronology.register("cp-conference", "Child protection conferences", conference_entries)
chronology.register("cp-plan", "Child protection plans", plan_entries)
chronology.register("core-group", "Core groups", core_group_entries)
chronology.register("cp-decision-correction", "Child protection decision corrections",
                    decision_correction_entries)
