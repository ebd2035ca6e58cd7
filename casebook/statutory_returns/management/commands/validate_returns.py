"""Check the CIN census and SSDA903 with the DfE's rules and store the findings: run nightly
(README, "Running it for real") so the returns page always shows the current problems."""

from django.core.management.base import BaseCommand, CommandError

from casebook.statutory_returns.services import ValidatorUnavailable, returns_validate
from casebook.statutory_returns.years import CollectionYear, current_year


class Command(BaseCommand):
    help = ("Validate the CIN census and SSDA903 for a collection year (default: the current one) with the DfE "
            "rules and store the run and its findings for the returns page.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Collection year, named by the year it ends (2027 = 2026-27)")
        parser.add_argument("--summary", action="store_true",
                            help="Print only the counts (for a scheduled job's log: no child IDs)")

    def handle(self, *args, year=None, summary=False, **options):
        collection = CollectionYear(year) if year else current_year()
        try:
            runs = returns_validate(year=collection)
        except ValidatorUnavailable as error:
            raise CommandError(str(error)) from None
        for run in runs:
            self.stdout.write(f"{run.get_kind_display()} {collection.year}: {run.children} children, "
                              f"{run.errors} errors, {run.queries} queries, "
                              f"crashed rules: {', '.join(run.crashed_rules) or 'none'}")
            if summary:
                continue
            for finding in run.findings.all()[:200]:
                self.stdout.write(f"  {finding.rule_code} {finding.severity} {finding.la_child_id} "
                                  f"{finding.table}.{finding.field}: {finding.message}")
