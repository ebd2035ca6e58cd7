"""Writes for looked-after children, missing episodes, care leavers and adoption.

Each service runs in one transaction, checks the rule it names (CPPCR 2010; the SSDA903
guidance for episode codes; DfE 2014 missing-from-care guidance) and starts or stops the
child's clocks through casebook.clocks.services, so the summary shows every due date.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casebook.children.models import Allocation, Child
from casebook.clocks.services import clock_cancel, clock_complete, clock_start
from casebook.core.concurrency import ConcurrentEditError, check_unchanged, save_if_unchanged, save_new_if_absent
from casebook.looked_after import codes
from casebook.looked_after import timescales as ts
from casebook.looked_after.models import (
    Adopter, AdoptionRecord, CareEpisode, CareLeaver, CareLeaverContact, CarePlan, CareReview, CareVisit,
    HealthCheck, MissingEpisode, MotherStatus, PathwayPlanReview, SocialWorkerChange, UASCStatus, YearOutcomes,
)

RNE = codes.ReasonNewEpisode
PERMANENCE_DATE_SHAPE = re.compile(r"^(\d\d|ZZ)/(\d\d|ZZ)/(\d{4}|ZZZZ)$")
PLACEMENT_FIELDS = ("placement_type", "placement_provider", "placement_postcode", "urn", "carer_name")


def _ukdate(d: date | datetime) -> str:
    if isinstance(d, datetime):
        d = timezone.localtime(d)
        return f"{d.day} {d:%B %Y} at {d:%H:%M}"
    return f"{d.day} {d:%B %Y}"


def age_on(child: Child, day: date) -> int | None:
    if child.date_of_birth is None:
        return None
    return relativedelta(day, child.date_of_birth).years


# ---- Periods of care and episodes ------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    new_period: bool
    legal_status: bool
    placement: bool
    same_carer: bool


def derive_reason(change: Change) -> str | None:
    """The 903 RNE code for what changed (DfE 903 guidance, rule 143): S for a new period of
    care; L legal status only; P placement and carer; T both, with a new carer; U legal status
    and placement with the same carer; B placement with the same carer. None if nothing changed."""
    if change.new_period:
        return RNE.STARTED
    if change.legal_status and change.placement:
        return RNE.LEGAL_STATUS_SAME_CARER if change.same_carer else RNE.BOTH
    if change.legal_status:
        return RNE.LEGAL_STATUS
    if change.placement:
        return RNE.PLACEMENT_SAME_CARER if change.same_carer else RNE.PLACEMENT
    return None


_WHY = {
    RNE.STARTED: "the child is starting a new period of care",
    RNE.LEGAL_STATUS: "only the legal status changed",
    RNE.PLACEMENT: "only the placement changed, with a new carer",
    RNE.BOTH: "the legal status and the placement both changed, with a new carer",
    RNE.LEGAL_STATUS_SAME_CARER: "the legal status and the placement both changed, but the carer stayed the same",
    RNE.PLACEMENT_SAME_CARER: "only the placement changed, and the carer stayed the same",
}


def current_episode(child: Child) -> CareEpisode | None:
    return CareEpisode.objects.filter(child=child, end_date__isnull=True).first()


def _check_placement(*, legal_status: str, placement_type: str, placement_provider: str, urn: str) -> dict:
    errors: dict[str, str] = {}
    if placement_type in codes.PLACEMENT_ORDER_PLACEMENTS and legal_status not in codes.PLACEMENT_ORDER_STATUSES:
        errors["placement_type"] = (f"Placement type {placement_type} (placed for adoption with a placement order) needs "
                                    "legal status E1 (placement order granted) or D1 (freeing order)")
    if placement_type in codes.NO_PROVIDER_PLACEMENTS and placement_provider:
        errors["placement_provider"] = f"Leave the placement provider blank for placement type {placement_type}"
    elif placement_type not in codes.NO_PROVIDER_PLACEMENTS and not placement_provider:
        errors["placement_provider"] = "Select the placement provider"
    if urn and not (len(urn) == 7 and (urn.startswith("SC") or urn.isdigit() or urn == "XXXXXXX")):
        errors["urn"] = "Enter the Ofsted URN as 7 characters, like SC123456"
    return errors


@transaction.atomic
def episode_start(*, child: Child, start_date: date, reason_new_episode: str, legal_status: str,
                  category_of_need: str, placement_type: str, placement_provider: str = "",
                  placement_postcode: str = "", home_postcode: str = "", urn: str = "", carer_name: str = "",
                  intended_until_18: bool = False, reason_place_change: str = "", same_carer: bool = False,
                  acting_user) -> CareEpisode:
    """Open a 903 episode: a new period of care, or a change of legal status and/or placement.

    The reason for the new episode is derived from what changed and must match the worker's
    choice. The open episode is closed the same day (REC X1), so a period has no gaps; an
    episode cannot start on or before the open one, so episodes never overlap.
    """
    child = Child.objects.select_for_update().get(pk=child.pk)
    errors = _check_placement(legal_status=legal_status, placement_type=placement_type,
                              placement_provider=placement_provider, urn=urn)
    latest = CareEpisode.objects.filter(child=child).order_by("-start_date", "-id").first()
    previous = latest if latest is not None and latest.is_open else None
    if previous is not None and start_date <= previous.start_date:
        errors["start_date"] = (f"Date the new episode started must be after the current episode started "
                                f"({_ukdate(previous.start_date)}): episodes cannot overlap")
    elif previous is None and latest is not None and start_date < latest.end_date:
        errors["start_date"] = (f"Date the episode started must be on or after the last period of care ended "
                                f"({_ukdate(latest.end_date)}): periods of care cannot overlap")
    placement_changed = previous is not None and any(
        getattr(previous, f) != v for f, v in zip(PLACEMENT_FIELDS, (placement_type, placement_provider,
                                                                       placement_postcode, urn, carer_name), strict=True))
    change = Change(new_period=previous is None, legal_status=previous is not None and previous.legal_status != legal_status,
                    placement=placement_changed, same_carer=same_carer)
    derived = derive_reason(change)
    if derived is None:
        errors["reason_new_episode"] = ("A new episode needs a change of legal status or placement: "
                                        "neither has changed since the current episode")
    elif derived != reason_new_episode:
        errors["reason_new_episode"] = (f"Reason for new episode must be {derived}, not {reason_new_episode}: "
                                        f"{_WHY[derived]}")
    if (change.new_period or change.placement) and placement_type not in codes.NO_PROVIDER_PLACEMENTS \
            and previous is not None and not reason_place_change:
        errors["reason_place_change"] = "Select the reason for the change of placement"
    if errors:
        raise ValidationError(errors)

    if previous is not None:
        previous.end_date, previous.reason_ceased = start_date, codes.ReasonEpisodeCeased.X1
        previous._history_user = acting_user
        previous.full_clean()
        previous.save(update_fields=["end_date", "reason_ceased", "updated_at"])
    new_placement = change.new_period or change.placement
    episode = CareEpisode(
        child=child, period_start=previous.period_start if previous else start_date, start_date=start_date,
        reason_new_episode=reason_new_episode, legal_status=legal_status, category_of_need=category_of_need,
        placement_type=placement_type, placement_provider=placement_provider, placement_postcode=placement_postcode,
        home_postcode=home_postcode, urn=urn, carer_name=carer_name, intended_until_18=intended_until_18,
        placement_started=start_date if new_placement else previous.placement_started,
        reason_place_change=reason_place_change if previous is not None and new_placement else "",
        recorded_by=acting_user,
    )
    episode._history_user = acting_user
    episode.full_clean()
    episode.save()
    if change.new_period:
        for item in (ts.CARE_PLAN, ts.REVIEW_FIRST, ts.HEALTH_INITIAL, ts.DENTAL):
            clock_start(child=child, item=item, started=start_date, source=episode)
    if new_placement:
        for item in ts.VISIT_ITEMS:
            clock_cancel(child=child, item=item, on=start_date)
        clock_start(child=child, item=ts.VISIT_AFTER_PLACEMENT, started=start_date, source=episode)
    return episode


@transaction.atomic
def period_end(*, child: Child, end_date: date, reason_ceased: str, acting_user) -> CareEpisode:
    """The child stops being looked after (903 DEC and REC); the care clocks stop with it."""
    episode = CareEpisode.objects.select_for_update().filter(child=child, end_date__isnull=True).first()
    if episode is None:
        raise ValidationError({"end_date": "The child is not looked after, so there is no period of care to end"})
    if end_date < episode.start_date:
        raise ValidationError({"end_date": f"Date the child stopped being looked after must be on or after the "
                                           f"current episode started ({_ukdate(episode.start_date)})"})
    if reason_ceased == codes.ReasonEpisodeCeased.X1:
        raise ValidationError({"reason_ceased": "X1 is only for a new episode the same day: record the change of "
                                                "legal status or placement instead"})
    episode.end_date, episode.reason_ceased = end_date, reason_ceased
    episode._history_user = acting_user
    episode.full_clean()
    episode.save(update_fields=["end_date", "reason_ceased", "updated_at"])
    for item in ts.CARE_ITEMS:
        clock_cancel(child=child, item=item, on=end_date)
    return episode


def _period_for(child: Child) -> CareEpisode:
    """The open episode of the child's current period of care, else a GOV.UK error."""
    episode = current_episode(child)
    if episode is None:
        raise ValidationError("The child is not looked after: record the start of a period of care first")
    return episode


