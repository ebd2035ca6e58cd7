"""Access log pages that `make bench` measures."""

from django.urls import reverse

from bench.registry import BenchPage

PAGES = [
    BenchPage("Who has viewed", role="team_manager",
              url=lambda ctx: reverse("access_audit:who-viewed", args=[ctx.child.casebook_id])),
]
