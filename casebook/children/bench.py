"""The child's record pages that `make bench` measures; the search and the record must keep
the same number of SQL queries at every database size."""

from urllib.parse import urlencode

from django.urls import reverse

from bench.registry import BenchPage

PAGES = [
    BenchPage("Child search (surname)", role="social_worker",
              url=lambda ctx: f"{reverse('children:search')}?{urlencode({'q': ctx.child.last_name})}"),
    BenchPage("Child summary", role="social_worker",
              url=lambda ctx: reverse("children:summary", args=[ctx.child.casebook_id])),
    BenchPage("Child chronology", role="social_worker",
              url=lambda ctx: reverse("children:chronology", args=[ctx.child.casebook_id])),
    BenchPage("Record history", role="team_manager",
              url=lambda ctx: reverse("children:history", args=[ctx.child.casebook_id])),
]
