"""Referrals open episodes of need; closures end them."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from casebook.episodes.models import EpisodeOfNeed, Referral

RE_REFERRAL_MONTHS = 12


def is_re_referral(*, referral_date: date, previous_referral_date: date | None) -> bool:
    """A referral within 12 months of the previous referral (DfE, Children in need statistics)."""
    if previous_referral_date is None:
        return False
    return previous_referral_date <= referral_date <= previous_referral_date + relativedelta(months=RE_REFERRAL_MONTHS)


@transaction.atomic
def referral_record(*, child, referral_date: date, source: str, primary_need: str = "", nfa: bool = False,
                    acting_user) -> Referral:
    """Record a referral: it opens an episode of need, or joins the child's open one."""
    previous = Referral.objects.filter(child=child, referral_date__lte=referral_date).order_by("-referral_date").first()
    episode = EpisodeOfNeed.objects.select_for_update().filter(child=child, closure_date__isnull=True).first()
    if episode is not None and referral_date < episode.referral_date:
        raise ValidationError({"referral_date": "Referral date must be on or after the start of the open episode"})
    if episode is None:
        episode = EpisodeOfNeed(child=child, referral_date=referral_date, referral_source=source,
                                primary_need=primary_need, referral_nfa=nfa, recorded_by=acting_user)
        episode.full_clean()
        episode.save()
    referral = Referral(
        child=child, episode=episode, referral_date=referral_date, source=source, primary_need=primary_need, nfa=nfa,
        recorded_by=acting_user, previous_referral_date=previous.referral_date if previous else None,
        is_re_referral=is_re_referral(referral_date=referral_date,
                                      previous_referral_date=previous.referral_date if previous else None),
    )
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def episode_close(*, episode: EpisodeOfNeed, closure_date: date, closure_reason: str, acting_user,
                  open_items_check=None) -> EpisodeOfNeed:
    """Close the episode. `open_items_check(episode)` may return reasons it cannot close yet
    (an open plan); each is raised as a ValidationError naming the rule."""
    if closure_date < episode.referral_date:
        raise ValidationError({"closure_date": "Closure date must be on or after the referral date"})
    problems = open_items_check(episode) if open_items_check else []
    if problems:
        raise ValidationError(problems)
    episode.closure_date, episode.closure_reason = closure_date, closure_reason
    episode._history_user = acting_user
    episode.full_clean()
    episode.save(update_fields=["closure_date", "closure_reason", "updated_at"])
    return episode
