"""Child protection code lists (CIN census Section47 and ChildProtectionPlans; DOMAIN.md 2.1)."""

from django.db import models


class Category(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple categories"


class S47Outcome(models.TextChoices):
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
    NO_ICPC = "substantiated_no_icpc", "Concerns substantiated, but no initial conference needed"
    ICPC = "icpc", "Initial child protection conference needed"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    PRE_BIRTH = "pre_birth", "Pre-birth initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class PlanEndReason(models.TextChoices):
    NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at continuing risk of significant harm"
    MOVED_LA = "moved_la", "Moved to another local authority"
    LOOKED_AFTER = "looked_after", "Became looked after"
    EIGHTEEN = "eighteen", "Reached 18"
    DIED = "died", "Died"
    OTHER = "other", "Other"
