"""On PostgreSQL, the database itself refuses to change or delete access and export events.
SQLite (development) relies on the model and queryset guards."""

from django.db import migrations

TABLES = ["access_audit_accessevent", "access_audit_exportevent"]

FUNCTION = """
CREATE OR REPLACE FUNCTION casebook_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the % table is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # params=None: with the default () psycopg parses the `%` in RAISE's format string as a placeholder.
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION casebook_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [("access_audit", "0002_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
