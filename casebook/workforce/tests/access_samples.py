"""URL arguments for the URL walker (casebook/access_audit/tests/test_url_access.py)."""

import datetime


def _action(world):
    from casebook.workforce.services import action_create, recommendation_create

    rec = recommendation_create(title="Reduce caseloads", source="Ofsted letter", acting_user=world["head_of_service"])
    return action_create(recommendation=rec, description="Recruit four social workers", owner=world["team_manager"],
                         due_on=datetime.date(2027, 1, 1), acting_user=world["head_of_service"])


SAMPLES = {
    "workforce:worker-edit": lambda world: {"worker_id": world["allocated_worker"].pk},
    "workforce:absence-add": lambda world: {"worker_id": world["allocated_worker"].pk},
    "workforce:establishment-edit": lambda world: {"team_id": world.teams["east"].pk},
    "workforce:overview-children": lambda world: {"key": "assessments-45wd"},
    "workforce:action-add": lambda world: {"recommendation_id": _action(world).recommendation_id},
    "workforce:action-edit": lambda world: {"action_id": _action(world).pk},
}
