"""The child's record: identity, identifiers, characteristics, addresses, family and network,
and who the child is allocated to."""

import jellyfish
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from casebook.children.codes import Disability, Ethnicity, RelationshipType, Sex
from casebook.core.models import RecordedModel

casebook_id_validator = RegexValidator(r"^[A-Z0-9]{1,20}$", "A Casebook ID is at most 20 letters and digits")


def phonetic_key(name: str) -> str:
    """A sound-alike key so that 'Smyth' finds 'Smith' and 'Johnsen' finds 'Johnson'."""
    word = "".join(ch for ch in (name or "").lower() if ch.isalpha())
    return jellyfish.metaphone(word)[:12] if word else ""


class Child(RecordedModel):
    """A child (or unborn child) known to children's social care."""

    casebook_id = models.CharField(
        "Casebook ID", max_length=20, unique=True, validators=[casebook_id_validator],
        help_text="Used as the LA child ID in the DfE returns",
    )
    first_names = models.CharField("First names", max_length=100)
    last_name = models.CharField("Last name", max_length=100)
    known_as = models.CharField("Known as", max_length=100, blank=True)
    date_of_birth = models.DateField("Date of birth", null=True, blank=True)
    expected_date_of_birth = models.DateField("Expected date of birth", null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField("Gender identity", max_length=60, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("Unique pupil number (UPN)", max_length=13, blank=True)
    first_language = models.CharField(max_length=60, blank=True, default="English")
    interpreter_needed = models.BooleanField(default=False)
    is_restricted = models.BooleanField(
        default=False, help_text="Visible only to named staff (for example the child of a member of staff)"
    )
    # Current allocation, kept in step with Allocation by children.services so lists need no join.
    allocated_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="allocated_children"
    )
    # Search keys, kept in step with the names in save().
    last_name_key = models.CharField(max_length=12, db_index=True, editable=False, default="")
    first_name_key = models.CharField(max_length=12, db_index=True, editable=False, default="")
    last_name_lower = models.CharField(max_length=100, db_index=True, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["last_name_key", "first_name_key", "last_name_lower"])

    class Meta:
        ordering = ["last_name", "first_names"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
            )
        ]
        indexes = [models.Index(fields=["date_of_birth"]), models.Index(fields=["allocated_team", "allocated_worker"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.known_as or self.first_names.split(" ")[0]
        return f"{first} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def save(self, *args, **kwargs):
        self.last_name_key = phonetic_key(self.last_name)
        self.first_name_key = phonetic_key(self.first_names.split(" ")[0] if self.first_names else "")
        self.last_name_lower = (self.last_name or "").lower()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "last_name_key", "first_name_key", "last_name_lower"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.date_of_birth and self.expected_date_of_birth:
            raise ValidationError("Give a date of birth or an expected date of birth, not both")


class ChildDisability(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=Disability.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "code"], name="unique_child_disability")]


class Address(RecordedModel):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField("Address line 1", max_length=100)
    line_2 = models.CharField("Address line 2", max_length=100, blank=True)
    town = models.CharField("Town or city", max_length=60)
    postcode = models.CharField(max_length=8)
    moved_in = models.DateField(null=True, blank=True)
    moved_out = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-moved_in"]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.town} {self.postcode}"


class Relationship(RecordedModel):
    """A person in the child's family and network, or a professional around the child."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=32, choices=RelationshipType.choices)
    related_child = models.ForeignKey(
        Child, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Where the person is also a child with a Casebook record (a sibling)",
    )
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    notes = models.TextField(blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["relationship", "name"]


class Allocation(models.Model):
    """Who held the child's case, and when. The open row is mirrored on Child for fast lists."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="allocations"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(ended_at__isnull=True), name="one_open_allocation")
        ]
        indexes = [
            models.Index(fields=["worker", "ended_at"]),
            # Covers "cases held at a moment" (the overview's caseloads, the census snapshot): the
            # allocations still open or ended after it, read from the index alone.
            models.Index(fields=["ended_at", "started_at", "worker"], name="allocation_held_between"),
        ]
