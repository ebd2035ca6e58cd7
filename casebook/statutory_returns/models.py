"""Validation runs of the statutory returns and what they found, so that pages show the last
run's findings without running the DfE-rule validators on page view."""

from django.conf import settings
from django.db import models


class ReturnKind(models.TextChoices):
    CIN = "cin", "CIN census"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"


class Trigger(models.TextChoices):
    COMMAND = "command", "validate_returns (the nightly schedule, or by hand)"
    PAGE = "page", "Check now, on the returns page"


class ValidationRun(models.Model):
    kind = models.CharField(max_length=8, choices=ReturnKind.choices)
    trigger = models.CharField(max_length=8, choices=Trigger.choices, default=Trigger.COMMAND)
    year = models.PositiveSmallIntegerField(help_text="Collection year, named by the year it ends (2027 = 2026-27)")
    run_at = models.DateTimeField(auto_now_add=True)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    children = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    queries = models.PositiveIntegerField(default=0)
    crashed_rules = models.JSONField(default=list, blank=True,
                                     help_text="Rules that raised inside the validator (it counts them as passed)")
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-run_at", "-pk"]
        indexes = [models.Index(fields=["kind", "year", "run_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} at {self.run_at:%Y-%m-%d %H:%M}"


class Finding(models.Model):
    class Severity(models.TextChoices):
        ERROR = "error", "Error"
        QUERY = "query", "Query"

    run = models.ForeignKey(ValidationRun, on_delete=models.CASCADE, related_name="findings")
    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    la_child_id = models.CharField(max_length=20, blank=True)
    rule_code = models.CharField(max_length=12)
    message = models.TextField()
    severity = models.CharField(max_length=5, choices=Severity.choices)
    source = models.CharField(max_length=12, default="validator",
                              help_text="validator, or structure for the schema check Casebook does itself")
    table = models.CharField(max_length=40, blank=True)
    field = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["la_child_id", "rule_code", "pk"]
        indexes = [models.Index(fields=["child", "run"])]
