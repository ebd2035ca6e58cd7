"""Writes for strategy discussions, section 47 enquiries, conferences and CP plans.

Sources: Working Together to Safeguard Children 2023, chapter 2 (strategy discussion, s47,
initial conference within 15 working days, first review within 3 months then every 6 months,
first core group within 10 working days); the CIN census rules that shape a valid return
(2885 plan start = ICPC date, 8875 ICPC on a weekday, 2991Q every s47 has an assessment on
the same episode, 4001/4017 no CIN plan overlapping a CP plan).
Every function raises ValidationError naming the rule and leaves nothing saved half-way.
"""

from copy import copy
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import Truncator

from casebook.accounts.models import Role
from casebook.assessments.models import Assessment
from casebook.child_protection import timescales as ts
from casebook.child_protection.codes import ConferenceKind, S47Outcome
from casebook.child_protection.models import (
    Conference,
    CoreGroup,
    CPPlan,
    CPVisit,
    DecisionCorrection,
    Section47,
    StrategyDiscussion,
)
from casebook.children_in_need.models import CINPlan
from casebook.clocks import services as clocks
from casebook.clocks import timescales
from casebook.core.concurrency import save_if_unchanged
from casebook.episodes.models import EpisodeOfNeed
from casebook.front_door.timescales import STRATEGY_DISCUSSION
from casebook.core.templatetags.govuk import ukdate


def _open_episode(child) -> EpisodeOfNeed:
    episode = EpisodeOfNeed.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        raise ValidationError("Record a referral first: the child has no open episode of need")
    return episode


def _discussion_errors(*, episode: EpisodeOfNeed, held_on: date) -> dict[str, str]:
    if held_on < episode.referral_date:
        return {"held_on": "Date of the strategy discussion must be on or after the referral date "
                           f"({ukdate(episode.referral_date)})"}
    return {}


@transaction.atomic
def strategy_discussion_record(*, child, held_on: date, agencies: str, s47_decided: bool, reasons: str,
                               acting_user) -> StrategyDiscussion:
    """Record a strategy discussion on the open episode (Working Together 2023: held whenever there
    is reasonable cause to suspect significant harm)."""
    episode = _open_episode(child)
    if errors := _discussion_errors(episode=episode, held_on=held_on):
        raise ValidationError(errors)
    discussion = StrategyDiscussion(child=child, episode=episode, held_on=held_on, agencies=agencies,
                                    s47_decided=s47_decided, reasons=reasons, recorded_by=acting_user)
    discussion.full_clean()
    discussion.save()
    # Front door: the strategy discussion a signed-off child protection decision asked for is held.
    clocks.clock_complete(child=child, item=STRATEGY_DISCUSSION.item, completed=held_on)
    return discussion


@transaction.atomic
def strategy_discussion_update(*, discussion: StrategyDiscussion, read_version: int, held_on: date, agencies: str,
                               s47_decided: bool, reasons: str, acting_user) -> StrategyDiscussion:
    """Correct a strategy discussion. The same rules as recording one, and the enquiry it started
    stays consistent: the discussion must still have decided on it and come no later than its start.
    A new date moves the enquiry's initial conference target and its ICPC clock (15 working days
    from this discussion). Raises ConcurrentEditError if someone saved it after `read_version`."""
    errors = _discussion_errors(episode=discussion.episode, held_on=held_on)
    s47 = Section47.objects.filter(strategy_discussion=discussion).first()
    if s47 is not None:
        if not s47_decided:
            errors["s47_decided"] = ("A section 47 enquiry was started from this strategy discussion, so it must "
                                     "have decided to start one")
        if held_on > s47.start_date and "held_on" not in errors:
            errors["held_on"] = ("Date of the strategy discussion must be on or before the start of the section 47 "
                                 f"enquiry ({ukdate(s47.start_date)})")
    if errors:
        raise ValidationError(errors)
    moved = held_on != discussion.held_on
    discussion.held_on, discussion.agencies, discussion.s47_decided, discussion.reasons = (
        held_on, agencies, s47_decided, reasons)
    discussion._history_user = acting_user
    discussion.full_clean()
    save_if_unchanged(discussion, read_version=read_version, fields=["held_on", "agencies", "s47_decided", "reasons"])
    if moved and s47 is not None:
        s47.icpc_target = timescales.get(ts.ICPC).due(held_on)
        s47._history_user = acting_user
        s47.save(update_fields=["icpc_target", "updated_at"])
        clocks.clock_correct(child=s47.child, item=ts.ICPC, source=s47, started=held_on)
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
                                             f"({ukdate(strategy_discussion.held_on)})"})
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
                                               f"({ukdate(section47.start_date)})"})
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


