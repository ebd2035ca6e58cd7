from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to a file with the database's own tools (SQLite backup API, pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="The backup file to write")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path, database: str, **options):
        try:
            backup(out=out, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up to {out} ({out.stat().st_size:,} bytes)")
