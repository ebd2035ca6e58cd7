from bench.registry import BenchPage


def _plan_url(ctx) -> str:
    from casebook.plans.models import Plan

    plan = Plan.objects.filter(child=ctx.child).order_by("-started_on").first()
    return f"/children/{ctx.child.casebook_id}/plans/{plan.pk}/" if plan else f"/children/{ctx.child.casebook_id}/plans/"


PAGES = [
    BenchPage("Plan goals and progress", role="social_worker", url=_plan_url),
    BenchPage("Plans with quality gaps", role="team_manager", url=lambda ctx: "/plans/quality/"),
]
