from bench.registry import BenchPage

PAGES = [
    BenchPage("MASH queue", role="mash_worker", url=lambda ctx: "/front-door/"),
    BenchPage("MASH queue, red first", role="mash_worker", url=lambda ctx: "/front-door/?sort=rag&rag=red"),
    BenchPage("Awaiting allocation", role="team_manager", url=lambda ctx: "/front-door/awaiting-allocation/"),
    BenchPage("Threshold consistency", role="service_manager", url=lambda ctx: "/front-door/consistency/"),
]
