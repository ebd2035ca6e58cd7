"""Back up, restore into an empty database, compare every table's row count and checksum."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from casebook.access_audit.models import AccessEvent
from casebook.children import services as child_services
from casebook.core.backup import table_fingerprints


def _empty_the_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert connection.introspection.table_names() == []


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_identical_tables(world, tmp_path):
    worker = world["allocated_worker"]
    child_services.address_add(child=world.child, acting_user=worker, line_1="1 Backup Row", town="Northmoor",
                               postcode="NM1 1AA")
    AccessEvent.objects.create(user=worker, child=world.child, page="child-summary")
    before = table_fingerprints()
    assert before["children_child"][0] == 1 and before["access_audit_accessevent"][0] == 1
    out = tmp_path / "casebook.backup"
    call_command("backup", "--out", str(out))
    assert out.stat().st_size > 0

    _empty_the_database()
    call_command("restore", str(out), "--no-input")

    after = table_fingerprints()
    assert after.keys() == before.keys()
    different = [t for t in before if before[t] != after[t]]
    assert not different, f"tables differ after restore: {different}"
    # The restored database works: the append-only rule still holds and the app can read.
    assert AccessEvent.objects.get().page == "child-summary"


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(junk), "--no-input")
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), "--no-input")
