"""URL arguments for the access walker: records belonging to the world's child."""

from datetime import date

from casebook.child_protection import services as cp
from casebook.child_protection.tests import journey


def _s47(world):
    return journey.section47(world.child, world["allocated_worker"])


def _discussion(world):
    return _s47(world).strategy_discussion


def _plan(world):
    return journey.cp_plan(world.child, world["allocated_worker"])


def _review(world):
    plan = _plan(world)
    return cp.review_conference_record(plan=plan, held_on=date(2025, 8, 1), chair="A Chair", agencies="Police",
                                       plan_continues=True, category="NEG", acting_user=world["allocated_worker"])


SAMPLES = {
    "child_protection:strategy-discussion-edit": lambda w: {"child_id": w.child.casebook_id,
                                                            "discussion_id": _discussion(w).pk},
    "child_protection:conference-edit": lambda w: {"child_id": w.child.casebook_id, "conference_id": _review(w).pk},
    "child_protection:conference-decision": lambda w: {"child_id": w.child.casebook_id,
                                                       "conference_id": _plan(w).conferences.get().pk},
    "child_protection:section47-start": lambda w: {"child_id": w.child.casebook_id, "discussion_id": _discussion(w).pk},
    "child_protection:section47-conclude": lambda w: {"child_id": w.child.casebook_id, "s47_id": _s47(w).pk},
    "child_protection:initial-conference-add": lambda w: {"child_id": w.child.casebook_id, "s47_id": _s47(w).pk},
    "child_protection:review-conference-add": lambda w: {"child_id": w.child.casebook_id, "plan_id": _plan(w).pk},
    "child_protection:core-group-add": lambda w: {"child_id": w.child.casebook_id, "plan_id": _plan(w).pk},
    "child_protection:plan-end": lambda w: {"child_id": w.child.casebook_id, "plan_id": _plan(w).pk},
}
