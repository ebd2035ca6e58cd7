from bench.registry import BenchPage

PAGES = [
    BenchPage("Child's voice", role="social_worker", url=lambda ctx: f"/children/{ctx.child.casebook_id}/visits/voice/"),
    BenchPage("Visits", role="social_worker", url=lambda ctx: f"/children/{ctx.child.casebook_id}/visits/"),
]
