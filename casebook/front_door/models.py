"""The front door: contacts, MASH triage and partner checks, threshold decisions.

A contact is one piece of information arriving at the front door (DfE Annex A list 1); it can
be about several children (siblings). The MASH rates it (RAG), asks partner agencies what they
know, and a threshold decision is made and signed off by a manager. A social care decision
(child in need or child protection) produces a Referral on each child's episode of need
(CIN census), and the child then waits for allocation to a social worker.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casebook.core.models import RecordedModel
from casebook.episodes.codes import PrimaryNeed, ReferralSource


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    INFORMATION_ADVICE = "information_advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "cin", "Child in need (section 17) assessment"
    CHILD_PROTECTION = "cp", "Child protection (strategy discussion / section 47)"


# Decisions that are referrals to children's social care (CIN census): they open or join an
# episode of need, and the child then needs a social worker.
SOCIAL_CARE_OUTCOMES = frozenset({Outcome.CHILD_IN_NEED, Outcome.CHILD_PROTECTION})


class LevelOfNeed(models.TextChoices):
    UNIVERSAL = "1", "Level 1: universal services"
    EARLY_HELP = "2", "Level 2: early help"
    COMPLEX = "3", "Level 3: complex needs (child in need)"
    ACUTE = "4", "Level 4: acute needs (child protection)"


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class Contact(RecordedModel):
    """A contact to the front door and what the MASH decided about it."""

    received_at = models.DateTimeField("Received")
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=200)
    referrer_organisation = models.CharField(max_length=200, blank=True)
    referrer_phone = models.CharField(max_length=40, blank=True)
    concern = models.TextField("Concern, in the referrer's words", max_length=10000)
    presenting_needs = models.TextField(max_length=5000, blank=True)
    consent_obtained = models.BooleanField()
    consent_override_reason = models.TextField(max_length=2000, blank=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             help_text="The front door team handling the contact")
    # A one-time token from the form that created this contact: a double click makes one record.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices, blank=True)
    rag_reason = models.TextField(max_length=2000, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decision_due_at = models.DateTimeField(null=True, blank=True, db_index=True)

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decision_reasons = models.TextField(max_length=5000, blank=True)
    level_of_need = models.CharField(max_length=1, choices=LevelOfNeed.choices, blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")

    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(condition=Q(decided_at__isnull=True) | Q(decided_at__gte=F("received_at")),
                                   name="contact_decided_after_received"),
            models.CheckConstraint(condition=Q(signed_off_at__isnull=True) | Q(decided_at__isnull=False),
                                   name="contact_signed_off_after_decision"),
            models.CheckConstraint(condition=Q(decided_at__isnull=True) | ~Q(decision_reasons=""),
                                   name="contact_decision_has_reasons"),
        ]
        indexes = [
            models.Index(fields=["signed_off_at", "received_at"]),
            models.Index(fields=["decided_at"]),
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk}"

    @property
    def status(self) -> str:
        if self.signed_off_at:
            return "Signed off"
        if self.decided_at:
            return "Awaiting sign-off"
        if self.rag:
            return "Awaiting decision"
        return "Awaiting triage"

    @property
    def is_social_care(self) -> bool:
        return self.outcome in SOCIAL_CARE_OUTCOMES


class ContactChild(models.Model):
    """A child the contact is about; the referral it produced and when the child was allocated."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="contact_links")
    referral = models.ForeignKey("episodes.Referral", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    allocated_at = models.DateTimeField(null=True, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)
    # The link form's one-time token: a double click on "create a new record" makes one child.
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="contact_child_once")]
        indexes = [models.Index(fields=["child", "contact"]), models.Index(fields=["allocated_at"])]


class PartnerCheck(RecordedModel):
    """A MASH check with a partner agency: what was asked, when, and what came back."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="checks")
    agency = models.CharField(max_length=10, choices=Agency.choices)
    agency_other = models.CharField("Other agency", max_length=100, blank=True)
    requested_on = models.DateField()
    due_on = models.DateField(help_text="From the partner check timescale, stored when requested")
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(max_length=5000, blank=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords(excluded_fields=["form_token"])

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on")),
                                   name="check_received_after_requested"),
        ]

    @property
    def agency_name(self) -> str:
        return self.agency_other if self.agency == Agency.OTHER and self.agency_other else self.get_agency_display()


class AllocationOverride(models.Model):
    """An allocation made although the workforce rules warned against it (the worker would go over
    their weighted caseload cap, or an ASYE worker over their protected caseload): the warnings
    the manager saw and their reason, so oversight can see every allocation made over a limit."""

    allocation = models.OneToOneField("children.Allocation", on_delete=models.CASCADE, related_name="override")
    warnings = models.TextField(help_text="The warnings shown when the child was allocated, one a line")
    reason = models.TextField("Reason for allocating despite the warning", max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Allocation override {self.pk}"


class DecisionReturn(models.Model):
    """A threshold decision a manager disagreed with and sent back to the MASH: the decision as it
    was when sent back, and why. The contact's decision is then re-opened (the contact's history
    also records the change); every return is kept and shown on the contact and the chronology."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="returns")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    level_of_need = models.CharField(max_length=1, choices=LevelOfNeed.choices, blank=True)
    decision_reasons = models.TextField(max_length=5000)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    reason = models.TextField("Why the decision was sent back", max_length=2000)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField()

    class Meta:
        ordering = ["returned_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="decision_return_has_reason")]

    def __str__(self) -> str:
        return f"Decision sent back {self.pk}"
