from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.statutory_returns.imports import ImportRejected, import_cin_census


class Command(BaseCommand):
    help = "Import a CIN census XML: create or update children and their episodes. Nothing is written if the file has any problem."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="Refuse a file for any other collection year")

    def handle(self, *args, file, year=None, **options):
        try:
            result = import_cin_census(data=Path(file).read_bytes(), year=year)
        except ImportRejected as error:
            raise CommandError("The file was not imported; nothing was written:\n  " + "\n  ".join(error.problems)) from None
        self.stdout.write(f"Imported: {result.created} records created, {result.updated} updated, "
                          f"{result.unchanged} unchanged")
