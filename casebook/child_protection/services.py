"""Writes for strategy discussions, section 47 enquiries, conferences and CP plans.

Sources: Working Together to Safeguard Children 2023, chapter 2 (strategy discussion, s47,
initial conference within 15 working days, first review within 3 months then every 6 months,
first core group within 10 working days); the CIN census rules that shape a valid return
(2885 plan start = ICPC date, 8875 ICPC on a weekday, 2991Q every s47 has an assessment on
the same episode, 4001/4017 no CIN plan overlapping a CP plan).
Every function raises ValidationError naming the rule and leaves nothing saved half-way.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.accounts.models import Role
from casebook.assessments.models import Assessment
from casebook.child_protection import timescales as ts
from casebook.child_protection.codes import ConferenceKind, S47Outcome
from casebook.child_protection.models import Conference, CoreGroup, CPPlan, CPVisit, Section47, StrategyDiscussion
from casebook.clocks import services as clocks
from casebook.clocks import timescales
from casebook.core.concurrency import save_if_unchanged
from casebook.episodes.models import EpisodeOfNeed


def _open_episode(child) -> EpisodeOfNeed:
    episode = EpisodeOfNeed.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        raise ValidationError("Record a referral first: the child has no open episode of need")
    return episode


@transaction.atomic
def strategy_discussion_record(*, child, held_on: date, agencies: str, s47_decided: bool, reasons: str,
                               acting_user) -> StrategyDiscussion:
    """Record a strategy discussion on the open episode (Working Together 2023: held whenever there
    is reasonable cause to suspect significant harm)."""
    episode = _open_episode(child)
    if held_on < episode.referral_date:
        raise ValidationError({"held_on": "Date of the strategy discussion must be on or after the referral date "
                                          f"({episode.referral_date:%d/%m/%Y})"})
    discussion = StrategyDiscussion(child=child, episode=episode, held_on=held_on, agencies=agencies,
                                    s47_decided=s47_decided, reasons=reasons, recorded_by=acting_user)
    discussion.full_clean()
    discussion.save()
    return discussion


@transaction.atomic
def section47_start(*, strategy_discussion: StrategyDiscussion, start_date: date, acting_user) -> Section47:
    """Start the section 47 enquiry a strategy discussion decided on. The initial conference is due
    15 working days from that strategy discussion (Working Together 2023; CIN census InitialCPCtarget)."""
    if not strategy_discussion.s47_decided:
        raise ValidationError("This strategy discussion decided not to start a section 47 enquiry")
    if Section47.objects.filter(strategy_discussion=strategy_discussion).exists():
        raise ValidationError("A section 47 enquiry has already been started from this strategy discussion")
    if start_date < strategy_discussion.held_on:
        raise ValidationError({"start_date": "Start date must be on or after the strategy discussion "
                                             f"({strategy_discussion.held_on:%d/%m/%Y})"})
    episode = strategy_discussion.episode
    if not episode.is_open:
        raise ValidationError("The episode of need has closed: record a new referral first")
    # CIN census 2991Q: every section 47 needs an assessment on the same episode.
    if not Assessment.objects.filter(episode=episode).exists():
        raise ValidationError("Start a child and family assessment on this episode before the section 47 enquiry "
                              "(every section 47 enquiry needs an assessment in the same episode)")
    s47 = Section47(child=strategy_discussion.child, episode=episode, strategy_discussion=strategy_discussion,
                    start_date=start_date, icpc_target=timescales.get(ts.ICPC).due(strategy_discussion.held_on),
                    recorded_by=acting_user)
    s47.full_clean()
    s47.save()
    clocks.clock_start(child=s47.child, item=ts.ICPC, started=strategy_discussion.held_on, source=s47)
    return s47


@transaction.atomic
def section47_conclude(*, section47: Section47, read_version: int, concluded_on: date, findings: str, outcome: str,
                       acting_user) -> Section47:
    """Record the enquiry's findings and outcome. When no conference is needed the ICPC clock is
    cancelled and ICPCnotRequired is set (CIN census Section47)."""
    if concluded_on < section47.start_date:
        raise ValidationError({"concluded_on": "Date concluded must be on or after the start of the enquiry "
                                               f"({section47.start_date:%d/%m/%Y})"})
    if section47.conferences.exists() and outcome != S47Outcome.ICPC:
        raise ValidationError({"outcome": "An initial conference has been held, so the outcome must be that a "
                                          "conference was needed"})
    section47.concluded_on, section47.findings, section47.outcome = concluded_on, findings, outcome
    section47.icpc_not_required = outcome != S47Outcome.ICPC
    section47._history_user = acting_user
    section47.full_clean()
    save_if_unchanged(section47, read_version=read_version,
                      fields=["concluded_on", "findings", "outcome", "icpc_not_required"])
    if section47.icpc_not_required:
        clocks.clock_cancel(child=section47.child, item=ts.ICPC, source=section47, on=concluded_on)
    return section47


def previous_plans(child, before: date) -> tuple[int, date | None]:
    """NumberOfPreviousCPP: the child's plans that started before `before`, and the latest end."""
    earlier = list(CPPlan.objects.filter(child=child, start_date__lt=before).values_list("end_date", flat=True))
    ends = [d for d in earlier if d is not None]
    return len(earlier), max(ends) if ends else None