def previous_plans(child, before: date, *, excluding: CPPlan | None = None) -> tuple[int, date | None]:
    """NumberOfPreviousCPP: the child's plans that started before `before`, and the latest end."""
    qs = CPPlan.objects.filter(child=child, start_date__lt=before)
    if excluding is not None:
        qs = qs.exclude(pk=excluding.pk)
    earlier = list(qs.values_list("end_date", flat=True))
    ends = [d for d in earlier if d is not None]
    return len(earlier), max(ends) if ends else None


def _chair_errors(chaired_by) -> dict[str, str]:
    # Chairing gives sight of the child's record (child_protection.rules), so only the IRO role may.
    if chaired_by is not None and (chaired_by.role != Role.IRO or not chaired_by.is_active):
        return {"chaired_by": "Select a child protection chair from the list"}
    return {}


def _conference_errors(*, child, discussion: StrategyDiscussion, kind: str, held_on: date, plan_decided: bool,
                      category: str, chaired_by) -> dict[str, str]:
    """The rules an initial (or pre-birth) conference meets, whether recorded or corrected."""
    errors = {}
    if kind not in (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH):
        errors["kind"] = "Select the type of conference"
    elif kind == ConferenceKind.PRE_BIRTH and child.date_of_birth is not None and held_on >= child.date_of_birth:
        errors["kind"] = ("A pre-birth conference is only for an unborn child: this child was born on "
                          f"{ukdate(child.date_of_birth)}")
    if held_on < discussion.held_on:
        errors["held_on"] = ("Date of the conference must be on or after the strategy discussion "
                             f"({ukdate(discussion.held_on)})")
    elif held_on.weekday() >= 5:
        errors["held_on"] = "Date of the conference must be a weekday (Monday to Friday)"
    if plan_decided and not category:
        errors["category"] = "Select the category of abuse: a child protection plan needs one"
    errors.update(_chair_errors(chaired_by))
    return errors


@transaction.atomic
def initial_conference_record(*, section47: Section47, kind: str, held_on: date, chair: str, agencies: str,
                              plan_decided: bool, category: str, acting_user, chaired_by=None) -> Conference:
    """Record the initial (or pre-birth) conference a section 47 enquiry led to. A decision for a plan
    starts the CP plan on the conference date (CIN census 2885), stepping up from any open CIN plan,
    and starts the review, core group and visit clocks."""
    child = section47.child
    errors = _conference_errors(child=child, discussion=section47.strategy_discussion, kind=kind, held_on=held_on,
                                plan_decided=plan_decided, category=category, chaired_by=chaired_by)
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


def _outside_plan(plan: CPPlan, on: date, noun: str) -> str:
    """Why `on` cannot be a date of something within `plan`, or ""."""
    if on < plan.start_date:
        return f"{noun} must be on or after the start of the plan ({ukdate(plan.start_date)})"
    if plan.end_date and on > plan.end_date:
        return f"{noun} must be on or before the end of the plan ({ukdate(plan.end_date)})"
    return ""


def lock_plan(plan: CPPlan) -> None:
    """Hold `plan`'s row for this transaction, so recording under the plan and a correction that
    removes it take turns (PostgreSQL; SQLite's write transactions already do). A plan removed
    meanwhile is refused in words rather than left with records pointing at nothing."""
    if not CPPlan.objects.select_for_update().filter(pk=plan.pk).first():
        raise ValidationError("This child protection plan has just been removed by a correction of its conference "
                              "decision. Go back to the child protection page")


def _check_within_plan(plan: CPPlan, on: date, field: str, noun: str) -> None:
    lock_plan(plan)  # every record made under a plan checks its dates here first
    if message := _outside_plan(plan, on, noun):
        raise ValidationError({field: message})


