"""Abstract models every Casebook record builds on."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class RecordedModel(TimeStampedModel):
    """A practice record: who recorded it, when, and a version for safe concurrent edits.

    Edit forms carry `version`; `casebook.core.concurrency.save_if_unchanged` refuses a save
    made from an older version instead of silently overwriting a colleague's change.
    """

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
