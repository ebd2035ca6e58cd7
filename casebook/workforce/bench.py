from bench.registry import BenchPage

PAGES = [
    BenchPage("Leaders' overview", role="head_of_service", url=lambda ctx: "/workforce/overview/"),
    BenchPage("Caseloads, all teams", role="head_of_service", url=lambda ctx: "/workforce/caseloads/"),
    BenchPage("Caseloads, own team", role="team_manager", url=lambda ctx: "/workforce/caseloads/"),
    BenchPage("Workforce census figures", role="performance_analyst", url=lambda ctx: "/workforce/figures/"),
]