def _review_errors(*, plan: CPPlan, held_on: date, category: str, chaired_by, previous: Conference | None,
                   following: Conference | None = None) -> dict[str, str]:
    """The rules a review conference meets, whether recorded or corrected: within the plan, after
    the conference before it (and before the one after it), on a weekday, with a category."""
    errors = {}
    if outside := _outside_plan(plan, held_on, "Date of the review conference"):
        errors["held_on"] = outside
    elif previous and held_on <= previous.held_on:
        errors["held_on"] = ("Date of the review conference must be after the previous conference "
                             f"({ukdate(previous.held_on)})")
    elif following and held_on >= following.held_on:
        errors["held_on"] = ("Date of the review conference must be before the next conference "
                             f"({ukdate(following.held_on)})")
    elif held_on.weekday() >= 5:
        errors["held_on"] = "Date of the review conference must be a weekday (Monday to Friday)"
    if not category:
        errors["category"] = "Select the latest category of abuse"
    errors.update(_chair_errors(chaired_by))
    return errors


@transaction.atomic
def review_conference_record(*, plan: CPPlan, held_on: date, chair: str, agencies: str, plan_continues: bool,
                             category: str, end_reason: str = "", step_down_to_cin: bool = False,
                             acting_user, chaired_by=None) -> Conference:
    """Record a review conference (Working Together 2023: first within 3 months of the initial
    conference, then no more than 6 months apart). It updates the latest category of abuse, and
    either restarts the 6-month review clock or ends the plan (optionally stepping down to CIN)."""
    if not plan.is_open:
        raise ValidationError({"held_on": f"The plan ended on {ukdate(plan.end_date)}: a review conference cannot "
                                          "be after the plan ended"})
    errors = _review_errors(plan=plan, held_on=held_on, category=category, chaired_by=chaired_by,
                            previous=plan.conferences.order_by("-held_on").first())
    if not plan_continues and not end_reason:
        errors["end_reason"] = "Select why the plan is ending"
    if errors:
        raise ValidationError(errors)
    conference = Conference(child=plan.child, episode=plan.episode, kind=ConferenceKind.REVIEW, plan=plan,
                            held_on=held_on, chair=chair, chaired_by=chaired_by, agencies=agencies,
                            plan_decided=plan_continues,
                            category=category, recorded_by=acting_user)
    conference.full_clean()
    conference.save()
    for item in (ts.FIRST_REVIEW, ts.REVIEW_AFTER_BIRTH, ts.REVIEW):
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
        raise ValidationError({"end_date": f"End date must be on or after the plan started ({ukdate(plan.start_date)})"})
    last = plan.conferences.order_by("-held_on").first()
    if last and end_date < last.held_on:
        raise ValidationError({"end_date": f"End date must be on or after the last conference ({ukdate(last.held_on)})"})
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


# Corrections: the edit pages. Each applies the same rules as recording the record, refuses a save
# made from an out-of-date form (ConcurrentEditError) and restates the clocks a changed date moves.


def _plan_start_error(plan: CPPlan, start: date) -> str:
    """Why the plan cannot start on `start` (its initial conference moved there), or ""."""
    first_review = plan.conferences.filter(kind=ConferenceKind.REVIEW).order_by("held_on").first()
    if first_review and start >= first_review.held_on:
        return f"Date of the conference must be before the first review conference ({ukdate(first_review.held_on)})"
    for model, field, noun in ((CoreGroup, "held_on", "core group meeting"), (CPVisit, "visited_on", "visit")):
        first = model.objects.filter(plan=plan).order_by(field).values_list(field, flat=True).first()
        if first and start > first:
            return f"Date of the conference must be on or before the plan's first {noun} ({ukdate(first)})"
    if plan.end_date and start > plan.end_date:
        return f"Date of the conference must be on or before the end of the plan ({ukdate(plan.end_date)})"
    earlier = (CPPlan.objects.filter(child=plan.child, start_date__lt=plan.start_date, end_date__gt=start)
               .exclude(pk=plan.pk).order_by("-end_date").first())
    if earlier:
        return ("Date of the conference must be after the end of the child's previous child protection plan "
                f"({ukdate(earlier.end_date)})")
    # CIN census 4001/4017: a CIN plan may end on the day the CP plan starts, never overlap it.
    cin = CINPlan.objects.filter(child=plan.child, start_date__lt=start, end_date__gt=start).first()
    if cin:
        return f"Date of the conference must be on or after the end of the child in need plan ({ukdate(cin.end_date)})"
    return ""


