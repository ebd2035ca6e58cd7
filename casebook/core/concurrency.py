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
            changes = {
                name: getattr(current, name)
                for name in fields
                if getattr(current, name) != getattr(instance, name)
            }
            raise ConcurrentEditError(current=current, changes=changes)
        instance.version = read_version + 1
        update_fields = [*fields, "version"]
        if any(f.name == "updated_at" for f in model._meta.fields):
            update_fields.append("updated_at")
        instance.save(update_fields=update_fields)