@transaction.atomic
def care_plan_record(*, child: Child, agreed_on: date, permanence_plan: str = "", acting_user) -> CarePlan:
    """CPPCR 2010 reg 5: the care plan, before placement or within 10 working days."""
    _period_for(child)
    plan = CarePlan(child=child, agreed_on=agreed_on, permanence_plan=permanence_plan, recorded_by=acting_user)
    plan.full_clean()
    plan.save()
    clock_complete(child=child, item=ts.CARE_PLAN, completed=agreed_on)
    return plan


@transaction.atomic
def review_record(*, child: Child, review_date: date, participation: str, chair=None, acting_user) -> CareReview:
    """CPPCR 2010 reg 33: completes the due review and starts the next: the second within 3
    months of the first, later ones within 6 months. The participation code is 903 REVIEW_CODE."""
    episode = _period_for(child)
    errors = {}
    if review_date < episode.period_start:
        errors["review_date"] = (f"Date of the review must be on or after the child became looked after "
                                 f"({_ukdate(episode.period_start)})")
    age = age_on(child, review_date)
    if age is not None and age < 4 and participation != codes.ReviewParticipation.PN0:
        errors["participation"] = "Select PN0: the child was under 4 at the review"
    elif age is not None and age >= 4 and participation == codes.ReviewParticipation.PN0:
        errors["participation"] = "PN0 is only for a child aged under 4 at the review: select how the child took part"
    if errors:
        raise ValidationError(errors)
    review = CareReview(child=child, review_date=review_date, participation=participation, chair=chair,
                        recorded_by=acting_user)
    review.full_clean()
    review.save()
    for item in ts.REVIEW_ITEMS:
        clock_complete(child=child, item=item, completed=review_date)
    in_period = CareReview.objects.filter(child=child, review_date__gte=episode.period_start).count()
    clock_start(child=child, item=ts.REVIEW_SECOND if in_period == 1 else ts.REVIEW_LATER, started=review_date,
                source=review)
    return review