@transaction.atomic
def initial_conference_update(*, conference: Conference, read_version: int, kind: str, held_on: date, chair: str,
                              agencies: str, category: str, acting_user, chaired_by=None) -> Conference:
    """Correct an initial (or pre-birth) conference: type, date, chair, agencies, category. Whether
    it decided on a plan is not changed here. The same rules as recording one. A plan it started
    starts on its date (CIN census 2885), so a new date moves the plan's start, its number of
    previous plans, the ICPC clock's completion and the first review, first core group and visit
    clocks (and, for a pre-birth plan, the review after the birth); the plan's initial category
    (and its latest, until a review has set one) follows the conference."""
    child, plan, s47 = conference.child, conference.plan, conference.section47
    errors = _conference_errors(child=child, discussion=s47.strategy_discussion, kind=kind, held_on=held_on,
                                plan_decided=conference.plan_decided, category=category, chaired_by=chaired_by)
    if plan is not None and "held_on" not in errors and (message := _plan_start_error(plan, held_on)):
        errors["held_on"] = message
    if errors:
        raise ValidationError(errors)
    moved = held_on != conference.held_on
    conference.kind, conference.held_on, conference.chair, conference.chaired_by, conference.agencies = (
        kind, held_on, chair, chaired_by, agencies)
    conference.category = category if conference.plan_decided else ""
    conference._history_user = acting_user
    conference.full_clean()
    save_if_unchanged(conference, read_version=read_version,
                      fields=["kind", "held_on", "chair", "chaired_by", "agencies", "category"])
    if moved:
        clocks.clock_correct(child=child, item=ts.ICPC, source=s47, completed_on=held_on)
    if plan is not None:
        if moved:
            plan.start_date = held_on
            plan.previous_plans, plan.last_plan_ended_on = previous_plans(child, held_on, excluding=plan)
            for item in (ts.FIRST_REVIEW, ts.CORE_GROUP_FIRST, ts.CP_VISIT):
                clocks.clock_correct(child=child, item=item, source=plan, started=held_on)
        plan.initial_category = conference.category
        if not plan.conferences.filter(kind=ConferenceKind.REVIEW).exists():
            plan.latest_category = conference.category
        plan._history_user = acting_user
        plan.full_clean()
        plan.save(update_fields=["start_date", "previous_plans", "last_plan_ended_on", "initial_category",
                                 "latest_category", "updated_at"])
        review_after_birth_sync(plan)
    return conference


@transaction.atomic
def review_conference_update(*, conference: Conference, read_version: int, held_on: date, chair: str, agencies: str,
                             category: str, acting_user, chaired_by=None) -> Conference:
    """Correct a review conference: date, chair, agencies, latest category. Whether the plan
    continued is not changed here. The same rules as recording one, and it stays between the
    conferences before and after it. A new date moves the completion of the review clock it met and
    the start (so the due date) of the 6-month clock it started; the category becomes the plan's
    latest when no later review has set one. A review that ended the plan is the plan's end date, so
    moving it moves that end (`_plan_end_move`): not after today, nor before the plan started or
    anything recorded within it."""
    plan = conference.plan
    others = list(plan.conferences.exclude(pk=conference.pk).order_by("held_on", "pk"))
    previous = next((c for c in reversed(others) if c.held_on < conference.held_on), None)
    following = next((c for c in others if c.held_on > conference.held_on), None)
    moved = held_on != conference.held_on
    ends_plan = not conference.plan_decided
    # The plan ends on the date of the review that ended it, so that review may move past the plan's old end.
    errors = _review_errors(plan=_ending_on(plan, held_on) if ends_plan else plan, held_on=held_on, category=category,
                            chaired_by=chaired_by, previous=previous, following=following)
    if ends_plan and moved and "held_on" not in errors and (message := _plan_end_move_error(plan, held_on)):
        errors["held_on"] = message
    if errors:
        raise ValidationError(errors)
    old_end = conference.held_on
    conference.held_on, conference.chair, conference.chaired_by, conference.agencies, conference.category = (
        held_on, chair, chaired_by, agencies, category)
    conference._history_user = acting_user
    conference.full_clean()
    save_if_unchanged(conference, read_version=read_version,
                      fields=["held_on", "chair", "chaired_by", "agencies", "category"])
    if moved:
        first = previous is None or previous.kind != ConferenceKind.REVIEW
        clocks.clock_correct(child=plan.child, item=ts.FIRST_REVIEW if first else ts.REVIEW,
                             source=plan if first else previous, completed_on=held_on)
        clocks.clock_correct(child=plan.child, item=ts.REVIEW, source=conference, started=held_on)
        if ends_plan:
            _plan_end_move(plan, old_end=old_end, new_end=held_on, acting_user=acting_user)
        if first or ends_plan:
            review_after_birth_sync(plan)
    if following is None and plan.latest_category != category:
        plan.latest_category = category
        plan._history_user = acting_user
        plan.save(update_fields=["latest_category", "updated_at"])
    return conference


