"""Store the leaders' overview figures for every completed week (run nightly, e.g. from cron:
`manage.py refresh_overview`). The page computes a missing week itself, so a missed run only
makes the first page view slower; corrections to past records reach the page at the next run."""

from django.core.management.base import BaseCommand

from casebook.workforce import snapshots


class Command(BaseCommand):
    help = "Recompute and store the leaders' overview figures for every completed week."

    def handle(self, *args, **options):
        stored = snapshots.refresh()
        self.stdout.write(f"Stored the overview figures for {stored} completed weeks.")
