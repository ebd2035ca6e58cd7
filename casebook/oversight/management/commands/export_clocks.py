"""`manage.py export_clocks --out FILE.csv`: every statutory item of every child, one row each."""

import csv

from django.core.management.base import BaseCommand
from django.utils import timezone

from casebook.clocks.models import Clock
from casebook.clocks.status import clock_status

HEADER = ["LA child ID", "Item", "Start date", "Due date", "Completed date", "Status"]


class Command(BaseCommand):
    help = "Write every statutory item (open or completed) of every child to a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="The CSV file to write")

    def handle(self, *args, out: str, **options):
        today, now = timezone.localdate(), timezone.now()
        rows = (Clock.objects.order_by("child__casebook_id", "item", "started_on", "pk")
                .values_list("child__casebook_id", "item", "started_on", "due_on", "completed_on", "cancelled",
                             "due_at", "completed_at"))
        written = 0
        with open(out, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            # iterator(): rows stream from the database cursor, so a large authority never sits in memory.
            for casebook_id, item, started, due, completed, cancelled, due_at, completed_at in rows.iterator(chunk_size=5000):
                status = clock_status(due_on=due, completed_on=completed, today=today, cancelled=cancelled,
                                      due_at=due_at, completed_at=completed_at, now=now)
                writer.writerow([casebook_id, item, started.isoformat(), due.isoformat(),
                                 completed.isoformat() if completed else "", status])
                written += 1
        self.stdout.write(f"Wrote {written} statutory items to {out}")
