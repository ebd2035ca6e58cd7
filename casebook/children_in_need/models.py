"""Child in need plans (CIN census CINPlanDates), their reviews and visits."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class CINPlan(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="cin_plans")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField("Start date")  # CINPlanStartDate
    end_date = models.DateField("End date", null=True, blank=True)  # CINPlanEndDate
    stepped_down_from = models.ForeignKey("child_protection.CPPlan", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+")
    minimum_until = models.DateField("Minimum period of support until", null=True, blank=True,
                                     help_text="After a child protection plan: the local minimum period of CIN support")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["end_date", "start_date"])]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(end_date__isnull=True), name="one_open_cin_plan"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="cin_plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {ukdate(self.start_date)}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class CINReview(RecordedModel):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("Date of the review")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]


class CINVisit(RecordedModel):
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("Date of the visit")
    seen = models.BooleanField("Child seen", default=False)
    seen_alone = models.BooleanField("Child seen alone", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "-pk"]
