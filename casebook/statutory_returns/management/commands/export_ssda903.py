from pathlib import Path

from django.core.management.base import BaseCommand

from casebook.statutory_returns.ssda903 import ssda903_tables, write_ssda903
from casebook.statutory_returns.years import CollectionYear


class Command(BaseCommand):
    help = "Write the SSDA903 CSVs (one per table) for a collection year into a directory."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args, year, out, **options):
        paths = write_ssda903(ssda903_tables(year=CollectionYear(year)), Path(out))
        self.stdout.write(f"Wrote {len(paths)} SSDA903 tables to {out}")
