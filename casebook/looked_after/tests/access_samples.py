"""URL kwargs for the access walker (casebook/access_audit/tests/test_url_access.py)."""

from datetime import timedelta

from django.utils import timezone


def _missing(world):
    from casebook.looked_after.services import missing_record

    now = timezone.now()
    episode = missing_record(child=world.child, kind="M", started_at=now - timedelta(hours=30),
                             ended_at=now - timedelta(hours=20), acting_user=world["allocated_worker"])
    return {"child_id": world.child.casebook_id, "episode_id": episode.pk}


def _allocation(world):
    return {"child_id": world.child.casebook_id, "allocation_id": world.child.allocations.first().pk}


SAMPLES = {
    "looked_after:missing-return": _missing,
    "looked_after:missing-interview": _missing,
    "looked_after:social-worker-reason": _allocation,
}


def _adopter(world):
    from datetime import date

    from casebook.looked_after.services import adopter_save

    adopter = adopter_save(full_name="Sam Example", enquiry_date=date(2026, 1, 5), acting_user=world["team_manager"])
    return {"adopter_id": adopter.pk}


SAMPLES["looked_after:adopter-edit"] = _adopter