def next_visit_item(episode: CareEpisode, visit_date: date) -> str:
    """CPPCR 2010 reg 28(2): 6 weeks during the placement's first year; after it, 3 months if
    the placement is intended to last until 18, otherwise still 6 weeks."""
    if visit_date < episode.placement_started + relativedelta(years=1):
        return ts.VISIT_FIRST_YEAR
    return ts.VISIT_LONG_TERM if episode.intended_until_18 else ts.VISIT_FIRST_YEAR


@transaction.atomic
def visit_record(*, child: Child, visit_date: date, seen_alone: bool = False, acting_user) -> CareVisit:
    """A statutory visit (CPPCR 2010 reg 28): completes the due visit and starts the next one's clock.
    Called through visits.services.visit_record, which keeps the one record of the visit."""
    episode = _period_for(child)
    if visit_date < episode.period_start:
        raise ValidationError({"visit_date": f"Date of the visit must be on or after the child became looked after "
                                             f"({_ukdate(episode.period_start)})"})
    visit = CareVisit(child=child, visit_date=visit_date, seen_alone=seen_alone, recorded_by=acting_user)
    visit.full_clean()
    visit.save()
    for item in ts.VISIT_ITEMS:
        clock_complete(child=child, item=item, completed=visit_date)
    clock_start(child=child, item=next_visit_item(episode, visit_date), started=visit_date, source=visit)
    return visit


@transaction.atomic
def health_check_record(*, child: Child, kind: str, check_date: date, acting_user,
                        sdq_score: int | None = None) -> HealthCheck:
    """Health assessments (initial before the first review; then 6-monthly under 5, yearly
    from 5), dental checks (DfE/DHSC 2015 statutory guidance) and the strengths and difficulties
    questionnaire score (SSDA903 OC2 SDQ_SCORE, 0 to 40)."""
    _period_for(child)
    if kind == HealthCheck.Kind.SDQ and sdq_score is None:
        raise ValidationError({"sdq_score": "Enter the SDQ score, a whole number from 0 to 40"})
    if kind != HealthCheck.Kind.SDQ and sdq_score is not None:
        raise ValidationError({"sdq_score": "Only enter an SDQ score for a strengths and difficulties questionnaire"})
    check = HealthCheck(child=child, kind=kind, check_date=check_date, sdq_score=sdq_score, recorded_by=acting_user)
    check.full_clean()
    check.save()
    if kind == HealthCheck.Kind.SDQ:
        return check  # the questionnaire is not a health assessment: no health clock moves
    if kind == HealthCheck.Kind.DENTAL:
        clock_complete(child=child, item=ts.DENTAL, completed=check_date)
        clock_start(child=child, item=ts.DENTAL, started=check_date, source=check)
        return check
    for item in ts.HEALTH_ITEMS:
        clock_complete(child=child, item=item, completed=check_date)
    age = age_on(child, check_date)
    item = ts.HEALTH_REVIEW_UNDER_5 if age is not None and age < 5 else ts.HEALTH_REVIEW_5_PLUS
    clock_start(child=child, item=item, started=check_date, source=check)
    return check


# ---- Missing episodes and return home interviews ----------------------------------------------

def _start_rhi_clock(episode: MissingEpisode) -> None:
    clock = clock_start(child=episode.child, item=ts.RHI, started=episode.ended_at, source=episode)
    episode.rhi_due_at = clock.due_at


