from casebook.core import chronology
from casebook.episodes.models import EpisodeOfNeed, Referral


def referral_entries(child):
    for referral in Referral.objects.filter(child=child).select_related("recorded_by"):
        flag = " – re-referral" if referral.is_re_referral else ""
        yield chronology.Entry(
            when=referral.referral_date, kind="referral", title=f"Referral ({referral.get_source_display()}){flag}",
            detail=("No further action. " if referral.nfa else "") + (referral.get_primary_need_display() or ""),
            by=referral.recorded_by.full_name if referral.recorded_by else "",
        )


def closure_entries(child):
    for episode in EpisodeOfNeed.objects.filter(child=child, closure_date__isnull=False):
        yield chronology.Entry(when=episode.closure_date, kind="closure", title="Episode of need closed",
                               detail=episode.get_closure_reason_display())


chronology.register("referral", "Referrals", referral_entries)
chronology.register("closure", "Closures", closure_entries)
