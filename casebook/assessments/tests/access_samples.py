"""URL arguments for the access walker: records belonging to the world's child."""

from casebook.child_protection.tests import journey


def _assessment(world):
    journey.referral(world.child, world["allocated_worker"])
    return journey.assessment(world.child, world["allocated_worker"])


SAMPLES = {
    "assessments:edit": lambda w: {"child_id": w.child.casebook_id, "assessment_id": _assessment(w).pk},
}
