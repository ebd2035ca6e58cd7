"""Writes for child in need plans, their reviews and visits, and closing the episode of need.

Sources: Children Act 1989 s17; CIN census CINPlanDates and rules 4001/4016/4017 (a CIN plan
never overlaps a CP plan, and may start or end on the day one ends or starts); local procedures
for review and visit intervals and for the minimum period of CIN support after a CP plan
(settings CIN_REVIEW_INTERVAL_MONTHS, CIN_VISIT_WORKING_DAYS, CIN_MINIMUM_AFTER_CP_MONTHS).
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from casebook.assessments.timescales import ASSESSMENT
from casebook.child_protection import timescales as cp_ts
from casebook.child_protection.models import CPPlan
from casebook.children_in_need import timescales as ts
from casebook.children_in_need.models import CINPlan, CINReview, CINVisit
from casebook.clocks import services as clocks
from casebook.episodes.models import EpisodeOfNeed
from casebook.episodes.services import episode_close
from casebook.core.templatetags.govuk import ukdate


EPISODE_CLOCKS = (ASSESSMENT, cp_ts.ICPC, *cp_ts.PLAN_CLOCKS, *ts.PLAN_CLOCKS)


def minimum_after_cp_months() -> int:
    return settings.CASEBOOK.get("CIN_MINIMUM_AFTER_CP_MONTHS", 3)


@transaction.atomic
def cin_plan_start(*, child, start_date: date, acting_user, stepped_down_from: CPPlan | None = None) -> CINPlan:
    """Start a child in need plan on the open episode; starts the review and visit clocks. After a CP
    plan (step-down) the plan carries the local minimum period of support."""
    episode = EpisodeOfNeed.objects.filter(child=child, closure_date__isnull=True).first()
    if episode is None:
        raise ValidationError("Record a referral first: the child has no open episode of need")
    if start_date < episode.referral_date:
        raise ValidationError({"start_date": "Start date must be on or after the referral date "
                                             f"({ukdate(episode.referral_date)})"})
    if CINPlan.objects.filter(child=child, end_date__isnull=True).exists():
        raise ValidationError("The child already has an open child in need plan")
    if CPPlan.objects.filter(child=child, end_date__isnull=True).exists():
        raise ValidationError({"start_date": "A child in need plan cannot overlap a child protection plan: end the "
                                             "child protection plan first"})
    if CPPlan.objects.filter(child=child, end_date__gt=start_date).exists():
        raise ValidationError({"start_date": "Start date must be on or after the end of the child protection plan "
                                             "(a child in need plan cannot overlap one)"})
    plan = CINPlan(child=child, episode=episode, start_date=start_date, stepped_down_from=stepped_down_from,
                   recorded_by=acting_user)
    if stepped_down_from is not None:
        plan.minimum_until = start_date + relativedelta(months=minimum_after_cp_months())
    plan.full_clean()
    plan.save()
    for item in ts.PLAN_CLOCKS:
        clocks.clock_start(child=child, item=item, started=start_date, source=plan)
    return plan


def _end(plan: CINPlan, end_date: date, acting_user) -> None:
    plan.end_date = end_date
    plan._history_user = acting_user
    plan.full_clean()
    plan.save(update_fields=["end_date", "updated_at"])
    for item in ts.PLAN_CLOCKS:
        clocks.clock_cancel(child=plan.child, item=item, on=end_date)


@transaction.atomic
def cin_plan_end(*, plan: CINPlan, end_date: date, acting_user) -> CINPlan:
    """End a child in need plan. Refused before the start, before its last review or visit, or, after
    a CP plan, before the local minimum period of support is over."""
    if not plan.is_open:
        raise ValidationError("This plan has already ended")
    if end_date < plan.start_date:
        raise ValidationError({"end_date": f"End date must be on or after the plan started ({ukdate(plan.start_date)})"})
    last_review = plan.reviews.order_by("-held_on").first()
    if last_review and end_date < last_review.held_on:
        raise ValidationError({"end_date": f"End date must be on or after the last review ({ukdate(last_review.held_on)})"})
    if plan.minimum_until and end_date < plan.minimum_until:
        raise ValidationError({"end_date": (
            f"End date must be on or after {ukdate(plan.minimum_until)}: after a child protection plan a child in "
            f"need plan lasts at least {minimum_after_cp_months()} months")})
    _end(plan, end_date, acting_user)
    return plan


def cin_plan_end_for_step_up(*, child, end_date: date, acting_user) -> CINPlan | None:
    """Step-up to child protection: the open CIN plan ends on the day the CP plan starts (CIN census
    4017). The minimum period does not apply when a child needs more protection, not less."""
    plan = CINPlan.objects.select_for_update().filter(child=child, end_date__isnull=True).first()
    if plan is None:
        return None
    if end_date < plan.start_date:
        raise ValidationError({"held_on": "Date of the conference must be on or after the start of the child in "
                                          f"need plan ({ukdate(plan.start_date)})"})
    _end(plan, end_date, acting_user)
    return plan


def _check_within(plan: CINPlan, on: date, field: str, noun: str) -> None:
    if on < plan.start_date:
        raise ValidationError({field: f"{noun} must be on or after the start of the plan ({ukdate(plan.start_date)})"})
    if plan.end_date and on > plan.end_date:
        raise ValidationError({field: f"{noun} must be on or before the end of the plan ({ukdate(plan.end_date)})"})


@transaction.atomic
def cin_review_record(*, plan: CINPlan, held_on: date, acting_user) -> CINReview:
    """Record a CIN plan review; the next is due after the local interval (CIN_REVIEW_INTERVAL_MONTHS)."""
    _check_within(plan, held_on, "held_on", "Date of the review")
    review = CINReview(plan=plan, held_on=held_on, recorded_by=acting_user)
    review.full_clean()
    review.save()
    clocks.clock_complete(child=plan.child, item=ts.CIN_REVIEW, completed=held_on)
    if plan.is_open:
        clocks.clock_start(child=plan.child, item=ts.CIN_REVIEW, started=held_on, source=review)
    return review


@transaction.atomic
def cin_visit_record(*, plan: CINPlan, visited_on: date, seen: bool, seen_alone: bool, acting_user) -> CINVisit:
    """Record a CIN visit (local standard CIN_VISIT_WORKING_DAYS), called through visits.services.visit_record,
    which keeps the one record of the visit; only a visit where the child was seen
    stops the clock."""
    _check_within(plan, visited_on, "visited_on", "Date of the visit")
    if seen_alone and not seen:
        raise ValidationError({"seen": "Select 'Child seen' if the child was seen alone"})
    visit = CINVisit(plan=plan, visited_on=visited_on, seen=seen, seen_alone=seen_alone, recorded_by=acting_user)
    visit.full_clean()
    visit.save()
    if seen:
        clocks.clock_complete(child=plan.child, item=ts.CIN_VISIT, completed=visited_on)
        if plan.is_open:
            clocks.clock_start(child=plan.child, item=ts.CIN_VISIT, started=visited_on, source=visit)
    return visit


def open_items(episode: EpisodeOfNeed) -> list[str]:
    """Why the episode cannot close yet: an open CP or CIN plan (CIN census 8816: only the latest
    episode may be open, and plans belong inside their episode)."""
    problems = []
    if CPPlan.objects.filter(episode=episode, end_date__isnull=True).exists():
        problems.append("End the child protection plan before closing the episode of need")
    if CINPlan.objects.filter(episode=episode, end_date__isnull=True).exists():
        problems.append("End the child in need plan before closing the episode of need")
    return problems


@transaction.atomic
def episode_closure(*, episode: EpisodeOfNeed, closure_date: date, closure_reason: str, acting_user) -> EpisodeOfNeed:
    """Close the episode of need with a census reason (RC1-RC9; RC9 = step-down to early help after
    assessment). Refused while a plan is open or before the last plan ended; the episode's open
    clocks are cancelled."""
    if not episode.is_open:
        raise ValidationError("This episode of need has already closed")
    if not closure_reason:
        raise ValidationError({"closure_reason": "Select the reason for closure"})
    last_ends = [d for d in (*episode.cp_plans.values_list("end_date", flat=True),
                             *episode.cin_plans.values_list("end_date", flat=True)) if d]
    if last_ends and closure_date < max(last_ends):
        raise ValidationError({"closure_date": "Closure date must be on or after the last plan ended "
                                               f"({ukdate(max(last_ends))})"})
    episode = episode_close(episode=episode, closure_date=closure_date, closure_reason=closure_reason,
                            acting_user=acting_user, open_items_check=open_items)
    # Only this journey's clocks: other services (looked after, front door) run their own.
    for item in EPISODE_CLOCKS:
        clocks.clock_cancel(child=episode.child, item=item, on=closure_date)
    return episode


@transaction.atomic
def cin_plan_step_up_undo(*, child, cp_start: date, acting_user, reason: str = "") -> CINPlan | None:
    """A child protection plan that started on `cp_start` is being removed (its conference decided on
    no plan): reopen the child in need plan its step-up ended that day, with the clocks the ending
    cancelled, when no other CIN plan is open or has started since. Returns the plan reopened, if any."""
    plan = (CINPlan.objects.select_for_update().filter(child=child, end_date=cp_start)
            .exclude(start_date__gt=cp_start).order_by("-start_date").first())
    if plan is None or CINPlan.objects.filter(child=child).filter(
            Q(end_date__isnull=True) | Q(start_date__gte=cp_start)).exclude(pk=plan.pk).exists():
        return None
    plan.end_date = None
    plan._history_user, plan._change_reason = acting_user, reason
    plan.save(update_fields=["end_date", "updated_at"])
    for item in ts.PLAN_CLOCKS:
        clocks.clock_reopen(child=child, item=item, cancelled_on=cp_start)
    return plan


@transaction.atomic
def cin_plan_step_down_move(*, plan: CINPlan, start_date: date, acting_user, reason: str = "") -> CINPlan:
    """The child protection plan `plan` stepped down from now ends on `start_date` (its ending review's
    date was corrected): the CIN plan starts that day instead, with its clocks and minimum period.
    Raises ValidationError (on `held_on`, the conference date) if the CIN plan's reviews, visits or
    end would come before its new start."""
    first = [d for d in (plan.reviews.order_by("held_on").values_list("held_on", flat=True).first(),
                         plan.visits.order_by("visited_on").values_list("visited_on", flat=True).first(),
                         plan.end_date) if d is not None]
    if first and start_date > min(first):
        raise ValidationError({"held_on": "Date of the review conference must be on or before the first review, visit "
                                          f"or end of the child in need plan that followed it ({ukdate(min(first))})"})
    plan.start_date = start_date
    if plan.minimum_until:
        plan.minimum_until = start_date + relativedelta(months=minimum_after_cp_months())
    plan._history_user, plan._change_reason = acting_user, reason
    plan.full_clean()
    plan.save(update_fields=["start_date", "minimum_until", "updated_at"])
    for item in ts.PLAN_CLOCKS:
        clocks.clock_correct(child=plan.child, item=item, source=plan, started=start_date)
    return plan
