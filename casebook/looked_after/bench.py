from bench.registry import BenchPage

PAGES = [
    BenchPage("Child's care summary", role="social_worker",
              url=lambda ctx: f"/children/{ctx.child.casebook_id}/care/"),
    BenchPage("Missing episodes list", role="team_manager", url=lambda ctx: "/looked-after/missing/"),
    BenchPage("Looked-after reviews (IRO)", role="iro", url=lambda ctx: "/looked-after/reviews/"),
]