@transaction.atomic
def missing_record(*, child: Child, kind: str, started_at: datetime, ended_at: datetime | None = None,
                   where_found: str = "", reported_to_police: bool = False, acting_user) -> MissingEpisode:
    """903 Missing: a period missing (M) or away without authorisation (A). When the child is
    back, the 72-hour return home interview clock starts (DfE 2014 guidance)."""
    errors = {}
    if ended_at is not None and ended_at <= started_at:
        errors["ended_at"] = "The date and time the child returned must be after they went missing"
    overlap = MissingEpisode.objects.filter(child=child, started_at__lt=ended_at or timezone.now()).exclude(
        ended_at__lte=started_at).first() if not errors else None
    if overlap is not None:
        errors["started_at"] = (f"This overlaps the missing episode that started {_ukdate(overlap.started_at)}: "
                                "a child can only be missing once at a time")
    if errors:
        raise ValidationError(errors)
    episode = MissingEpisode(child=child, kind=kind, started_at=started_at, ended_at=ended_at, where_found=where_found,
                             reported_to_police=reported_to_police, recorded_by=acting_user)
    episode._history_user = acting_user
    episode.full_clean()
    episode.save()
    if ended_at is not None:
        _start_rhi_clock(episode)
        episode.save(update_fields=["rhi_due_at"])
    return episode


@transaction.atomic
def missing_return(*, episode: MissingEpisode, ended_at: datetime, where_found: str, read_version: int,
                   acting_user) -> MissingEpisode:
    """The child is back: record when and where, and start the 72-hour interview clock."""
    if ended_at <= episode.started_at:
        raise ValidationError({"ended_at": f"The date and time the child returned must be after they went missing "
                                           f"({_ukdate(episode.started_at)})"})
    episode.ended_at, episode.where_found = ended_at, where_found
    _start_rhi_clock(episode)
    episode._history_user = acting_user
    episode.full_clean()
    save_if_unchanged(episode, read_version=read_version, fields=["ended_at", "where_found", "rhi_due_at"])
    return episode


@transaction.atomic
def interview_record(*, episode: MissingEpisode, offered_at: datetime, offered_by: str, independent: bool,
                     response: str = "", completed_on: date | None = None, why_missing: str = "",
                     risk_exploitation: bool = False, push_factors: str = "", pull_factors: str = "",
                     read_version: int, acting_user) -> MissingEpisode:
    """The return home interview: offered within 72 hours of the return, ideally by someone
    independent (DfE 2014). The offer stops the clock; late offers stay visible as missed."""
    errors = {}
    if episode.ended_at is None:
        raise ValidationError("Record when the child returned before recording the return home interview")
    if offered_at < episode.ended_at:
        errors["offered_at"] = (f"The interview must be offered after the child returned "
                                f"({_ukdate(episode.ended_at)})")
    if completed_on is not None:
        if response == MissingEpisode.Accepted.DECLINED:
            errors["completed_on"] = "Leave the date completed blank: the child declined the interview"
        elif completed_on < timezone.localtime(offered_at).date():
            errors["completed_on"] = "Date the interview was completed must be on or after the day it was offered"
    if errors:
        raise ValidationError(errors)
    fields = dict(rhi_offered_at=offered_at, rhi_offered_by=offered_by, rhi_independent=independent,
                  rhi_response=response, rhi_completed_on=completed_on, why_missing=why_missing,
                  risk_exploitation=risk_exploitation, push_factors=push_factors, pull_factors=pull_factors)
    for name, value in fields.items():
        setattr(episode, name, value)
    episode._history_user = acting_user
    episode.full_clean()
    save_if_unchanged(episode, read_version=read_version, fields=list(fields))
    clock_complete(child=episode.child, item=ts.RHI, completed=offered_at, source=episode)
    return episode


# ---- Social worker episodes ---------------------------------------------------------------

@transaction.atomic
def social_worker_change_record(*, allocation: Allocation, reason: str, acting_user,
                                read_version: int | None = None) -> SocialWorkerChange:
    """903 SWEpisodes SW_REASON for a change of allocated social worker. `read_version` is the
    reason's version when the form was read (0: none recorded yet); a reason someone else
    recorded since raises ConcurrentEditError. None skips the check."""
    if allocation.worker_id is None:
        raise ValidationError({"reason": "This allocation has no social worker, so it is not a social worker episode"})
    change = SocialWorkerChange.objects.filter(allocation=allocation).first()
    if change is None:
        change = SocialWorkerChange(allocation=allocation, reason=reason, recorded_by=acting_user)
        change.full_clean()
        save_new_if_absent(change, fields=["reason"])
        return change
    change.reason, change.recorded_by = reason, acting_user
    change.full_clean()
    save_if_unchanged(change, read_version=change.version if read_version is None else read_version,
                      fields=["reason", "recorded_by", "recorded_at"], shown=["reason"])
    return change


# ---- Care leavers ------------------------------------------------------------------------

def _sixteenth_birthday(child: Child) -> date | None:
    return child.date_of_birth + relativedelta(years=16) if child.date_of_birth else None


