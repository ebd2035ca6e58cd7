"""Measure every registered page against the database Django is configured for.

Run by `python -m bench` once per database size, in a subprocess whose DATABASE_URL points at
that database (`python -m bench.run --out FILE`). Each page is requested as a demo user of its
role with django.test.Client: server time only, no network, no browser.
"""

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field


@dataclass
class BenchContext:
    """What a BenchPage's url(ctx) may use: a representative child and users to request as."""

    child: object  # allocated, with a full history (the demo's showcase family)
    _users: dict = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> "BenchContext":
        from casebook.children.models import Child

        # The demo's showcase family is created first: its eldest is the lowest allocated pk.
        child = (Child.objects.filter(allocated_worker__isnull=False)
                 .select_related("allocated_team", "allocated_worker").order_by("pk").first())
        if child is None:
            raise SystemExit("No allocated child in this database: load it with manage.py load_demo")
        return cls(child=child)

    def user_for(self, role: str):
        """A demo user of `role`, preferring the one closest to the child (its worker, its team's
        manager, its service manager), so that child pages answer for the role that uses them."""
        if role not in self._users:
            from casebook.accounts.models import User

            users = User.objects.filter(role=role, is_active=True, is_demo=True)
            child = self.child
            preferred = (users.filter(pk=child.allocated_worker_id).first()
                         or users.filter(team=child.allocated_team_id).order_by("pk").first()
                         or users.filter(service_area=child.allocated_team.service_area_id).order_by("pk").first()
                         or users.order_by("pk").first())
            if preferred is None:
                raise LookupError(f"No demo user with the role {role}")
            self._users[role] = preferred
        return self._users[role]


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure(pages, ctx: BenchContext, *, requests: int = 20, warmup: int = 2) -> list[dict]:
    """Time each page `requests` times after `warmup` requests; count its SQL queries once."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")), "localhost")

    executed = []

    def count(execute, sql, params, many, context):
        # An execute wrapper, not connection.queries: the request_started signal clears that log.
        executed.append(sql)
        return execute(sql, params, many, context)

    results = []
    for page in pages:
        client = Client(HTTP_HOST=host)
        client.force_login(ctx.user_for(page.role))
        url = page.url(ctx)
        call = getattr(client, page.method.lower())
        before = page.before or (lambda: None)
        for _ in range(warmup):
            before()
            call(url)
        before()
        executed.clear()
        with connection.execute_wrapper(count):
            status = call(url).status_code
        timings = []
        for _ in range(requests):
            before()
            started = time.perf_counter()
            call(url)
            timings.append((time.perf_counter() - started) * 1000)
        results.append({"page": page.name, "role": page.role, "url": url, "status": status,
                        "queries": len(executed), "p50_ms": round(statistics.median(timings), 1),
                        "p95_ms": round(_percentile(timings, 95), 1)})
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from bench.registry import all_pages
    from config.server import tune_garbage_collector

    tune_garbage_collector()  # as the WSGI server process runs (config/wsgi.py)
    ctx = BenchContext.from_database()
    results = measure(all_pages(), ctx, requests=args.requests, warmup=args.warmup)
    with open(args.out, "w") as out:
        json.dump({"database": str(settings.DATABASES["default"]["NAME"]), "child": ctx.child.casebook_id,
                   "pages": results}, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
