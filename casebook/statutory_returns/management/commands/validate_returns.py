from django.core.management.base import BaseCommand

from casebook.statutory_returns.services import returns_validate
from casebook.statutory_returns.years import CollectionYear


class Command(BaseCommand):
    help = "Validate the CIN census and SSDA903 for a year with the DfE rules and store the findings."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)

    def handle(self, *args, year, **options):
        for run in returns_validate(year=CollectionYear(year)):
            self.stdout.write(f"{run.get_kind_display()} {year}: {run.children} children, {run.errors} errors, "
                              f"{run.queries} queries, crashed rules: {', '.join(run.crashed_rules) or 'none'}")
            for finding in run.findings.all()[:200]:
                self.stdout.write(f"  {finding.rule_code} {finding.severity} {finding.la_child_id} "
                                  f"{finding.table}.{finding.field}: {finding.message}")
