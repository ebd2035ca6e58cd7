"""Pages from the core app that `make bench` measures."""

from bench.registry import BenchPage

PAGES = [BenchPage("Home", role="social_worker", url=lambda ctx: "/")]
