"""URL arguments for the access walker: records belonging to the world's child."""

from casebook.child_protection.tests import journey


def _plan(world):
    return journey.cin_plan(world.child, world["allocated_worker"])


SAMPLES = {
    "children_in_need:review-add": lambda w: {"child_id": w.child.casebook_id, "plan_id": _plan(w).pk},
    "children_in_need:plan-end": lambda w: {"child_id": w.child.casebook_id, "plan_id": _plan(w).pk},
}
