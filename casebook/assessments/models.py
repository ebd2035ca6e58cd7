"""Child and family assessments: the CIN census Assessments block of an episode of need."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.assessments.codes import Outcome
from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class Assessment(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="assessments")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField("Start date")  # AssessmentActualStartDate
    due_on = models.DateField("Due", help_text="45 working days from the referral")
    child_seen_on = models.DateField("Date the child was seen", null=True, blank=True)
    analysis = models.TextField("Analysis", blank=True)
    factors = models.JSONField("Factors identified", default=list, blank=True)  # FactorsIdentifiedAtAssessment
    outcome = models.CharField("Outcome", max_length=24, choices=Outcome.choices, blank=True)
    authorised_on = models.DateField("Date authorised by a manager", null=True, blank=True)  # AssessmentAuthorisationDate
    delay_reason = models.TextField("Reason for the delay", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(authorised_on__isnull=True) | Q(authorised_on__gte=F("start_date")),
                                   name="assessment_authorised_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child and family assessment from {ukdate(self.start_date)}"

    @property
    def is_authorised(self) -> bool:
        return self.authorised_on is not None

    @property
    def factor_labels(self) -> list[str]:
        from casebook.assessments.codes import Factor

        labels = dict(Factor.choices)
        return [labels.get(code, code) for code in self.factors]
