"""`manage.py demo_logins`: one demo login per role, from the file load_demo wrote."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casebook.demo import loader


class Command(BaseCommand):
    help = "Print one demo login per role (from var/demo-logins.json)."

    def add_arguments(self, parser):
        parser.add_argument("--logins-file", type=Path, default=loader.LOGINS_FILE)

    def handle(self, *args, logins_file, **options):
        try:
            rows = loader.one_per_role(loader.read_logins(logins_file))
        except FileNotFoundError as missing:
            raise CommandError(f"No demo logins yet: run `manage.py load_demo` first ({logins_file})") from missing
        if not rows:
            raise CommandError("The demo logins file is empty")
        widths = [max(len(r[k]) for r in rows) for k in ("role", "email", "team")]
        self.stdout.write(f"Demo logins (every demo user's password is {rows[0]['password']}):")
        for r in rows:
            self.stdout.write(f"  {r['role']:<{widths[0]}}  {r['email']:<{widths[1]}}  {r['team']}")