def _chair_errors(chaired_by) -> dict[str, str]:
    # Chairing gives sight of the child's record (child_protection.rules), so only the IRO role may.
    if chaired_by is not None and (chaired_by.role != Role.IRO or not chaired_by.is_active):
        return {"chaired_by": "Select a child protection chair from the list"}
    return {}


@transaction.atomic
def initial_conference_record(*, section47: Section47, kind: str, held_on: date, chair: str, agencies: str,
                              plan_decided: bool, category: str, acting_user, chaired_by=None) -> Conference:
    """Record the initial (or pre-birth) conference a section 47 enquiry led to. A decision for a plan
    starts the CP plan on the conference date (CIN census 2885), stepping up from any open CIN plan,
    and starts the review, core group and visit clocks."""
    child = section47.child
    discussion = section47.strategy_discussion
    errors = {}
    if kind not in (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH):
        errors["kind"] = "Select the type of conference"
    elif kind == ConferenceKind.PRE_BIRTH and child.date_of_birth is not None:
        errors["kind"] = "A pre-birth conference is only for an unborn child: this child has a date of birth"
    if held_on < discussion.held_on:
        errors["held_on"] = ("Date of the conference must be on or after the strategy discussion "
                             f"({discussion.held_on:%d/%m/%Y})")
    elif held_on.weekday() >= 5:
        errors["held_on"] = "Date of the conference must be a weekday (CIN census rule 8875)"
    if plan_decided and not category:
        errors["category"] = "Select the category of abuse: a child protection plan needs one"
    errors.update(_chair_errors(chaired_by))
    if section47.conferences.exists():
        errors["__all__"] = "An initial conference has already been recorded for this section 47 enquiry"
    if section47.icpc_not_required:
        errors["__all__"] = "This section 47 enquiry concluded that no initial conference was needed"
    if not section47.episode.is_open:
        errors["__all__"] = "The episode of need has closed"
    if errors:
        raise ValidationError(errors)
    conference = Conference(child=child, episode=section47.episode, kind=kind, section47=section47, held_on=held_on,
                            chair=chair, chaired_by=chaired_by, agencies=agencies, plan_decided=plan_decided,
                            category=category if plan_decided else "", recorded_by=acting_user)
    conference.full_clean()
    conference.save()
    clocks.clock_complete(child=child, item=ts.ICPC, completed=held_on, source=section47)
    if not section47.outcome:
        section47.outcome = S47Outcome.ICPC
        section47._history_user = acting_user
        section47.save(update_fields=["outcome", "updated_at"])
    if plan_decided:
        conference.plan = _plan_start(child=child, episode=section47.episode, start_date=held_on, category=category,
                                      acting_user=acting_user)
        conference.save(update_fields=["plan", "updated_at"])
    return conference


def _plan_start(*, child, episode, start_date: date, category: str, acting_user) -> CPPlan:
    from casebook.children_in_need.services import cin_plan_end_for_step_up

    if CPPlan.objects.filter(child=child, end_date__isnull=True).exists():
        raise ValidationError("The child already has an open child protection plan")
    if CPPlan.objects.filter(child=child, end_date__gt=start_date).exists():
        raise ValidationError({"held_on": "Date of the conference must be after the end of the child's previous "
                                          "child protection plan"})
    count, last_end = previous_plans(child, start_date)
    # Step-up: a CIN plan may end on the day the CP plan starts, never overlap it (CIN census 4001, 4017).
    cin_plan_end_for_step_up(child=child, end_date=start_date, acting_user=acting_user)
    plan = CPPlan(child=child, episode=episode, start_date=start_date, initial_category=category,
                  latest_category=category, previous_plans=count, last_plan_ended_on=last_end,
                  recorded_by=acting_user)
    plan.full_clean()
    plan.save()
    for item in (ts.FIRST_REVIEW, ts.CORE_GROUP_FIRST, ts.CP_VISIT):
        clocks.clock_start(child=child, item=item, started=start_date, source=plan)
    return plan


def _check_within_plan(plan: CPPlan, on: date, field: str, noun: str) -> None:
    if on < plan.start_date:
        raise ValidationError({field: f"{noun} must be on or after the start of the plan ({plan.start_date:%d/%m/%Y})"})
    if plan.end_date and on > plan.end_date:
        raise ValidationError({field: f"{noun} must be on or before the end of the plan ({plan.end_date:%d/%m/%Y})"})


