"""Optimistic concurrency: a save made from an out-of-date form never overwrites a newer one."""

from datetime import time
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction


class ConcurrentEditError(Exception):
    """Someone saved the record after this form was opened.

    `changes` maps each field the other person changed to the value they saved.
    """

    def __init__(self, *, current: models.Model, changes: dict[str, object]):
        super().__init__("This record was changed by someone else after you opened it")
        self.current = current
        self.changes = changes


def save_if_unchanged(instance: models.Model, *, read_version: int, fields: list[str],
                      shown: list[str] | None = None) -> None:
    """Save `fields` of `instance` only if the stored version is still `read_version`.

    `shown` limits the fields reported as changed to those the form asks about (default: all
    of `fields`; bookkeeping such as `recorded_by` or a due date computed from an answer is
    better left out).

    The row is locked (PostgreSQL) or the database write-locked (SQLite's IMMEDIATE
    transactions) while the version is compared, so two saves cannot both pass the check.
    Raises ConcurrentEditError and writes nothing when the stored row has moved on.
    """
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if current.version != read_version:
            raise ConcurrentEditError(current=current,
                                      changes=_changed_since(current, read_version, shown or fields, instance))
        instance.version = read_version + 1
        update_fields = [*fields, "version"]
        if any(f.name == "updated_at" for f in model._meta.fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)


def save_new_if_absent(instance: models.Model, *, fields: list[str], shown: list[str] | None = None) -> None:
    """Create `instance`, a one-per-record item (one per child, team, allocation...) whose form was
    read at version 0, before the record existed.

    If someone else created it in the meantime, the database's unique constraint refuses the
    insert: that is rolled back to a savepoint (the caller's transaction goes on) and
    ConcurrentEditError reports the now-existing row's values among `shown` (default `fields`),
    as a stale save of an existing record would. Other integrity errors are raised as they are.
    """
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        current = _existing_twin(instance)
        if current is None:
            raise
        instance.pk = None
        raise ConcurrentEditError(current=current,
                                  changes=_changed_since(current, 0, shown or fields, None)) from None


def _existing_twin(instance: models.Model):
    """The stored row that shares one of `instance`'s unique keys (a unique or one-to-one field,
    or an unconditional UniqueConstraint / unique_together), or None."""
    meta = instance._meta
    keys = [[f.attname] for f in meta.concrete_fields if f.unique and not f.primary_key]
    keys += [[meta.get_field(n).attname for n in c.fields] for c in meta.constraints
             if isinstance(c, models.UniqueConstraint) and c.fields and c.condition is None]
    keys += [[meta.get_field(n).attname for n in together] for together in meta.unique_together]
    for key in keys:
        lookup = {name: getattr(instance, name) for name in key}
        if None in lookup.values():
            continue
        current = type(instance)._default_manager.filter(**lookup).first()
        if current is not None:
            return current
    return None


def check_unchanged(current: models.Model, *, read_version: int, fields: list[str]) -> None:
    """Raise ConcurrentEditError (listing what changed among `fields`) if `current`, already read
    under select_for_update, has moved on from `read_version`. For services that must look
    at the locked row before deciding what to save."""
    if current.version != read_version:
        raise ConcurrentEditError(current=current, changes=_changed_since(current, read_version, fields, None))


def _changed_since(current: models.Model, read_version: int, fields: list[str], instance: models.Model) -> dict:
    """The fields someone else changed since `read_version`, with the values they saved.

    With simple-history the record as it was at `read_version` is known, so only the other
    person's changes are listed, not the fields this form is changing. Without history, the
    best available answer is every field where the stored value differs from this form's
    (every field that has a value, when there is no form's `instance` to compare with).
    """
    history = getattr(type(current), "history", None)
    then = None
    if history is not None:
        then = (history.filter(**{current._meta.pk.attname: current.pk, "version": read_version})
                .order_by("-history_date").first())
    if then is None and instance is None:
        return {name: getattr(current, name) for name in fields if getattr(current, name) not in (None, "")}
    if then is None:
        return {name: getattr(current, name) for name in fields if getattr(current, name) != getattr(instance, name)}
    return {name: getattr(current, name) for name in fields
            if hasattr(then, name) and getattr(then, name) != getattr(current, name)}


CONFLICT_MESSAGE = ("Someone else changed this record after you opened it. Your changes have not been saved: "
                    "check what they changed, then save again to keep yours")
CONFLICT_FINAL_MESSAGE = ("Someone else changed this record after you opened it. Your changes have not been saved: "
                          "check what they recorded")


def show_conflict(form, error: ConcurrentEditError, *, labels: dict[str, str] | None = None,
                  field_map: dict[str, str] | None = None, final: bool = False) -> None:
    """Put a refused stale save on `form`, the one way every edit page shows it.

    Adds the GOV.UK error (the error summary links it to the "what they changed" table that
    `templates/govuk/conflict.html` draws from `form.conflict`), keeps what the user typed, and
    moves the form's hidden version on to the stored one, so saving again is a deliberate
    overwrite of the changes now shown. `labels` names fields the form does not label itself;
    `field_map` gives the form field for a model field of another name (`rhi_offered_by` ->
    `offered_by`), whose label is then used.
    `final`: what they recorded can be recorded only once (a threshold decision), so the page
    does not offer to replace it.
    """
    form.conflict = describe_changes(error.current, error.changes, form=form, labels=labels, field_map=field_map)
    form.conflict_final = final
    form.add_error(None, CONFLICT_FINAL_MESSAGE if final else CONFLICT_MESSAGE)
    data = form.data.copy()
    data[form.add_prefix("version")] = str(error.current.version)
    form.data = data


def describe_changes(current, changes: dict, *, form=None, labels: dict[str, str] | None = None,
                     field_map: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(label, value as a person reads it) for each change: the form's label for the field where
    it has one, else the model's; choices by their display name, records by name, Yes/No, dates."""
    described = []
    for name, value in changes.items():
        model_field = _model_field(current, name)
        label = (labels or {}).get(name)
        form_name = (field_map or {}).get(name, name)
        if label is None and form is not None and form_name in form.fields and form.fields[form_name].label:
            label = form.fields[form_name].label
        if label is None:
            label = model_field.verbose_name if model_field is not None else name.replace("_", " ")
        label = str(label)
        described.append((label[:1].upper() + label[1:], display_value(value, model_field)))
    return described


def display_value(value, model_field=None, *, blank: str = "(blank)") -> str:
    """A stored value as the pages show it (`blank` when there is none)."""
    from casebook.core.templatetags.govuk import ukdate

    if model_field is not None and model_field.choices and value not in (None, ""):
        value = dict(model_field.flatchoices).get(value, value)
    if value is None or value == "":
        return blank
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return ukdate(value)


def _model_field(instance, name):
    try:
        return instance._meta.get_field(name)
    except (AttributeError, FieldDoesNotExist):
        return None