def _ending_on(plan: CPPlan, end_date: date) -> CPPlan:
    """An unsaved copy of `plan` ending on `end_date`, to check a corrected end against the plan's rules."""
    ending = copy(plan)
    ending.end_date = end_date
    return ending


def _plan_end_move_error(plan: CPPlan, end_date: date) -> str:
    """Why the review that ended `plan` cannot move to `end_date` (so the plan end there), or ""."""
    noun = "Date of the review conference"
    if end_date > timezone.localdate():
        return f"{noun} must be today or in the past"
    for model, field, what in ((CoreGroup, "held_on", "core group meeting"), (CPVisit, "visited_on", "visit")):
        last = model.objects.filter(plan=plan).order_by(f"-{field}").values_list(field, flat=True).first()
        if last and end_date < last:
            return f"{noun} must be on or after the plan's last {what} ({ukdate(last)})"
    later = (CPPlan.objects.filter(child=plan.child, start_date__gt=plan.start_date).exclude(pk=plan.pk)
             .order_by("start_date").first())
    if later and end_date > later.start_date:
        return (f"{noun} must be on or before the start of the child's next child protection plan "
                f"({ukdate(later.start_date)})")
    # CIN census 4001/4017: a CIN plan may start on the day the CP plan ends, never overlap it.
    cin = (CINPlan.objects.filter(child=plan.child, start_date__lt=end_date).exclude(stepped_down_from=plan)
           .filter(Q(end_date__isnull=True) | Q(end_date__gt=plan.start_date)).order_by("start_date").first())
    if cin:
        return f"{noun} must be on or before the start of the child in need plan ({ukdate(cin.start_date)})"
    closed = plan.episode.closure_date
    if closed and end_date > closed:
        return f"{noun} must be on or before the episode of need closed ({ukdate(closed)})"
    return ""


def _later_plans_recount(child, after: date, acting_user, reason: str = "") -> None:
    """Restate NumberOfPreviousCPP and the previous plan's end for the child's plans that started
    after `after`, once an earlier plan was removed or its end moved."""
    for later in CPPlan.objects.filter(child=child, start_date__gt=after):
        count, last_end = previous_plans(child, later.start_date, excluding=later)
        if (count, last_end) != (later.previous_plans, later.last_plan_ended_on):
            later.previous_plans, later.last_plan_ended_on = count, last_end
            later._history_user, later._change_reason = acting_user, reason
            later.save(update_fields=["previous_plans", "last_plan_ended_on", "updated_at"])


def _plan_end_move(plan: CPPlan, *, old_end: date, new_end: date, acting_user, reason: str = "") -> None:
    """The review that ended `plan` moved from `old_end` to `new_end`: the plan's end date follows
    (CIN census CPPendDate), the clocks its ending cancelled are cancelled on the new day, a child
    in need plan it stepped down to starts that day, and later plans' previous-plan figures follow."""
    from casebook.children_in_need.services import cin_plan_step_down_move

    plan.end_date = new_end
    plan._history_user, plan._change_reason = acting_user, reason
    plan.full_clean()
    plan.save(update_fields=["end_date", "updated_at"])
    for item in ts.PLAN_CLOCKS:
        clocks.clock_cancellation_move(child=plan.child, item=item, was=old_end, now=new_end)
    for cin in CINPlan.objects.filter(stepped_down_from=plan, start_date=old_end):
        cin_plan_step_down_move(plan=cin, start_date=new_end, acting_user=acting_user, reason=reason)
    _later_plans_recount(plan.child, plan.start_date, acting_user, reason)


# Correcting a conference's decision: whether the child needed a plan (or the plan continued), and
# the category. Team, service managers and heads of service only (the view's audience); the
# reason is kept in the history of every record the correction changes.


