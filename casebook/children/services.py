"""Writes to the child's record. Each runs in one transaction; history is kept by simple-history."""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from casebook.children.identifiers import normalise_nhs_number, normalise_postcode
from casebook.children.models import Address, Allocation, Child, ChildDisability, Relationship
from casebook.core.concurrency import save_if_unchanged

# No I, O, 0 or 1: IDs are read aloud on the phone.
_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_casebook_id(rng=secrets) -> str:
    """'CB' and eight characters: letters and digits only, as the DfE's LA child ID requires."""
    return "CB" + "".join(rng.choice(_ID_ALPHABET) for _ in range(8))


CHILD_FIELDS = [
    "first_names", "last_name", "known_as", "date_of_birth", "expected_date_of_birth", "sex", "gender",
    "ethnicity", "nhs_number", "upn", "first_language", "interpreter_needed",
]


def _normalise(data: dict) -> dict:
    data = dict(data)
    if data.get("nhs_number"):
        data["nhs_number"] = normalise_nhs_number(data["nhs_number"])
    if data.get("upn"):
        data["upn"] = data["upn"].strip().upper()
    return data


@transaction.atomic
def child_create(*, acting_user, disabilities: list[str] | None = None, **fields) -> Child:
    """Create a child's record. `fields` are the CHILD_FIELDS a form cleaned."""
    values = _normalise({k: v for k, v in fields.items() if k in CHILD_FIELDS})
    for _attempt in range(5):
        child = Child(casebook_id=new_casebook_id(), recorded_by=acting_user, **values)
        child._history_user = acting_user
        child.full_clean()
        try:
            with transaction.atomic():
                child.save()
            break
        except IntegrityError:  # an ID collision: one in 32^8, so try another
            continue
    else:
        raise RuntimeError("could not allocate a unique Casebook ID")
    disabilities_set(child=child, codes=disabilities or [])
    return child


@transaction.atomic
def child_update(*, child: Child, read_version: int, acting_user, disabilities: list[str] | None = None,
                 **fields) -> Child:
    """Change identity fields. Raises ConcurrentEditError if someone saved after `read_version`."""
    values = _normalise({k: v for k, v in fields.items() if k in CHILD_FIELDS})
    for name, value in values.items():
        setattr(child, name, value)
    child._history_user = acting_user
    child.full_clean()
    save_if_unchanged(child, read_version=read_version, fields=list(values))
    if disabilities is not None:
        disabilities_set(child=child, codes=disabilities)
    return child


def disabilities_set(*, child: Child, codes: list[str]) -> None:
    codes = sorted(set(codes))
    if "NONE" in codes and len(codes) > 1:
        codes.remove("NONE")
    child.disabilities.exclude(code__in=codes).delete()
    existing = set(child.disabilities.values_list("code", flat=True))
    ChildDisability.objects.bulk_create([ChildDisability(child=child, code=c) for c in codes if c not in existing])


@transaction.atomic
def address_add(*, child: Child, acting_user, line_1: str, town: str, postcode: str, line_2: str = "",
                moved_in: date | None = None) -> Address:
    """Add the child's new address; the current one (if any) is ended the day before."""
    current = child.addresses.filter(moved_out__isnull=True).order_by("-moved_in").first()
    if current and moved_in and (current.moved_in is None or current.moved_in < moved_in):
        current.moved_out = moved_in
        current._history_user = acting_user
        current.save(update_fields=["moved_out", "updated_at"])
    address = Address(child=child, recorded_by=acting_user, line_1=line_1, line_2=line_2, town=town,
                      postcode=normalise_postcode(postcode), moved_in=moved_in)
    address._history_user = acting_user
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def relationship_add(*, child: Child, acting_user, **fields) -> Relationship:
    relationship = Relationship(child=child, recorded_by=acting_user, **fields)
    relationship._history_user = acting_user
    relationship.full_clean()
    relationship.save()
    return relationship


@transaction.atomic
def allocation_set(*, child: Child, team, worker, acting_user, reason: str = "", at=None) -> Allocation:
    """Allocate the child to a team (and worker), ending the current allocation.

    Every allocation is kept, so the history of workers can be reported (SSDA903 SWEpisodes).
    """
    at = at or timezone.now()
    child = Child.objects.select_for_update().get(pk=child.pk)
    Allocation.objects.filter(child=child, ended_at__isnull=True).update(ended_at=at)
    allocation = Allocation.objects.create(
        child=child, team=team, worker=worker, started_at=at, allocated_by=acting_user, reason=reason
    )
    child.allocated_team, child.allocated_worker = team, worker
    child._history_user = acting_user
    child.save(update_fields=["allocated_team", "allocated_worker", "updated_at"])
    return allocation


@transaction.atomic
def allocation_end(*, child: Child, acting_user, at=None) -> None:
    """Close the case: no team or worker holds it any more."""
    at = at or timezone.now()
    Allocation.objects.filter(child=child, ended_at__isnull=True).update(ended_at=at)
    child.allocated_team, child.allocated_worker = None, None
    child._history_user = acting_user
    child.save(update_fields=["allocated_team", "allocated_worker", "updated_at"])
