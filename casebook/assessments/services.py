"""Writes for child and family assessments.

Working Together to Safeguard Children 2023, chapter 2: an assessment concludes no later than
45 working days from the referral; when it takes longer the reason is recorded. CIN census
Assessments block: start date, authorisation date, factors identified (21 = no factors).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.assessments.codes import Factor
from casebook.assessments.models import Assessment
from casebook.assessments.timescales import ASSESSMENT
from casebook.clocks import services as clocks
from casebook.clocks import timescales
from casebook.core.concurrency import save_if_unchanged
from casebook.episodes.models import EpisodeOfNeed
from casebook.core.templatetags.govuk import ukdate


def open_episode(child) -> EpisodeOfNeed | None:
    return EpisodeOfNeed.objects.filter(child=child, closure_date__isnull=True).first()


def validate_factors(factors: list[str]) -> list[str]:
    """Known census codes only; 21 ("no factors identified") cannot go with any other code."""
    known = set(Factor.values)
    unknown = [f for f in factors if f not in known]
    if unknown:
        raise ValidationError({"factors": "Select factors from the list"})
    if Factor.NONE in factors and len(factors) > 1:
        raise ValidationError({"factors": "Select 'No factors identified' or the factors, not both"})
    return sorted(set(factors), key=Factor.values.index)


@transaction.atomic
def assessment_start(*, child, start_date: date, acting_user) -> Assessment:
    """Start a child and family assessment on the child's open episode of need. Its 45-working-day
    clock runs from the referral that opened the episode (Working Together 2023, chapter 2)."""
    episode = open_episode(child)
    if episode is None:
        raise ValidationError("Record a referral before starting an assessment: the child has no open episode of need")
    if start_date < episode.referral_date:
        raise ValidationError({"start_date": "Start date must be on or after the referral date "
                                             f"({ukdate(episode.referral_date)})"})
    assessment = Assessment(child=child, episode=episode, start_date=start_date,
                            due_on=timescales.get(ASSESSMENT).due(episode.referral_date), recorded_by=acting_user)
    assessment.full_clean()
    assessment.save()
    clocks.clock_start(child=child, item=ASSESSMENT, started=episode.referral_date, source=assessment)
    return assessment


@transaction.atomic
def assessment_update(*, assessment: Assessment, read_version: int, child_seen_on: date | None, analysis: str,
                      factors: list[str], outcome: str, authorised_on: date | None, delay_reason: str,
                      acting_user) -> Assessment:
    """Record the assessment's content and, once a manager authorises it, stop its clock.

    Raises ValidationError when authorised before it started, when authorised without an
    outcome, or when authorised after the 45-working-day due date without a reason for the delay.
    Raises ConcurrentEditError when someone saved it after `read_version`.
    """
    errors = {}
    if child_seen_on and child_seen_on < assessment.episode.referral_date:
        errors["child_seen_on"] = "Date the child was seen must be on or after the referral date"
    if authorised_on:
        if authorised_on < assessment.start_date:
            errors["authorised_on"] = "Date authorised must be on or after the date the assessment started"
        elif not outcome:
            errors["outcome"] = "Select the outcome of the assessment before it is authorised"
        elif authorised_on > assessment.due_on and not delay_reason.strip():
            errors["delay_reason"] = ("Enter the reason for the delay: the assessment was authorised after "
                                      f"its due date ({ukdate(assessment.due_on)}, 45 working days from the referral)")
        if not factors:
            errors["factors"] = "Select the factors identified, or 'No factors identified'"
    if errors:
        raise ValidationError(errors)
    assessment.child_seen_on, assessment.analysis = child_seen_on, analysis
    assessment.factors, assessment.outcome = validate_factors(factors), outcome
    assessment.authorised_on, assessment.delay_reason = authorised_on, delay_reason
    assessment._history_user = acting_user
    assessment.full_clean()
    save_if_unchanged(assessment, read_version=read_version,
                      fields=["child_seen_on", "analysis", "factors", "outcome", "authorised_on", "delay_reason"])
    if authorised_on:
        clocks.clock_complete(child=assessment.child, item=ASSESSMENT, completed=authorised_on, source=assessment)
    return assessment
