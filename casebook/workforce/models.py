"""Workforce records: who works here (in the shape of the DfE children's social work workforce
census), their absences, the funded posts per team, and the improvement plan.

The census (CSWW, DfE) counts one record per social worker per role, with FTE, agency status,
role start and end dates and the SWE registration number; vacancies are an LA-level count of
funded posts not filled by permanent staff. Casebook keeps those facts here, next to the user
account, without changing the account itself.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel

swe_number_validator = RegexValidator(
    r"^SW\d{1,7}$", "Enter a Social Work England registration number in the correct format, like SW123456"
)


class CensusRole(models.TextChoices):
    """OrgRole in the workforce census (social_work_workforce XSD)."""

    SENIOR_MANAGER = "senior_manager", "Senior manager"
    MIDDLE_MANAGER = "middle_manager", "Middle manager"
    FIRST_LINE_MANAGER = "first_line_manager", "First line manager"
    SENIOR_PRACTITIONER = "senior_practitioner", "Senior practitioner"
    CASE_HOLDER = "case_holder", "Case holder"
    QUALIFIED_WITHOUT_CASES = "qualified_without_cases", "Qualified without cases"


# Census roles whose holders carry a caseload (the denominator of the DfE average caseload).
CASE_HOLDING_CENSUS_ROLES = frozenset({CensusRole.CASE_HOLDER, CensusRole.SENIOR_PRACTITIONER})


class AbsenceReason(models.TextChoices):
    SICKNESS = "sickness", "Sickness"
    PARENTAL = "parental", "Maternity, paternity or adoption leave"
    ANNUAL = "annual", "Annual leave"
    TRAINING = "training", "Training or study leave"
    OTHER = "other", "Other"


class WorkerProfile(RecordedModel):
    """A member of staff as the workforce census sees them. One per user account."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile")
    census_role = models.CharField("Workforce census role", max_length=32, choices=CensusRole.choices)
    fte = models.DecimalField(
        "Full-time equivalent (FTE)", max_digits=4, decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("1"))],
    )
    is_agency = models.BooleanField("Agency worker", default=False)
    started_on = models.DateField("Start date in role")
    left_on = models.DateField("Leaving date", null=True, blank=True)
    swe_number = models.CharField(
        "Social Work England registration number", max_length=9, blank=True, validators=[swe_number_validator]
    )
    is_asye = models.BooleanField("Newly qualified (ASYE)", default=False)
    asye_caseload_limit = models.PositiveSmallIntegerField(
        "Protected caseload limit", null=True, blank=True,
        help_text="Most children a newly qualified worker may hold; blank uses the council's default",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="worker_fte_between_0_and_1"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("started_on")),
                                   name="worker_leaves_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_census_role_display()})"

    @property
    def holds_cases(self) -> bool:
        return self.census_role in CASE_HOLDING_CENSUS_ROLES


class Absence(RecordedModel):
    """A period away from work (census: WorkingDaysLost, Absat30Sept, ReasonAbsence)."""

    profile = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField("First day of absence")
    ends_on = models.DateField("Last day of absence", null=True, blank=True)
    reason = models.CharField(max_length=16, choices=AbsenceReason.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                                   name="absence_ends_after_start"),
        ]


class TeamEstablishment(RecordedModel):
    """How many FTE posts a team is funded for: the base of its vacancy count."""

    team = models.OneToOneField("accounts.Team", on_delete=models.CASCADE, related_name="establishment")
    funded_fte = models.DecimalField(
        "Funded posts (FTE)", max_digits=6, decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name"]
        constraints = [models.CheckConstraint(condition=Q(funded_fte__gte=0), name="establishment_not_negative")]


class CaseloadSetting(RecordedModel):
    """A council's own caseload weight (per case type) or cap (per census role), set on the
    weights and caps page; anything not set here falls back to settings.CASEBOOK."""

    class Kind(models.TextChoices):
        WEIGHT = "weight", "Weight"
        CAP = "cap", "Cap"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=32)
    value = models.DecimalField(max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="one_caseload_setting_per_key")]


class Recommendation(RecordedModel):
    """A recommendation the council must act on, for example from an Ofsted inspection letter."""

    title = models.CharField("Recommendation", max_length=300)
    source = models.CharField("Where it comes from", max_length=200,
                              help_text="For example, Ofsted inspection letter, March 2026")
    figure_key = models.CharField(
        "Figure it should move", max_length=60, blank=True,
        help_text="A figure from the leaders' overview, so the board can see whether it moved",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ImprovementAction(RecordedModel):
    """One action towards a recommendation: who owns it, when it is due, and the evidence."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("Action", max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="improvement_actions")
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    evidence = models.TextField("Evidence of impact", blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, today) -> bool:
        return self.status != ActionStatus.DONE and self.due_on < today


class OverviewWeek(models.Model):
    """The leaders' overview figures for one completed week, as computed at `computed_at`.

    Written only by workforce.snapshots (the nightly `refresh_overview` command, or the page when a
    completed week is missing); the current week is never stored. Derived data: deleting every
    row loses nothing, the next page view computes them again."""

    week = models.DateField(unique=True, help_text="The Monday")
    # {figure key: [value, numerator, denominator]} as overview.Point holds them.
    points = models.JSONField()
    # {grade: audits completed that week with that final grade}, for the grades table.
    audit_grades = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["week"]

    def __str__(self) -> str:
        return f"Overview figures for the week of {self.week}"
