from django.db import models
from django.db.models import Q


class Clock(models.Model):
    """One statutory (or local) item for one child: when its clock started, when it is due,
    when it was done. Rows are written by the journey apps' services through clocks.services."""

    child = models.ForeignKey("children.Child", on_delete=models.CASCADE, related_name="clocks")
    item = models.CharField(max_length=60, help_text="A stable name from the timescale table")
    started_on = models.DateField()
    due_on = models.DateField(db_index=True)
    due_at = models.DateTimeField(null=True, blank=True, help_text="For clocks counted in hours")
    completed_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled = models.BooleanField(default=False, help_text="No longer needed (e.g. the plan ended)")
    cancelled_on = models.DateField(null=True, blank=True, help_text="When it stopped being needed")
    # The record that started the clock, as "app_label.model:pk", for links and idempotent writes.
    source = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["item", "due_on"], name="clock_open_due", condition=Q(completed_on__isnull=True, cancelled=False)),
            models.Index(fields=["child", "item"]),
            models.Index(fields=["item", "completed_on"]),
            # Covers the leaders' overview's "met by the due date" counts (item, due week): read from
            # the index alone, without visiting the table's rows.
            models.Index(fields=["item", "due_on", "cancelled", "completed_on", "due_at", "completed_at"],
                         name="clock_item_due_met"),
        ]

    def __str__(self) -> str:
        return f"{self.item} due {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None and not self.cancelled
