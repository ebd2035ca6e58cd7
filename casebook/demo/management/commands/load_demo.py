"""`manage.py load_demo --children N --seed S [--if-empty]`: build a synthetic local authority."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casebook.children.models import Child
from casebook.demo import loader


class Command(BaseCommand):
    help = "Load a synthetic local authority (teams, staff of every role, children and families)."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=600, help="How many children (default 600)")
        parser.add_argument("--seed", type=int, default=1, help="The same seed on the same day gives the same data")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the database holds children")
        parser.add_argument("--core-only", action="store_true",
                            help="Only teams, staff, children and families: skip the journey apps' demo data")
        parser.add_argument("--logins-file", type=Path, default=loader.LOGINS_FILE,
                            help="Where to write the demo logins (JSON)")

    def handle(self, *args, children, seed, if_empty, logins_file, core_only, **options):
        if if_empty and Child.objects.exists():
            self.stdout.write("The database already holds children: no demo data loaded.")
            return
        try:
            # One `today` for the whole load, so every date is derived from the same day.
            ctx = loader.load(children=children, seed=seed, today=timezone.localdate(), logins_file=logins_file,
                              with_apps=not core_only,
                              progress=lambda line: self.stdout.write(f"  {line}") if options["verbosity"] > 1 else None)
        except loader.DemoRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (seed {seed}, as of {ctx.today:%d %B %Y}):"))
        for note in ctx.notes:
            self.stdout.write(f"  - {note}")
        self.stdout.write(f"Logins written to {logins_file}")
