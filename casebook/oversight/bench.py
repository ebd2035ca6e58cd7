from bench.registry import BenchPage

PAGES = [
    BenchPage("Drift and delay, whole service", role="head_of_service", url=lambda ctx: "/oversight/dashboard/"),
    BenchPage("Drift and delay, open cases (service)", role="head_of_service",
              url=lambda ctx: "/oversight/dashboard/open-cases/"),
    BenchPage("Drift and delay, overdue items (service)", role="head_of_service",
              url=lambda ctx: "/oversight/dashboard/items/?measure=overdue"),
    BenchPage("Drift and delay, own team", role="team_manager", url=lambda ctx: "/oversight/dashboard/"),
    BenchPage("Audit programme", role="auditor", url=lambda ctx: "/oversight/audits/"),
    BenchPage("My actions", role="social_worker", url=lambda ctx: "/oversight/actions/"),
]
