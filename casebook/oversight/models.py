"""Oversight records: management oversight on a child's case, supervision, case file audits,
the practice standards audits grade against, and local timescale settings.

Ofsted's inspections of local authority children's services (ILACS) judge the "impact of leaders
on social work practice": management oversight, supervision and quality assurance must be
recorded on the child's file and must make a difference. These records are that evidence.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.core.templatetags.govuk import ukdate


class OversightKind(models.TextChoices):
    ALLOCATION = "allocation", "Allocation"
    PLAN_REVIEW = "plan_review", "Review of plan"
    DECISION = "decision", "Decision"
    ESCALATION = "escalation", "Escalation"


class Grade(models.TextChoices):
    """The Ofsted four-point scale used by most local authority audit tools."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class OversightEntry(RecordedModel):
    """A manager's recorded oversight of a child's case: what they reviewed and the direction given."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="oversight_entries")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_on = models.DateField("Date of the oversight")
    kind = models.CharField("Type of oversight", max_length=16, choices=OversightKind.choices)
    direction = models.TextField("Direction given", max_length=5000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["child", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} oversight on {ukdate(self.occurred_on)}"


class SupervisionSession(RecordedModel):
    """Reflective supervision between a supervisor and a social worker (Post-qualifying standards
    for supervisors; Social Work England professional standard 4)."""

    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_sessions")
    held_on = models.DateField("Date of supervision")
    wellbeing = models.TextField("Worker's wellbeing", max_length=5000, blank=True)
    practice_reflection = models.TextField("Reflection on practice", max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["worker", "held_on"])]
        constraints = [models.CheckConstraint(condition=~Q(supervisor=F("worker")), name="supervision_not_self")]

    def __str__(self) -> str:
        return f"Supervision on {ukdate(self.held_on)}"


class CaseDiscussion(RecordedModel):
    """One child's case discussed in supervision, in the three-column signs of safety form."""

    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="discussions")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="case_discussions")
    working_well = models.TextField("What is working well", max_length=5000)
    worried_about = models.TextField("What are we worried about", max_length=5000)
    needs_to_happen = models.TextField("What needs to happen", max_length=5000)
    decisions = models.TextField("Decisions", max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-session__held_on", "-pk"]

    def __str__(self) -> str:
        return "Case discussion in supervision"


class PracticeStandard(RecordedModel):
    """A practice-standard theme that case file audits grade; edited by administrators."""

    name = models.CharField("Name", max_length=100, unique=True)
    description = models.TextField("What good looks like", max_length=2000, blank=True)
    order = models.PositiveIntegerField("Order on the audit form", default=0)
    active = models.BooleanField("Used in new audits", default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class AuditStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    IN_MODERATION = "in_moderation", "In moderation"
    MODERATED = "moderated", "Moderated"


class CaseAudit(RecordedModel):
    """A case file audit of one child's record, graded against the practice standards."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="case_audits")
    # The team at the time of the audit, so the grade distribution by team does not move on reallocation.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_audits")
    assigned_on = models.DateField()
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=16, choices=AuditStatus.choices, default=AuditStatus.ASSIGNED)
    submitted_on = models.DateField(null=True, blank=True)
    overall_grade = models.CharField("Overall grade", max_length=24, choices=Grade.choices, blank=True)
    overall_evidence = models.TextField("Evidence for the overall grade", max_length=5000, blank=True)
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    moderated_on = models.DateField(null=True, blank=True)
    moderated_overall_grade = models.CharField("Moderated overall grade", max_length=24, choices=Grade.choices,
                                               blank=True)
    moderation_reason = models.TextField("Reasons", max_length=5000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        indexes = [models.Index(fields=["child", "assigned_on"]), models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(moderator__isnull=True) | ~Q(moderator=F("auditor")),
                                   name="audit_moderator_not_auditor"),
        ]

    def __str__(self) -> str:
        return f"Case file audit assigned {ukdate(self.assigned_on)}"

    @property
    def final_grade(self) -> str:
        return self.moderated_overall_grade or self.overall_grade


class AuditGrade(models.Model):
    """One practice standard's grade within an audit, and the moderator's view of it."""

    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, related_name="grades")
    standard = models.ForeignKey(PracticeStandard, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=24, choices=Grade.choices)
    evidence = models.TextField(max_length=5000)
    moderated_grade = models.CharField(max_length=24, choices=Grade.choices, blank=True)
    moderation_reason = models.TextField(max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard__order", "standard__name"]
        constraints = [models.UniqueConstraint(fields=["audit", "standard"], name="one_grade_per_standard")]

    @property
    def final_grade(self) -> str:
        return self.moderated_grade or self.grade


class Action(RecordedModel):
    """Something someone must do for a child, from management oversight, a supervision case
    discussion or an audit (a learning action). Open until its owner marks it done."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="oversight_actions")
    oversight = models.ForeignKey(OversightEntry, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="actions")
    discussion = models.ForeignKey(CaseDiscussion, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="actions")
    audit = models.ForeignKey(CaseAudit, on_delete=models.CASCADE, null=True, blank=True, related_name="actions")
    description = models.CharField("Action", max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="oversight_actions")
    due_on = models.DateField("Due date")
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "completed_on", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(oversight__isnull=False, discussion__isnull=True, audit__isnull=True)
                           | Q(oversight__isnull=True, discussion__isnull=False, audit__isnull=True)
                           | Q(oversight__isnull=True, discussion__isnull=True, audit__isnull=False)),
                name="action_has_one_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def origin(self) -> str:
        if self.oversight_id:
            return "Management oversight"
        if self.discussion_id:
            return "Supervision"
        return "Case file audit"


class AuditProgramme(RecordedModel):
    """The audit target for a period (e.g. 261 audits by 31 December)."""

    name = models.CharField("Name", max_length=100)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date")
    target = models.PositiveIntegerField("Target number of audits")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-ends_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="programme_ends_after_start")]

    def __str__(self) -> str:
        return self.name


class TimescaleSetting(RecordedModel):
    """A local value for a timescale in the table (clocks.timescales), set by an administrator."""

    item = models.CharField(max_length=60, unique=True)
    amount = models.PositiveIntegerField("Local timescale")
    reason = models.CharField("Reason for the local value", max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item"]

    def __str__(self) -> str:
        return f"{self.item}: {self.amount}"
