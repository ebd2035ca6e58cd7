from bench.registry import BenchPage

PAGES = [
    BenchPage("Child summary with every clock", role="social_worker",
              url=lambda ctx: f"/children/{ctx.child.casebook_id}/"),
    BenchPage("Child protection tab", role="social_worker",
              url=lambda ctx: f"/children/{ctx.child.casebook_id}/child-protection/"),
    BenchPage("Plans needing panel review", role="head_of_service", url=lambda ctx: "/child-protection/panel-review/"),
]