@transaction.atomic
def care_leaver_set(*, child: Child, category: str, personal_adviser=None, personal_adviser_name: str = "",
                    needs_assessment_on: date | None = None, pathway_plan_on: date | None = None,
                    read_version: int | None = None, acting_user) -> CareLeaver:
    """Care leaver status (Children (Leaving Care) Act 2000; CPPCR 2010 regs 40-42): the needs
    assessment is due 3 months after the 16th birthday, pathway plan reviews every 6 months."""
    if personal_adviser is not None and personal_adviser_name:
        raise ValidationError({"personal_adviser_name": "Choose a personal adviser from the list or type a name, not both"})
    record = CareLeaver.objects.filter(child=child).first()
    created = record is None
    record = record or CareLeaver(child=child, recorded_by=acting_user)
    had_plan = record.pathway_plan_on
    fields = dict(category=category, personal_adviser=personal_adviser, personal_adviser_name=personal_adviser_name,
                  needs_assessment_on=needs_assessment_on, pathway_plan_on=pathway_plan_on)
    for name, value in fields.items():
        setattr(record, name, value)
    record._history_user = acting_user
    record.full_clean()
    if created:
        save_new_if_absent(record, fields=list(fields))
        sixteen = _sixteenth_birthday(child)
        if sixteen is not None:
            clock_start(child=child, item=ts.NEEDS_ASSESSMENT, started=sixteen, source=record)
    else:
        save_if_unchanged(record, read_version=read_version or 0, fields=list(fields))
    if needs_assessment_on:
        clock_complete(child=child, item=ts.NEEDS_ASSESSMENT, completed=needs_assessment_on)
    if pathway_plan_on and not had_plan:
        clock_start(child=child, item=ts.PATHWAY_REVIEW, started=pathway_plan_on, source=record)
    return record


@transaction.atomic
def pathway_review_record(*, child: Child, review_date: date, acting_user) -> PathwayPlanReview:
    leaver = CareLeaver.objects.filter(child=child).first()
    if leaver is None or leaver.pathway_plan_on is None:
        raise ValidationError({"review_date": "Record the care leaver's pathway plan before its reviews"})
    if review_date < leaver.pathway_plan_on:
        raise ValidationError({"review_date": f"Date of the pathway plan review must be on or after the plan "
                                              f"({_ukdate(leaver.pathway_plan_on)})"})
    review = PathwayPlanReview(child=child, review_date=review_date, recorded_by=acting_user)
    review.full_clean()
    review.save()
    clock_complete(child=child, item=ts.PATHWAY_REVIEW, completed=review_date)
    clock_start(child=child, item=ts.PATHWAY_REVIEW, started=review_date, source=review)
    return review


@transaction.atomic
def care_leaver_contact_record(*, child: Child, birthday: int, contact_date: date, in_touch: str,
                               accommodation: str = "", accommodation_suitable: bool | None = None,
                               activity: str = "", acting_user) -> CareLeaverContact:
    """903 OC3: in touch, accommodation and its suitability, and activity, around each
    birthday from the 17th to the 21st (the 903 counts contact within 3 months either side)."""
    errors = {}
    if not 17 <= birthday <= 21:
        errors["birthday"] = "Select a birthday from the 17th to the 21st"
    elif child.date_of_birth:
        day = child.date_of_birth + relativedelta(years=birthday)
        if abs((contact_date - day).days) > 92:
            errors["contact_date"] = (f"Date of contact must be within 3 months either side of the {birthday}th "
                                      f"birthday ({_ukdate(day)})")
    if in_touch == codes.InTouch.YES:
        if not accommodation:
            errors["accommodation"] = "Select the young person's accommodation"
        if accommodation and accommodation_suitable is None:
            errors["accommodation_suitable"] = "Select whether the accommodation is suitable"
        if not activity:
            errors["activity"] = "Select the young person's main activity"
    if not errors and CareLeaverContact.objects.filter(child=child, birthday=birthday).exists():
        errors["birthday"] = f"Contact around the {birthday}th birthday is already recorded"
    if errors:
        raise ValidationError(errors)
    contact = CareLeaverContact(child=child, birthday=birthday, contact_date=contact_date, in_touch=in_touch,
                                accommodation=accommodation, accommodation_suitable=accommodation_suitable,
                                activity=activity, recorded_by=acting_user)
    contact.full_clean()
    contact.save()
    return contact


# ---- Adoption ---------------------------------------------------------------------------

ADOPTION_FIELDS = ("decision_date", "placement_order_date", "match_date", "placed_date", "adoption_order_date",
                   "foster_carer_adopting", "number_of_adopters", "adopter_sex", "adopter_legal_status",
                   "reversed_date", "reversed_reason")
_ADOPTION_ORDER = [("placement_order_date", "Date of the placement order", "decision_date", "the decision"),
                   ("match_date", "Date of the match", "decision_date", "the decision"),
                   ("placed_date", "Date placed for adoption", "match_date", "the match"),
                   ("adoption_order_date", "Date of the adoption order", "placed_date", "the child was placed"),
                   ("reversed_date", "Date the decision was reversed", "decision_date", "the decision")]


