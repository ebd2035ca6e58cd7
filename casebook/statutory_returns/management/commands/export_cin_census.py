from pathlib import Path

from django.core.management.base import BaseCommand

from casebook.statutory_returns.cin_census import export_cin_census
from casebook.statutory_returns.years import CollectionYear


class Command(BaseCommand):
    help = "Write the CIN census XML for a collection year (2027 = 1 April 2026 to 31 March 2027)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, year, out, **options):
        Path(out).write_bytes(export_cin_census(year=CollectionYear(year)))
        self.stdout.write(f"Wrote the {CollectionYear(year).label} CIN census to {out}")
