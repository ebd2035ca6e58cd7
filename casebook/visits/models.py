"""Every visit to a child, whatever the plan: who was there, whether the child was seen (alone,
and their bedroom), the child's wishes and feelings in their own words, direct work, observations,
analysis and actions. Statutory visit clocks stay with the apps that own them: a CP, CIN or
looked-after visit also writes that app's own visit row (CPVisit, CINVisit, CareVisit) through its
service, linked here, so their clocks and returns keep working from one record of the visit."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class VisitKind(models.TextChoices):
    CP = "cp", "Child protection visit"
    CIN = "cin", "Child in need visit"
    LOOKED_AFTER = "looked_after", "Looked-after statutory visit"
    OTHER = "other", "Other visit"


class Visit(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("Date of the visit")
    visited_at = models.TimeField("Time of the visit", null=True, blank=True)  # optional; older visits have none
    kind = models.CharField("Type of visit", max_length=16, choices=VisitKind.choices)
    present = models.TextField("Who was present", blank=True)
    seen = models.BooleanField("Child seen", default=False)
    seen_alone = models.BooleanField("Child seen alone", default=False)
    bedroom_seen = models.BooleanField("Child's bedroom seen", default=False)
    wishes_and_feelings = models.TextField("The child's wishes and feelings, in their own words", blank=True)
    goal = models.ForeignKey("plans.Goal", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="informed_by_visits", verbose_name="Plan goal the child's words inform")
    direct_work = models.TextField("Direct work done (tool or activity)", blank=True)
    observations = models.TextField("Observations", blank=True)
    analysis = models.TextField("Analysis", blank=True)
    # The owning app's record of the same visit, which drives its statutory visit clock.
    cp_visit = models.OneToOneField("child_protection.CPVisit", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="visit_record")
    cin_visit = models.OneToOneField("children_in_need.CINVisit", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="visit_record")
    care_visit = models.OneToOneField("looked_after.CareVisit", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="visit_record")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["child", "visited_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(seen_alone=False) | Q(seen=True), name="visit_seen_alone_needs_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {ukdate(self.visited_on)}"

    @property
    def has_voice(self) -> bool:
        return bool(self.wishes_and_feelings.strip())


class VisitAction(RecordedModel):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField("Action")
    goal = models.ForeignKey("plans.Goal", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="visit_actions", verbose_name="Plan goal the action works toward")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