@transaction.atomic
def adoption_set(*, child: Child, read_version: int | None = None, acting_user, **values) -> AdoptionRecord:
    """Adoption milestones for 903 AD1 / PlacedAdoption and Annex A list 10, in order."""
    errors = {}
    for field, label, after, after_label in _ADOPTION_ORDER:
        if values.get(field) and values.get(after) and values[field] < values[after]:
            errors[field] = f"{label} must be on or after the date of {after_label}"
    if values.get("reversed_date") and not values.get("reversed_reason"):
        errors["reversed_reason"] = "Select why the decision was reversed"
    if values.get("reversed_reason") and not values.get("reversed_date"):
        errors["reversed_date"] = "Enter the date the decision was reversed"
    if values.get("reversed_date") and values.get("adoption_order_date"):
        errors["reversed_date"] = "A decision cannot be reversed after the adoption order"
    if errors:
        raise ValidationError(errors)
    record = AdoptionRecord.objects.filter(child=child).first()
    created = record is None
    record = record or AdoptionRecord(child=child, recorded_by=acting_user)
    for name in ADOPTION_FIELDS:
        setattr(record, name, values.get(name) if values.get(name) is not None else
                ("" if isinstance(AdoptionRecord._meta.get_field(name).default, str) or
                 AdoptionRecord._meta.get_field(name).get_internal_type() == "CharField" else None))
    record._history_user = acting_user
    record.full_clean()
    if created:
        save_new_if_absent(record, fields=list(ADOPTION_FIELDS))
    else:
        save_if_unchanged(record, read_version=read_version or 0, fields=list(ADOPTION_FIELDS))
    return record


# ---- SSDA903 items recorded by the worker (Header MOTHER, UASC, OC2, PrevPerm) ------------------
# Each page edits one record. `read_version` is the version the page was read at (0: before any
# record existed), so a stale save is refused (core.concurrency); None, from the demo and other
# code that owns the record, saves without the check.

MOTHER_FIELDS = ("is_mother", "first_child_born")
UASC_FIELDS = ("ceased_on",)
OUTCOME_FIELDS = ("immunisations", "convicted", "substance_misuse", "intervention_received", "intervention_offered",
                  "sdq_reason")
PERMANENCE_FIELDS = ("previous_permanence", "previous_permanence_la", "previous_permanence_date")


def _save_versioned(obj, fields, *, read_version: int | None, acting_user):
    """Create `obj`, or save `fields` of a stored one if nobody changed it since `read_version`."""
    obj._history_user = acting_user
    obj.full_clean()
    if obj.pk is None:
        if read_version:  # the page showed a record that has since been removed
            raise ValidationError("This record was removed after you opened the page: reload it")
        obj.recorded_by = acting_user
        save_new_if_absent(obj, fields=list(fields))
    else:
        save_if_unchanged(obj, read_version=obj.version if read_version is None else read_version,
                          fields=list(fields))
    return obj


@transaction.atomic
def mother_status_record(*, child: Child, is_mother: bool, first_child_born: date | None = None,
                         read_version: int | None = None, acting_user) -> MotherStatus:
    """903 MOTHER and MC_DOB: the first child's date of birth is needed when she is a mother and
    only then (rules 611, 612); it is after her own birth (621), when she was 11 or over (620),
    and not in the future (625)."""
    _period_for(child)
    if child.sex != "F":
        raise ValidationError({"is_mother": "Mother status is recorded only for a girl or young woman"})
    if is_mother and first_child_born is None:
        raise ValidationError({"first_child_born": "Enter the date of birth of her first child"})
    if not is_mother and first_child_born is not None:
        raise ValidationError({"first_child_born": "Only enter a date of birth if she is a mother"})
    if first_child_born and first_child_born > timezone.localdate():
        raise ValidationError({"first_child_born": "Date of birth of her first child must be today or in the past"})
    if first_child_born and child.date_of_birth and first_child_born <= child.date_of_birth:
        raise ValidationError({"first_child_born": "Date of birth of her first child must be after her own date "
                                                   f"of birth ({_ukdate(child.date_of_birth)})"})
    if first_child_born and child.date_of_birth and age_on(child, first_child_born) < 11:
        raise ValidationError({"first_child_born": "Date of birth of her first child must be after she turned 11"})
    status = MotherStatus.objects.filter(child=child).first() or MotherStatus(child=child)
    status.is_mother, status.first_child_born = is_mother, first_child_born
    return _save_versioned(status, MOTHER_FIELDS, read_version=read_version, acting_user=acting_user)


@transaction.atomic
def uasc_status_record(*, child: Child, is_uasc: bool, ceased_on: date | None = None,
                       read_version: int | None = None, acting_user) -> UASCStatus | None:
    """903 UASC: the child is or was an unaccompanied asylum-seeking child, and the date that status
    ceased (DUC), on or before the 18th birthday (rule 304) and only for a UASC (303). No removes
    a record made in error. Asked of a child who is or has been looked after."""
    if not CareEpisode.objects.filter(child=child).exists():
        raise ValidationError({"is_uasc": "Record that the child is looked after first"})
    errors = {}
    if ceased_on and not is_uasc:
        errors["ceased_on"] = "Only enter the date UASC status ceased if the child is or was a UASC"
    elif ceased_on and ceased_on > timezone.localdate():
        errors["ceased_on"] = "Date UASC status ceased must be today or in the past"
    elif ceased_on and child.date_of_birth:
        eighteenth = child.date_of_birth + relativedelta(years=18)
        if ceased_on > eighteenth:
            errors["ceased_on"] = ("Date UASC status ceased must be on or before the child's 18th birthday "
                                   f"({_ukdate(eighteenth)})")
        elif ceased_on <= child.date_of_birth:
            errors["ceased_on"] = "Date UASC status ceased must be after the child's date of birth"
    if errors:
        raise ValidationError(errors)
    status = UASCStatus.objects.select_for_update().filter(child=child).first()
    if status is not None and read_version is not None:
        try:
            check_unchanged(status, read_version=read_version, fields=list(UASC_FIELDS))
        except ConcurrentEditError as error:
            if read_version == 0:  # read before anyone recorded the child as a UASC: say that they did
                error.changes = {"is_uasc": True, **error.changes}
            raise
    if not is_uasc:
        if status is not None:
            status._history_user = acting_user
            status.delete()
        return None
    status = status or UASCStatus(child=child)
    status.ceased_on = ceased_on
    return _save_versioned(status, UASC_FIELDS, read_version=read_version, acting_user=acting_user)