def _in_words(counts: list[tuple[int, str]]) -> str:
    parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _plan_dependants(plan: CPPlan) -> str:
    """What has been recorded against `plan` beyond its initial conference, in words, or ""."""
    from casebook.plans.models import Plan

    goals = CPPlan.objects.filter(pk=plan.pk).aggregate(n=Count("goal_plan__goals"))["n"]
    goal_record = 0 if goals else Plan.objects.filter(cp_plan=plan).count()  # goals set up, none written yet
    counts = [(plan.conferences.filter(kind=ConferenceKind.REVIEW).count(), "review conference"),
              (plan.core_groups.count(), "core group meeting"), (plan.visits.count(), "visit"), (goals, "plan goal"),
              (goal_record, "plan goals record"),
              (CINPlan.objects.filter(stepped_down_from=plan).count(), "child in need plan stepped down to")]
    return _in_words(counts) if any(n for n, _ in counts) else ""


def _plan_from_conference_error(conference: Conference) -> str:
    """Why a plan cannot start at `conference` now (its decision corrected to a plan), or ""."""
    child, on = conference.child, conference.held_on
    if not conference.episode.is_open:
        return (f"The episode of need closed on {ukdate(conference.episode.closure_date)}, so a plan cannot start "
                "from this conference")
    later = CPPlan.objects.filter(child=child).filter(Q(end_date__isnull=True) | Q(end_date__gt=on)).first()
    if later:
        return (f"The child has a child protection plan from {ukdate(later.start_date)}, which a plan from this "
                "conference would overlap")
    # CIN census 4001/4017: a CIN plan open at the conference ends that day (step-up) only if nothing
    # was recorded under it after the conference; one that ran on or started later would overlap.
    for cin in CINPlan.objects.filter(child=child).filter(Q(end_date__isnull=True) | Q(end_date__gt=on)):
        if (cin.start_date > on or cin.end_date is not None or cin.reviews.filter(held_on__gt=on).exists()
                or cin.visits.filter(visited_on__gt=on).exists()):
            return (f"The child in need plan from {ukdate(cin.start_date)} ran after this conference, which a child "
                    "protection plan from the conference would overlap. Correct the child in need plan first")
    return ""


