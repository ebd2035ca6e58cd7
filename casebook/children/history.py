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


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field since removed from the model
        return None


def _blank(value) -> bool:
    return value in (None, "")


def _display_names(model, wanted: dict[str, set]) -> dict[tuple[str, object], str]:
    """{(field, pk): display name} for the foreign keys that changed: one query per related model."""
    names = {}
    for name, pks in wanted.items():
        related = _field(model, name).related_model
        for obj in related._default_manager.filter(pk__in=pks):
            names[(name, obj.pk)] = getattr(obj, "full_name", None) or str(obj)
    return names


def _shown(model, name: str, value, names: dict) -> str:
    """A value as a person reads it: a related record's name, a choice's label, "–" for nothing."""
    if _blank(value):
        return "–"
    field = _field(model, name)
    if field is not None and field.is_relation:
        return names.get((name, value), "a record since removed")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def _changes_of(history_qs, model, what: str) -> list[Change]:
    records = list(history_qs.select_related("history_user").order_by("history_date", "history_id"))
    pending = []  # (record, [(field name, old, new)]) before foreign keys are resolved
    previous_by_object = {}  # the prior version of each object, without a query per record
    wanted: dict[str, set] = {}  # foreign key field -> pks to look up once
    for record in records:
        raw = []
        previous = previous_by_object.get(record.id)
        previous_by_object[record.id] = record
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            raw = [(c.field, c.old, c.new) for c in delta.changes if c.field not in _HIDDEN]
            if not raw:
                continue
            for name, old, new in raw:
                field = _field(model, name)
                if field is not None and field.is_relation:
                    wanted.setdefault(name, set()).update(v for v in (old, new) if not _blank(v))
        pending.append((record, raw))
    names = _display_names(model, wanted)
    changes = []
    for record, raw in pending:
        fields = [(_label(model, name), _shown(model, name, old, names), _shown(model, name, new, names))
                  for name, old, new in raw]
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
