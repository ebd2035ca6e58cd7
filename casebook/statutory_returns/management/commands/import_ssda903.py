from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.statutory_returns.imports import ImportRejected, import_ssda903
from casebook.statutory_returns.years import CollectionYear


class Command(BaseCommand):
    help = "Import SSDA903 CSVs from a directory. Nothing is written if any file has a problem."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--year", type=int, help="Refuse files for any other collection year")

    def handle(self, *args, directory, year=None, **options):
        try:
            result = import_ssda903(directory=Path(directory), year=CollectionYear(year) if year else None)
        except ImportRejected as error:
            raise CommandError("The files were not imported; nothing was written:\n  " + "\n  ".join(error.problems)) from None
        self.stdout.write(f"Imported: {result.created} records created, {result.updated} updated, "
                          f"{result.unchanged} unchanged")