@transaction.atomic
def conference_decision_correct(*, conference: Conference, read_version: int, plan_decided: bool, category: str,
                                reason: str, acting_user, end_reason: str = "") -> Conference:
    """Correct what a conference decided, giving `reason`. A DecisionCorrection keeps who corrected it,
    when, the decision before and after, and the reason; the history of every record changed carries
    the reason too (its first 100 characters).

    An initial (or pre-birth) conference: plan or no plan, and the category. Correcting to no plan
    removes the plan it started and that plan's clocks (as if never recorded, so they count as
    neither met nor missed), reopens a child in need plan its step-up ended (only if the plan was
    still open and no later plan started), and recounts later plans' previous plans; it is refused
    while reviews, core groups, visits, goals (or their record) or a step-down plan are recorded
    against the plan. The plan's row is locked first, so nothing is recorded under it meanwhile. Correcting to a plan starts one on the conference date as
    recording it would have. A new category becomes the plan's initial category (and latest, until
    a review has set one).
    A review conference: the plan continued or ended (with `end_reason`), and the latest category.
    Ending is only for the last conference with nothing recorded after it; continuing reopens the
    plan and its clocks unless a plan followed it.
    Raises ValidationError naming the field, or ConcurrentEditError if it was saved after `read_version`."""
    review = conference.kind == ConferenceKind.REVIEW
    if conference.plan_id:
        lock_plan(conference.plan)  # nothing is recorded under the plan while it is judged and changed
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "Enter why the decision is being corrected"
    if review and not category:
        errors["category"] = "Select the latest category of abuse"
    elif plan_decided and not category:
        errors["category"] = "Select the category of abuse: a child protection plan needs one"
    if review and not plan_decided and not end_reason:
        errors["end_reason"] = "Select why the plan ended"
    if not errors:
        category = category if plan_decided or review else ""
        unchanged = (plan_decided == conference.plan_decided and category == conference.category
                     and (plan_decided or not review or end_reason == conference.plan.end_reason))
        if unchanged:
            errors["plan_decided"] = "The decision is already recorded as shown: change it, or go back"
        elif review:
            errors.update(_review_decision_errors(conference, plan_decided))
        elif conference.plan_decided and not plan_decided and (recorded := _plan_dependants(conference.plan)):
            errors["plan_decided"] = (
                f"The plan this conference started has {recorded} recorded against it, so it cannot be removed. "
                "Those records must be removed first; if the child was on a plan, keep this decision and end "
                "the plan instead")
        elif plan_decided and not conference.plan_decided and (message := _plan_from_conference_error(conference)):
            errors["plan_decided"] = message
    if errors:
        raise ValidationError(errors)
    correction = DecisionCorrection(
        conference=conference, corrected_by=acting_user, reason=reason.strip(),
        plan_decided_was=conference.plan_decided, category_was=conference.category,
        end_reason_was=conference.plan.end_reason if review and not conference.plan_decided else "",
        plan_decided=plan_decided, category=category, end_reason="" if plan_decided or not review else end_reason)
    # History keeps the reason as its change reason, which holds 100 characters; the correction keeps it whole.
    reason = Truncator(correction.reason).chars(100)
    if review:
        _review_decision_correct(conference, read_version=read_version, plan_continues=plan_decided,
                                 category=category, end_reason=end_reason, reason=reason, acting_user=acting_user)
        return _correction_record(correction)
    child, plan = conference.child, conference.plan
    was_decided = conference.plan_decided
    conference.plan_decided, conference.category = plan_decided, category
    if was_decided and not plan_decided:
        conference.plan = None
    conference._history_user, conference._change_reason = acting_user, reason
    conference.full_clean()
    save_if_unchanged(conference, read_version=read_version, fields=["plan_decided", "category", "plan"],
                      shown=["plan_decided", "category"])
    if was_decided and not plan_decided:
        from casebook.children_in_need.services import cin_plan_step_up_undo

        started, was_open = plan.start_date, plan.end_date is None
        clocks.clock_withdraw(child=child, source=plan)
        plan._history_user, plan._change_reason = acting_user, reason
        plan.delete()
        # The child in need plan its step-up ended runs on only if this plan was still open and no
        # later plan started: reopened otherwise, it would overlap that plan (CIN census 4001/4017).
        if was_open and not CPPlan.objects.filter(child=child, start_date__gt=started).exists():
            cin_plan_step_up_undo(child=child, cp_start=started, acting_user=acting_user, reason=reason)
        _later_plans_recount(child, started, acting_user, reason)
    elif plan_decided and not was_decided:
        conference.plan = _plan_start(child=child, episode=conference.episode, start_date=conference.held_on,
                                      category=category, acting_user=acting_user)
        conference.save(update_fields=["plan", "updated_at"])
        _later_plans_recount(child, conference.held_on, acting_user, reason)
        review_after_birth_sync(conference.plan)
    else:
        plan.initial_category = category
        if not plan.conferences.filter(kind=ConferenceKind.REVIEW).exists():
            plan.latest_category = category
        plan._history_user, plan._change_reason = acting_user, reason
        plan.save(update_fields=["initial_category", "latest_category", "updated_at"])
    return _correction_record(correction)


def _correction_record(correction: DecisionCorrection) -> Conference:
    """Keep `correction` once the records it corrects are saved; returns its conference."""
    correction.corrected_at = timezone.now()
    correction.full_clean()
    correction.save()
    return correction.conference


def _review_decision_errors(conference: Conference, plan_continues: bool) -> dict[str, str]:
    plan, on = conference.plan, conference.held_on
    if plan_continues == conference.plan_decided:
        return {}
    if not plan_continues:
        if plan.conferences.filter(held_on__gt=on).exists():
            return {"plan_decided": "Only the plan's last conference can have ended it: a later review conference "
                                    "is recorded"}
        if plan.end_date is not None:
            return {"plan_decided": f"The plan was ended on {ukdate(plan.end_date)}: it cannot also end at this review"}
        for model, field, what in ((CoreGroup, "held_on", "core group meeting"), (CPVisit, "visited_on", "visit")):
            last = model.objects.filter(plan=plan, **{f"{field}__gt": on}).order_by(f"-{field}").first()
            if last:
                return {"plan_decided": f"A {what} on {ukdate(getattr(last, field))} is recorded after this review, "
                                        "so the plan cannot have ended at it. Remove it first"}
        return {}
    if plan.end_date != on:
        return {"plan_decided": "This review did not end the plan"}
    if stepped := CINPlan.objects.filter(stepped_down_from=plan).first():
        return {"plan_decided": f"The plan stepped down to a child in need plan from {ukdate(stepped.start_date)}, "
                                "which would overlap it. Correct the child in need plan first"}
    if (later := CPPlan.objects.filter(child=plan.child, start_date__gt=plan.start_date).exclude(pk=plan.pk).first()):
        return {"plan_decided": f"The child has a later child protection plan (from {ukdate(later.start_date)}), "
                                "which the reopened plan would overlap"}
    if (cin := CINPlan.objects.filter(child=plan.child, start_date__gte=on).first()):
        return {"plan_decided": f"The child has a child in need plan from {ukdate(cin.start_date)}, which the "
                                "reopened plan would overlap. Correct the child in need plan first"}
    if not plan.episode.is_open:
        return {"plan_decided": f"The episode of need closed on {ukdate(plan.episode.closure_date)}, so the plan "
                                "cannot continue"}
    return {}


