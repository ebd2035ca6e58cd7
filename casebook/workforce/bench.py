from bench.registry import BenchPage


def _empty_cache():
    from django.core.cache import cache

    cache.clear()


PAGES = [
    BenchPage("Leaders' overview", role="head_of_service", url=lambda ctx: "/workforce/overview/"),
    # The same page when its current week must be computed (once every 5 minutes per process).
    BenchPage("Leaders' overview, live week recomputed", role="head_of_service", url=lambda ctx: "/workforce/overview/",
              before=_empty_cache),
    BenchPage("Caseloads, all teams", role="head_of_service", url=lambda ctx: "/workforce/caseloads/"),
    BenchPage("Caseloads, own team", role="team_manager", url=lambda ctx: "/workforce/caseloads/"),
    BenchPage("Workforce census figures", role="performance_analyst", url=lambda ctx: "/workforce/figures/"),
]