def collection_year_of(day: date) -> int:
    """The collection year (named by the year it ends) that `day` falls in."""
    return day.year + 1 if day.month >= 4 else day.year


@transaction.atomic
def year_outcomes_record(*, child: Child, year: int, acting_user, convicted: bool | None = None,
                         immunisations: bool | None = None, substance_misuse: bool | None = None,
                         intervention_received: bool | None = None, intervention_offered: bool | None = None,
                         sdq_reason: str = "", read_version: int | None = None) -> YearOutcomes:
    """903 OC2 items for the collection year ending in `year`. Convictions are asked from age 10
    at 31 March (rule 542). An intervention received is asked only with a substance misuse
    problem, and one offered only when none was received (rules 158, 159, 192, 193). A reason for
    no SDQ score is for a child aged 4 to 16 in the year (188, 189), and SDQ1 (too young or too
    old) only for one who turned 4, or reached 16, during it (157)."""
    _period_for(child)
    errors = {}
    born = child.date_of_birth
    year_start, year_end = date(year - 1, 4, 1), date(year, 3, 31)
    if convicted is not None and born and relativedelta(year_end, born).years < 10:
        errors["convicted"] = f"Only answer this for a child aged 10 or over on 31 March {year}"
    if substance_misuse and intervention_received is None:
        errors["intervention_received"] = "Select whether the child received an intervention"
    if not substance_misuse and intervention_received is not None:
        errors["intervention_received"] = "Only answer this if a substance misuse problem was identified"
    if substance_misuse and intervention_received is False and intervention_offered is None:
        errors["intervention_offered"] = "Select whether the child was offered an intervention"
    if not (substance_misuse and intervention_received is False) and intervention_offered is not None:
        errors["intervention_offered"] = "Only answer this if the child received no intervention"
    if sdq_reason and born:
        if relativedelta(year_end, born).years < 4:
            errors["sdq_reason"] = f"No SDQ is asked of a child under 4 on 31 March {year}: leave the reason blank"
        elif relativedelta(year_start, born).years >= 17:
            errors["sdq_reason"] = (f"No SDQ is asked of a young person aged 17 or over on 1 April {year - 1}: "
                                    "leave the reason blank")
        elif sdq_reason == codes.SDQReason.SDQ1 and born + relativedelta(years=4) <= year_start \
                and born + relativedelta(years=16) >= year_end:
            errors["sdq_reason"] = (f"SDQ1 is for a child under 4 or over 17; this child was aged 4 to 15 all "
                                    f"year: choose another reason")
    if errors:
        raise ValidationError(errors)
    outcomes = YearOutcomes.objects.filter(child=child, year=year).first() or YearOutcomes(child=child, year=year)
    for name, value in (("convicted", convicted), ("immunisations", immunisations),
                        ("substance_misuse", substance_misuse), ("intervention_received", intervention_received),
                        ("intervention_offered", intervention_offered), ("sdq_reason", sdq_reason)):
        setattr(outcomes, name, value)
    return _save_versioned(outcomes, OUTCOME_FIELDS, read_version=read_version, acting_user=acting_user)


def permanence_date_latest(value: str) -> date | None:
    """DATE_PERM (dd/mm/yyyy, ZZ for a part not known) as the latest day it could be, as the DfE
    validator reads it (rule 632); None for an unknown year or a day that does not exist."""
    day, month, year = value.split("/")
    if year == "ZZZZ":
        return None
    try:
        if month == "ZZ":
            return date(int(year), 12, 31)
        if day == "ZZ":
            return date(int(year), int(month), 1) + relativedelta(months=1, days=-1)
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def first_episode_of_period(child: Child) -> CareEpisode | None:
    """The episode that began the child's latest period of care (where PrevPerm is kept)."""
    return CareEpisode.objects.filter(child=child, reason_new_episode=RNE.STARTED).order_by("-start_date").first()


