"""Who changed what on a child's record, from django-simple-history's tables."""

from dataclasses import dataclass
from datetime import datetime

from casebook.children.models import Address, Child, Relationship


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str  # "Child's details", "Address", ...
    kind: str  # Created | Changed | Deleted
    fields: list[tuple[str, str, str]]  # (field label, old, new)


_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
_HIDDEN = {"version", "updated_at", "created_at", "recorded_by", "id", "child"}


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a field since removed from the model
        return name


def _changes_of(history_qs, model, what: str) -> list[Change]:
    records = list(history_qs.select_related("history_user").order_by("history_date", "history_id"))
    changes = []
    previous_by_object = {}  # the prior version of each object, without a query per record
    for record in records:
        fields = []
        previous = previous_by_object.get(record.id)
        previous_by_object[record.id] = record
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            fields = [(_label(model, c.field), str(c.old if c.old not in (None, "") else "–"),
                       str(c.new if c.new not in (None, "") else "–"))
                      for c in delta.changes if c.field not in _HIDDEN]
            if not fields:
                continue
        user = record.history_user
        changes.append(Change(record.history_date, user.full_name if user else "System", what,
                              _KINDS[record.history_type], fields))
    return changes


def record_changes(child: Child, *, limit: int = 200) -> list[Change]:
    """Every change to the child's details, addresses and network, newest first."""
    changes = _changes_of(Child.history.filter(id=child.pk), Child, "Child's details")
    changes += _changes_of(Address.history.filter(child_id=child.pk), Address, "Address")
    changes += _changes_of(Relationship.history.filter(child_id=child.pk), Relationship, "Family and network")
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
