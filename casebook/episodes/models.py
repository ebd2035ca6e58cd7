"""The episode of need: the spine of the CIN census (one CINdetails block per episode).

An episode opens with a referral and closes with a date and a reason. Assessments, section 47
enquiries, CP and CIN plans belong to an episode. A child has at most one open episode; a
further referral while one is open is recorded against it (as a Referral row) without opening
a new episode.
"""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.episodes.codes import ClosureReason, PrimaryNeed, ReferralSource
from casebook.core.templatetags.govuk import ukdate


class EpisodeOfNeed(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    referral_nfa = models.BooleanField("Referral: no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(closure_date__isnull=True), name="one_open_episode"),
            models.CheckConstraint(condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                                   name="episode_closes_after_referral"),
            models.CheckConstraint(condition=Q(closure_date__isnull=True) | ~Q(closure_reason=""),
                                   name="closed_episode_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Episode from {ukdate(self.referral_date)}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class Referral(RecordedModel):
    """A referral to children's social care. The first opens the episode; later ones while it is
    open are recorded against it. `is_re_referral`: within 12 months of the previous referral."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="referrals")
    episode = models.ForeignKey(EpisodeOfNeed, on_delete=models.CASCADE, related_name="referrals")
    referral_date = models.DateField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    nfa = models.BooleanField("No further action", default=False)
    is_re_referral = models.BooleanField(default=False)
    previous_referral_date = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date"]
        indexes = [models.Index(fields=["child", "referral_date"]), models.Index(fields=["referral_date"])]
