"""The child's own record on the chronology: creation, changes, addresses, allocations."""

from django.urls import reverse

from casebook.children.history import record_changes
from casebook.children.models import Allocation
from casebook.core import chronology


def record_entries(child):
    for change in record_changes(child):
        detail = "; ".join(f"{label}: {old} → {new}" for label, old, new in change.fields)
        yield chronology.Entry(when=change.when, kind="record", title=f"{change.what}: {change.kind.lower()}",
                               detail=detail, by=change.who,
                               url=reverse("children:summary", args=[child.casebook_id]))


def allocation_entries(child):
    for allocation in Allocation.objects.filter(child=child).select_related("team", "worker", "allocated_by"):
        who = allocation.worker.full_name if allocation.worker else "no social worker yet"
        yield chronology.Entry(when=allocation.started_at, kind="allocation",
                               title=f"Allocated to {allocation.team.name} ({who})",
                               detail=allocation.reason, by=allocation.allocated_by.full_name)


chronology.register("record", "Record created or changed", record_entries)
chronology.register("allocation", "Allocations", allocation_entries)
