from bench.registry import BenchPage

PAGES = [
    BenchPage("MASH queue", role="mash_worker", url=lambda ctx: "/front-door/"),
    BenchPage("MASH queue, red first", role="mash_worker", url=lambda ctx: "/front-door/?sort=rag&rag=red"),
    BenchPage("Awaiting allocation", role="team_manager", url=lambda ctx: "/front-door/awaiting-allocation/"),
    BenchPage("Awaiting allocation, all teams, CP, red", role="team_manager",
              url=lambda ctx: "/front-door/awaiting-allocation/?team=all&outcome=cp&rag=red"),
    BenchPage("Allocate, every team's workers with caseloads", role="team_manager",
              url=lambda ctx: f"/front-door/children/{ctx.child.casebook_id}/allocate/?team=all"),
    BenchPage("Threshold consistency", role="service_manager", url=lambda ctx: "/front-door/consistency/"),
]
