"""URL arguments for the access walker: a CP plan with goals for the world's child."""

from casebook.child_protection.tests import journey
from casebook.plans import services


def _plan(world):
    user = world["allocated_worker"]
    cp_plan = journey.cp_plan(world.child, user)
    plan = services.plan_for_record(kind="cp", record=cp_plan, acting_user=user)
    services.goal_add(plan=plan, outcome="Jordan feels safe at home", acting_user=user)
    return plan


def _goal(world):
    plan = _plan(world)
    return {"child_id": world.child.casebook_id, "plan_id": plan.pk, "goal_id": plan.goals.first().pk}


def _plan_kwargs(world):
    return {"child_id": world.child.casebook_id, "plan_id": _plan(world).pk}


SAMPLES = {
    "plans:open": lambda w: {"child_id": w.child.casebook_id, "kind": "cp",
                             "record_id": journey.cp_plan(w.child, w["allocated_worker"]).pk},
    "plans:plan": _plan_kwargs,
    "plans:goal-add": _plan_kwargs,
    "plans:finalise": _plan_kwargs,
    "plans:review-add": _plan_kwargs,
    "plans:goal-edit": _goal,
    "plans:action-add": _goal,
}
