"""URL arguments for the URL walker (casebook/access_audit/tests/test_url_access.py)."""

import datetime


def _audit(world):
    from casebook.oversight.services import audit_assign

    return audit_assign(child=world.child, auditor=world["auditor"], due_on=datetime.date(2099, 1, 31),
                        acting_user=world["auditor"])


def _standard(world):
    from casebook.oversight.models import PracticeStandard

    return PracticeStandard.objects.order_by("pk").first() or PracticeStandard.objects.create(name="Recording")


SAMPLES = {
    "oversight:audit": lambda world: {"child_id": world.child.casebook_id, "audit_id": _audit(world).pk},
    "oversight:audit-moderate": lambda world: {"child_id": world.child.casebook_id, "audit_id": _audit(world).pk},
    "oversight:standard-edit": lambda world: {"standard_id": _standard(world).pk},
    "oversight:timescale-edit": lambda world: {"item": "cp_visit_10wd"},
}
