"""Strategy discussions, section 47 enquiries, conferences and child protection plans.

Each belongs to an episode of need and keeps the CIN census data items (Section47,
ChildProtectionPlans and their Reviews) so that the census is a projection of these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.child_protection.codes import Category, ConferenceKind, PlanEndReason, S47Outcome
from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class StrategyDiscussion(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="strategy_discussions")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="strategy_discussions")
    held_on = models.DateField("Date of the strategy discussion")
    agencies = models.TextField("Agencies present")
    s47_decided = models.BooleanField("Section 47 enquiry to start", default=False)
    reasons = models.TextField("Reasons for the decision")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Strategy discussion on {ukdate(self.held_on)}"


class Section47(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="section47s")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="section47s")
    strategy_discussion = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT, related_name="section47")
    start_date = models.DateField("Start date")  # S47ActualStartDate
    icpc_target = models.DateField("Initial conference due")  # InitialCPCtarget: 15 WD from the strategy discussion
    findings = models.TextField("Findings", blank=True)
    outcome = models.CharField("Outcome", max_length=24, choices=S47Outcome.choices, blank=True)
    icpc_not_required = models.BooleanField("Initial conference not required", default=False)  # ICPCnotRequired
    concluded_on = models.DateField("Date concluded", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("start_date")),
                                   name="s47_concluded_after_start"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {ukdate(self.start_date)}"


class CPPlan(RecordedModel):
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="cp_plans")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="cp_plans")
    start_date = models.DateField("Start date")  # CPPstartDate = the ICPC date (rule 2885)
    initial_category = models.CharField("Initial category of abuse", max_length=3, choices=Category.choices)
    latest_category = models.CharField("Latest category of abuse", max_length=3, choices=Category.choices)
    previous_plans = models.PositiveIntegerField("Number of previous plans", default=0)  # NumberOfPreviousCPP
    last_plan_ended_on = models.DateField("Previous plan ended", null=True, blank=True)
    end_date = models.DateField("End date", null=True, blank=True)  # CPPendDate
    end_reason = models.CharField("Reason the plan ended", max_length=24, choices=PlanEndReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["end_date", "start_date"]), models.Index(fields=["child", "start_date"])]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(end_date__isnull=True), name="one_open_cp_plan"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="cp_plan_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {ukdate(self.start_date)}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None


class Conference(RecordedModel):
    """An initial (or pre-birth) conference, which may start a plan, or a review of one."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="cp_conferences")
    episode = models.ForeignKey("episodes.EpisodeOfNeed", on_delete=models.CASCADE, related_name="cp_conferences")
    kind = models.CharField("Type of conference", max_length=10, choices=ConferenceKind.choices)
    section47 = models.ForeignKey(Section47, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences")
    plan = models.ForeignKey(CPPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="conferences")
    held_on = models.DateField("Date of the conference")
    chair = models.CharField("Chair", max_length=200)
    # The chair as a Casebook user, when they are one: they then see the child (child_protection.rules).
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="chaired_cp_conferences", help_text="The child protection chair")
    agencies = models.TextField("Agencies present")
    plan_decided = models.BooleanField("Child protection plan needed", default=False)
    category = models.CharField("Category of abuse", max_length=3, choices=Category.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {ukdate(self.held_on)}"


class CoreGroup(RecordedModel):
    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="core_groups")
    held_on = models.DateField("Date of the core group meeting")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]


class CPVisit(RecordedModel):
    """A child protection visit, only as far as the clocks need it. The child's voice and the
    visit's content belong to the general visits record."""

    plan = models.ForeignKey(CPPlan, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField("Date of the visit")
    seen = models.BooleanField("Child seen", default=False)
    seen_alone = models.BooleanField("Child seen alone", default=False)
    bedroom_seen = models.BooleanField("Child's bedroom seen", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on", "-pk"]


class DecisionCorrection(models.Model):
    """A manager's correction of what a conference decided (services.conference_decision_correct):
    when, by whom, the decision before and after, and why. Written once and never changed, so it
    outlives a plan the correction removed."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="decision_corrections")
    corrected_at = models.DateTimeField("Corrected at")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField("Why the decision was corrected")
    plan_decided_was = models.BooleanField("Plan needed (or continued), before")
    category_was = models.CharField("Category of abuse, before", max_length=3, choices=Category.choices,
                                    blank=True)
    end_reason_was = models.CharField("Why the plan ended, before", max_length=24, choices=PlanEndReason.choices,
                                      blank=True)
    plan_decided = models.BooleanField("Plan needed (or continued), after")
    category = models.CharField("Category of abuse, after", max_length=3, choices=Category.choices, blank=True)
    end_reason = models.CharField("Why the plan ended, after", max_length=24, choices=PlanEndReason.choices,
                                  blank=True)

    class Meta:
        ordering = ["corrected_at", "pk"]

    def __str__(self) -> str:
        return f"Decision of the {self.conference} corrected"

    def _decision(self, plan_decided: bool, category: str, end_reason: str) -> str:
        review = self.conference.kind == ConferenceKind.REVIEW
        if review:
            words = "plan continued" if plan_decided else (
                f"plan ended: {PlanEndReason(end_reason).label.lower()}" if end_reason else "plan ended")
        else:
            words = "plan needed" if plan_decided else "no plan"
        return f"{words} ({Category(category).label.lower()})" if category else words

    @property
    def before(self) -> str:
        """The decision before, in words: "plan needed (neglect)", "no plan", "plan ended: … (neglect)"."""
        return self._decision(self.plan_decided_was, self.category_was, self.end_reason_was)

    @property
    def after(self) -> str:
        """The corrected decision, in the same words as `before`."""
        return self._decision(self.plan_decided, self.category, self.end_reason)
