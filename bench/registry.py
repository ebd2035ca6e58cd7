"""The pages `make bench` measures. Each app lists its own in `casebook/<app>/bench.py`:

    from bench.registry import BenchPage
    PAGES = [BenchPage("MASH queue", role="mash_worker", url=lambda ctx: "/front-door/queue/")]

`url(ctx)` gets a BenchContext (bench/run.py) with a representative child and users, and
returns the path to request. Pages are timed with the Django test client (server time only)
and their SQL queries counted, at each database size. `before()`, if given, runs untimed before
every request (e.g. emptying a cache, to time the page when it must compute everything).
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class BenchPage:
    name: str
    role: str  # the persona role that requests the page (a user of this role from the demo data)
    url: Callable[[object], str]
    method: str = "GET"
    before: Callable[[], None] | None = None


def all_pages() -> list[BenchPage]:
    import casebook

    pages: list[BenchPage] = []
    for module in sorted(pkgutil.iter_modules(casebook.__path__), key=lambda m: m.name):
        try:
            mod = importlib.import_module(f"casebook.{module.name}.bench")
        except ModuleNotFoundError as missing:
            if missing.name != f"casebook.{module.name}.bench":
                raise
            continue
        pages.extend(mod.PAGES)
    return pages
