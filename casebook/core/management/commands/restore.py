from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument("--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation")

    def handle(self, *args, file: Path, database: str, interactive: bool, **options):
        if interactive:
            answer = input(f"This replaces everything in the '{database}' database with {file}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled")
        try:
            restore(source=file, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored from {file}")
