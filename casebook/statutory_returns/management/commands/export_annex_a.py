from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.statutory_returns.annex_a import annex_a_workbook


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists 1 to 11 as at a date to a spreadsheet (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True)

    def handle(self, *args, date: str, out, **options):
        try:
            as_at = _parse(date)
        except ValueError:
            raise CommandError(f"Enter the date as YYYY-MM-DD, for example 2027-03-27 (got {date!r})") from None
        Path(out).write_bytes(annex_a_workbook(as_at=as_at))
        self.stdout.write(f"Wrote Annex A as at {as_at:%d/%m/%Y} to {out}")


def _parse(value: str):
    return date.fromisoformat(value)
