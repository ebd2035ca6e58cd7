"""Who may see a restricted child, emergency ("break-glass") access, and the append-only log
of every view of a child's record."""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Access events cannot be changed")

    def delete(self):
        raise AppendOnlyError("Access events cannot be deleted")


class AccessEvent(models.Model):
    """One view of one page about one child. Never updated, never deleted (see also the
    PostgreSQL trigger in migration 0002)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    page = models.CharField(max_length=100, help_text="The URL name of the page viewed")
    method = models.CharField(max_length=8, default="GET")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    via_break_glass = models.BooleanField(default=False)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["child", "-at"]), models.Index(fields=["user", "-at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Access events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Access events cannot be deleted")


class ExportEvent(models.Model):
    """An export or download that may hold children's data (returns, CSVs, bundles). Append-only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Export events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Export events cannot be deleted")


class RestrictedAccessGrant(models.Model):
    """A named person who may see a restricted child."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="restricted_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restricted_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "user"], name="unique_restricted_grant")]


class GrantScope(models.TextChoices):
    EMERGENCY = "emergency", "Emergency access"
    # Opens only the subject access bundle and "who has viewed" for one child (information
    # governance staff, who otherwise see no child); never the rest of the record.
    INFORMATION_GOVERNANCE = "information_governance", "Information governance"


class BreakGlassGrant(models.Model):
    """Access outside a user's rights, with the reason given. Reported to managers and in the
    access review. `scope` says what it opens: the whole record (emergency) or only the
    information governance pages."""

    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_grants")
    reason = models.TextField(max_length=1000)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    scope = models.CharField(max_length=30, choices=GrantScope.choices, default=GrantScope.EMERGENCY)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "child", "expires_at"])]
