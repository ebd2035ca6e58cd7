"""Optimistic concurrency: a save made from an out-of-date form never overwrites a newer one."""

from django.db import models, transaction


class ConcurrentEditError(Exception):
    """Someone saved the record after this form was opened.

    `changes` maps each field the other person changed to the value they saved.
    """

    def __init__(self, *, current: models.Model, changes: dict[str, object]):
        super().__init__("This record was changed by someone else after you opened it")
        self.current = current
        self.changes = changes


def save_if_unchanged(instance: models.Model, *, read_version: int, fields: list[str]) -> None:
    """Save `fields` of `instance` only if the stored version is still `read_version`.

    The row is locked (PostgreSQL) or the database write-locked (SQLite's IMMEDIATE
    transactions) while the version is compared, so two saves cannot both pass the check.
    Raises ConcurrentEditError and writes nothing when the stored row has moved on.
    """
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if current.version != read_version:
            raise ConcurrentEditError(current=current, changes=_changed_since(current, read_version, fields, instance))
        instance.version = read_version + 1
        update_fields = [*fields, "version"]
        if any(f.name == "updated_at" for f in model._meta.fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)


def _changed_since(current: models.Model, read_version: int, fields: list[str], instance: models.Model) -> dict:
    """The fields someone else changed since `read_version`, with the values they saved.

    With simple-history the record as it was at `read_version` is known, so only the other
    person's changes are listed, not the fields this form is changing. Without history, the
    best available answer is every field where the stored value differs from this form's.
    """
    history = getattr(type(current), "history", None)
    then = None
    if history is not None:
        then = (history.filter(**{current._meta.pk.attname: current.pk, "version": read_version})
                .order_by("-history_date").first())
    if then is None:
        return {name: getattr(current, name) for name in fields if getattr(current, name) != getattr(instance, name)}
    return {name: getattr(current, name) for name in fields
            if hasattr(then, name) and getattr(then, name) != getattr(current, name)}
