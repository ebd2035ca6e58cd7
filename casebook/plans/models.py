"""The measurable part of any plan: goals (outcome, measure, target date, owner), the actions
toward them, and progress at each review.

One `Plan` row per plan document, shared by child in need plans, child protection plans,
looked-after care plans and pathway plans; it points at the record that owns the plan's
statutory dates (CPPlan, CINPlan, CarePlan, CareLeaver) and adds only what that record lacks.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class PlanKind(models.TextChoices):
    CIN = "cin", "Child in need plan"
    CP = "cp", "Child protection plan"
    CARE = "care", "Care plan"
    PATHWAY = "pathway", "Pathway plan"


class GoalStatus(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    PROGRESSING = "progressing", "Progressing"
    NOT_PROGRESSING = "not_progressing", "Not progressing"
    NO_LONGER_RELEVANT = "no_longer_relevant", "No longer relevant"


class Plan(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="goal_plans")
    kind = models.CharField("Type of plan", max_length=8, choices=PlanKind.choices)
    cp_plan = models.OneToOneField("child_protection.CPPlan", on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="goal_plan")
    cin_plan = models.OneToOneField("children_in_need.CINPlan", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="goal_plan")
    care_plan = models.OneToOneField("looked_after.CarePlan", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="goal_plan")
    care_leaver = models.OneToOneField("looked_after.CareLeaver", on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="goal_plan")
    started_on = models.DateField("Date the plan started")
    finalised_at = models.DateTimeField("Finalised", null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            # Exactly the link that matches the kind, so a plan can never describe two documents.
            models.CheckConstraint(name="plan_links_its_own_kind", condition=(
                Q(kind="cp", cin_plan__isnull=True, care_plan__isnull=True, care_leaver__isnull=True)
                | Q(kind="cin", cp_plan__isnull=True, care_plan__isnull=True, care_leaver__isnull=True)
                | Q(kind="care", cp_plan__isnull=True, cin_plan__isnull=True, care_leaver__isnull=True)
                | Q(kind="pathway", cp_plan__isnull=True, cin_plan__isnull=True, care_plan__isnull=True))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {ukdate(self.started_on)}"

    @property
    def ended_on(self):
        """The end of the plan, from the record that owns it (CP and CIN plans have end dates)."""
        source = self.cp_plan if self.kind == PlanKind.CP else self.cin_plan if self.kind == PlanKind.CIN else None
        return source.end_date if source is not None else None

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_finalised(self) -> bool:
        return self.finalised_at is not None


class Goal(RecordedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    outcome = models.TextField("What will be different for the child", blank=True)
    measure = models.TextField("How we will know", blank=True)
    target_date = models.DateField("Target date", null=True, blank=True)
    owner = models.CharField("Who is responsible", max_length=200, blank=True,
                             help_text="A person or an agency")
    status = models.CharField("Status", max_length=20, choices=GoalStatus.choices, blank=True,
                              help_text="Blank until the first review")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.outcome[:60] or "Goal without an outcome"


class GoalAction(RecordedModel):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField("Action")
    owner = models.CharField("Who will do it", max_length=200)
    due_on = models.DateField("Due date")
    done = models.BooleanField("Done", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]


class PlanReview(RecordedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField("Date of the review")
    improving = models.BooleanField("The child's situation is improving overall")
    child_views = models.TextField("What the child said about their plan", blank=True)
    summary = models.TextField("Summary of the review", blank=True)
    # Stored when the review is saved, so the managers' list is one indexed query.
    improving_without_change = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]


class GoalProgress(models.Model):
    review = models.ForeignKey(PlanReview, on_delete=models.CASCADE, related_name="progress")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField("Status", max_length=20, choices=GoalStatus.choices)
    score = models.PositiveSmallIntegerField("Scaled score (0 to 10)")
    evidence = models.TextField("Evidence")

    history = HistoricalRecords()

    class Meta:
        ordering = ["review__held_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "goal"], name="one_progress_per_goal_per_review"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=10), name="goal_score_0_to_10"),
        ]