@transaction.atomic
def review_conference_record(*, plan: CPPlan, held_on: date, chair: str, agencies: str, plan_continues: bool,
                             category: str, end_reason: str = "", step_down_to_cin: bool = False,
                             acting_user, chaired_by=None) -> Conference:
    """Record a review conference (Working Together 2023: first within 3 months of the initial
    conference, then no more than 6 months apart). It updates the latest category of abuse, and
    either restarts the 6-month review clock or ends the plan (optionally stepping down to CIN)."""
    if not plan.is_open:
        raise ValidationError({"held_on": f"The plan ended on {plan.end_date:%d/%m/%Y}: a review conference cannot "
                                          "be after the plan ended"})
    _check_within_plan(plan, held_on, "held_on", "Date of the review conference")
    last = plan.conferences.order_by("-held_on").first()
    if last and held_on <= last.held_on:
        raise ValidationError({"held_on": "Date of the review conference must be after the previous conference "
                                          f"({last.held_on:%d/%m/%Y})"})
    if held_on.weekday() >= 5:
        raise ValidationError({"held_on": "Date of the review conference must be a weekday"})
    if not category:
        raise ValidationError({"category": "Select the latest category of abuse"})
    if not plan_continues and not end_reason:
        raise ValidationError({"end_reason": "Select why the plan is ending"})
    if chair_errors := _chair_errors(chaired_by):
        raise ValidationError(chair_errors)
    conference = Conference(child=plan.child, episode=plan.episode, kind=ConferenceKind.REVIEW, plan=plan,
                            held_on=held_on, chair=chair, chaired_by=chaired_by, agencies=agencies,
                            plan_decided=plan_continues,
                            category=category, recorded_by=acting_user)
    conference.full_clean()
    conference.save()
    for item in (ts.FIRST_REVIEW, ts.REVIEW):
        clocks.clock_complete(child=plan.child, item=item, completed=held_on)
    if plan.latest_category != category:
        plan.latest_category = category
        plan._history_user = acting_user
        plan.save(update_fields=["latest_category", "updated_at"])
    if plan_continues:
        clocks.clock_start(child=plan.child, item=ts.REVIEW, started=held_on, source=conference)
    else:
        cp_plan_end(plan=plan, end_date=held_on, end_reason=end_reason, step_down_to_cin=step_down_to_cin,
                    acting_user=acting_user)
    return conference


@transaction.atomic
def cp_plan_end(*, plan: CPPlan, end_date: date, end_reason: str, step_down_to_cin: bool, acting_user) -> CPPlan:
    """End a CP plan. Its review, core group and visit clocks stop. Stepping down starts a CIN plan on
    the same day (CIN census 4017 allows that) with the local minimum period of support."""
    if not plan.is_open:
        raise ValidationError("This plan has already ended")
    if end_date < plan.start_date:
        raise ValidationError({"end_date": f"End date must be on or after the plan started ({plan.start_date:%d/%m/%Y})"})
    last = plan.conferences.order_by("-held_on").first()
    if last and end_date < last.held_on:
        raise ValidationError({"end_date": f"End date must be on or after the last conference ({last.held_on:%d/%m/%Y})"})
    if not end_reason:
        raise ValidationError({"end_reason": "Select why the plan is ending"})
    plan.end_date, plan.end_reason = end_date, end_reason
    plan._history_user = acting_user
    plan.full_clean()
    plan.save(update_fields=["end_date", "end_reason", "updated_at"])
    for item in ts.PLAN_CLOCKS:
        clocks.clock_cancel(child=plan.child, item=item, on=end_date)
    if step_down_to_cin:
        from casebook.children_in_need.services import cin_plan_start

        cin_plan_start(child=plan.child, start_date=end_date, stepped_down_from=plan, acting_user=acting_user)
    return plan


@transaction.atomic
def core_group_record(*, plan: CPPlan, held_on: date, acting_user) -> CoreGroup:
    """Record a core group meeting: the first is due within 10 working days of the initial conference
    (Working Together 2023), then at the local interval (setting CORE_GROUP_INTERVAL_WEEKS)."""
    _check_within_plan(plan, held_on, "held_on", "Date of the core group meeting")
    meeting = CoreGroup(plan=plan, held_on=held_on, recorded_by=acting_user)
    meeting.full_clean()
    meeting.save()
    for item in (ts.CORE_GROUP_FIRST, ts.CORE_GROUP):
        clocks.clock_complete(child=plan.child, item=item, completed=held_on)
    if plan.is_open:
        clocks.clock_start(child=plan.child, item=ts.CORE_GROUP, started=held_on, source=meeting)
    return meeting


@transaction.atomic
def cp_visit_record(*, plan: CPPlan, visited_on: date, seen: bool, seen_alone: bool, bedroom_seen: bool,
                    acting_user) -> CPVisit:
    """Record a child protection visit (local standard: seen at least every 10 working days). Only a
    visit where the child was seen stops the clock. Called through visits.services.visit_record, which
    keeps the one record of the visit (the chronology and visit pages read that, not this row)."""
    _check_within_plan(plan, visited_on, "visited_on", "Date of the visit")
    if seen_alone and not seen:
        raise ValidationError({"seen": "Select 'Child seen' if the child was seen alone"})
    visit = CPVisit(plan=plan, visited_on=visited_on, seen=seen, seen_alone=seen_alone, bedroom_seen=bedroom_seen,
                    recorded_by=acting_user)
    visit.full_clean()
    visit.save()
    if seen:
        clocks.clock_complete(child=plan.child, item=ts.CP_VISIT, completed=visited_on)
        if plan.is_open:
            clocks.clock_start(child=plan.child, item=ts.CP_VISIT, started=visited_on, source=visit)
    return visit