def _review_decision_correct(conference: Conference, *, read_version: int, plan_continues: bool, category: str,
                             end_reason: str, reason: str, acting_user) -> Conference:
    plan, on = conference.plan, conference.held_on
    was_continuing = conference.plan_decided
    conference.plan_decided, conference.category = plan_continues, category
    conference._history_user, conference._change_reason = acting_user, reason
    conference.full_clean()
    save_if_unchanged(conference, read_version=read_version, fields=["plan_decided", "category"])
    is_last = not plan.conferences.filter(held_on__gt=on).exists()
    if is_last:
        plan.latest_category = category
    if plan_continues and not was_continuing:
        plan.end_date, plan.end_reason = None, ""
        for item in ts.PLAN_CLOCKS:
            clocks.clock_reopen(child=plan.child, item=item, cancelled_on=on)
        clocks.clock_start(child=plan.child, item=ts.REVIEW, started=on, source=conference)
    elif not plan_continues:
        if was_continuing:
            # The plan ended here, so the next review this conference set never fell due.
            clocks.clock_withdraw(child=plan.child, source=conference)
            for item in ts.PLAN_CLOCKS:
                clocks.clock_cancel(child=plan.child, item=item, on=on)
        plan.end_date, plan.end_reason = on, end_reason
    plan._history_user, plan._change_reason = acting_user, reason
    plan.full_clean()
    plan.save(update_fields=["end_date", "end_reason", "latest_category", "updated_at"])
    review_after_birth_sync(plan)
    return conference


# Pre-birth plans. Working Together 2023 treats a pre-birth conference as an initial conference, so
# the first review is due within 3 months of it (FIRST_REVIEW) as for any plan. Local procedures add
# a review soon after the birth: Tees, within 10 working days of the birth or 3 months of the
# conference, whichever is sooner. Both clocks run; the first review meets both, so the sooner
# one is the one that can be missed.


def review_after_birth_sync(plan: CPPlan) -> None:
    """Make the plan's review-after-the-birth clock (REVIEW_AFTER_BIRTH) match the records as they
    now stand. It runs from the birth when the plan began at a pre-birth conference, the child has
    been born while the plan was open, and the first review was not held before the birth; the first
    review completes it and a plan ending first cancels it. When it no longer applies (a corrected
    type of conference or date) it is withdrawn: cancelled as at the plan's start, so it counts as
    neither met nor missed."""
    child = plan.child
    conferences = list(plan.conferences.order_by("held_on", "pk"))
    initial = next((c for c in conferences if c.kind != ConferenceKind.REVIEW), None)
    first_review = next((c for c in conferences if c.kind == ConferenceKind.REVIEW), None)
    born = child.date_of_birth
    applies = (initial is not None and initial.kind == ConferenceKind.PRE_BIRTH and born is not None
               and plan.start_date < born and (plan.end_date is None or born <= plan.end_date)
               and (first_review is None or first_review.held_on >= born))
    if not applies:
        clocks.clock_correct(child=child, item=ts.REVIEW_AFTER_BIRTH, source=plan, completed_on=None,
                             cancelled_on=plan.start_date)
        return
    clocks.clock_start(child=child, item=ts.REVIEW_AFTER_BIRTH, started=born, source=plan)
    clocks.clock_correct(child=child, item=ts.REVIEW_AFTER_BIRTH, source=plan,
                         completed_on=first_review.held_on if first_review else None,
                         cancelled_on=plan.end_date if first_review is None and plan.end_date else None)


def child_birth_recorded(child) -> None:
    """The child's date of birth was recorded or corrected (the child record's post_save, connected
    in apps.py): restate the review-after-the-birth clock of each plan begun at a pre-birth conference."""
    for plan in CPPlan.objects.filter(child=child, conferences__kind=ConferenceKind.PRE_BIRTH).distinct():
        plan.child = child
        review_after_birth_sync(plan)