@transaction.atomic
def previous_permanence_record(*, child: Child, previous_permanence: str, previous_permanence_la: str = "",
                               previous_permanence_date: str = "", read_version: int | None = None,
                               acting_user) -> CareEpisode:
    """903 PrevPerm, on the episode that began the child's latest period of care. The LA and the
    date of the order are needed for any option but Z1, not known (rule 630), and left blank
    with Z1 (635); the order is dated before the period of care began (632)."""
    episode = first_episode_of_period(child)
    if episode is None:
        raise ValidationError({"previous_permanence": "Record that the child is looked after first"})
    errors = {}
    if previous_permanence == codes.PreviousPermanence.Z1:
        if previous_permanence_la:
            errors["previous_permanence_la"] = "Leave the local authority blank when it is not known (Z1)"
        if previous_permanence_date:
            errors["previous_permanence_date"] = "Leave the date of the order blank when it is not known (Z1)"
    else:
        if not previous_permanence_la:
            errors["previous_permanence_la"] = "Enter the code of the local authority that arranged the order"
        if not previous_permanence_date:
            errors["previous_permanence_date"] = "Enter the date of the order"
    if previous_permanence_date and "previous_permanence_date" not in errors and \
            PERMANENCE_DATE_SHAPE.match(previous_permanence_date):
        latest = permanence_date_latest(previous_permanence_date)
        if latest is None and not previous_permanence_date.endswith("ZZZZ"):
            errors["previous_permanence_date"] = "Date of the order must be a real date, like 27/03/2021"
        elif latest is not None and latest >= episode.period_start:
            errors["previous_permanence_date"] = ("Date of the order must be before the child started to be looked "
                                                  f"after ({_ukdate(episode.period_start)})")
    if errors:
        raise ValidationError(errors)
    episode.previous_permanence = previous_permanence
    episode.previous_permanence_la = previous_permanence_la
    episode.previous_permanence_date = previous_permanence_date
    episode._history_user = acting_user
    episode.full_clean()
    save_if_unchanged(episode, read_version=episode.version if read_version is None else read_version,
                      fields=list(PERMANENCE_FIELDS))
    return episode


# ---- Adopters (Ofsted Annex A list 11) ----------------------------------------------------------

ADOPTER_FIELDS = ("full_name", "household", "sex", "ethnicity", "disability", "fostering_for_adoption",
                  "enquiry_date", "stage1_start", "stage1_end", "stage2_start", "stage2_end", "application_date",
                  "approval_date", "matched_date", "placed_date", "children_placed", "adoption_order_date",
                  "left_date", "left_reason")
# Each date of the process, and the step it cannot come before.
_ADOPTER_ORDER = [("stage1_start", "Stage 1 started", "enquiry_date", "the enquiry"),
                  ("stage1_end", "Stage 1 ended", "stage1_start", "the start of stage 1"),
                  ("stage2_start", "Stage 2 started", "stage1_end", "the end of stage 1"),
                  ("stage2_end", "Stage 2 ended", "stage2_start", "the start of stage 2"),
                  ("application_date", "Application submitted", "enquiry_date", "the enquiry"),
                  ("approval_date", "Application approved", "application_date", "the application"),
                  ("matched_date", "Matched", "approval_date", "the approval"),
                  ("placed_date", "Placed", "matched_date", "the match"),
                  ("adoption_order_date", "Adoption order", "placed_date", "the placement"),
                  ("left_date", "Left the process", "enquiry_date", "the enquiry")]


@transaction.atomic
def adopter_save(*, adopter: Adopter | None = None, read_version: int | None = None, acting_user,
                 **values) -> Adopter:
    """Create or update a prospective adopter; the process's dates must be in order."""
    errors = {}
    for field, label, after, after_label in _ADOPTER_ORDER:
        if values.get(field) and values.get(after) and values[field] < values[after]:
            errors[field] = f"{label} must be on or after the date of {after_label}"
    for field, label, needs, needs_label in (("approval_date", "approved", "application_date", "submitted"),
                                             ("placed_date", "placed", "matched_date", "matched"),
                                             ("adoption_order_date", "given an adoption order", "placed_date",
                                              "placed")):
        if values.get(field) and not values.get(needs) and field not in errors:
            errors[needs] = f"Enter the date {needs_label}: the adopter cannot be {label} without it"
    if values.get("placed_date") and not values.get("children_placed"):
        errors["children_placed"] = "Enter how many children were placed with the adopter"
    if values.get("children_placed") and not values.get("placed_date"):
        errors["placed_date"] = "Enter the date the children were placed"
    if values.get("left_date") and not values.get("left_reason"):
        errors["left_reason"] = "Select why the adopter left the process"
    if values.get("left_reason") and not values.get("left_date"):
        errors["left_date"] = "Enter the date the adopter left the process"
    if errors:
        raise ValidationError(errors)
    created = adopter is None
    adopter = adopter or Adopter(recorded_by=acting_user)
    for name in ADOPTER_FIELDS:
        field = Adopter._meta.get_field(name)
        blank = field.get_default() if field.has_default() else ("" if field.get_internal_type() == "CharField"
                                                                  else None)
        setattr(adopter, name, values.get(name) if values.get(name) not in (None, "") else blank)
    adopter.recorded_by = acting_user
    adopter._history_user = acting_user
    adopter.full_clean()
    if created:
        adopter.save()
    else:
        save_if_unchanged(adopter, read_version=adopter.version if read_version is None else read_version,
                          fields=[*ADOPTER_FIELDS, "recorded_by"], shown=list(ADOPTER_FIELDS))
    return adopter
