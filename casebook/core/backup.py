"""Backup and restore with the database's own tools, so a backup is consistent while Casebook
keeps running and can be restored without Casebook (see docs/security.md).

- SQLite: the online backup API (sqlite3.Connection.backup), page by page, consistent.
- PostgreSQL: pg_dump in its custom format, restored with pg_restore --clean in one transaction,
  so a failed restore leaves the database as it was.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore with argument lists, never a shell
import tempfile
from pathlib import Path

from django.db import connections


class BackupError(Exception):
    pass


def _pg_args(settings_dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: install the PostgreSQL client tools")
    return path


def backup(*, out: Path, alias: str = "default") -> None:
    """Write a complete copy of the database to `out` (written beside it, then renamed)."""
    connection = connections[alias]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".partial")
    os.close(fd)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            args, env = _pg_args(connection.settings_dict)
            result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", partial, *args],  # nosec B603
                                    env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            raise BackupError(f"backups of {connection.vendor} databases are not supported")
        os.replace(partial, out)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def restore(*, source: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup in `source`."""
    connection = connections[alias]
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}")
    if connection.vendor == "sqlite":
        backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            if backup_db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError("The backup file is damaged (SQLite integrity check failed)")
            connection.ensure_connection()
            backup_db.backup(connection.connection)
        except sqlite3.DatabaseError as error:
            raise BackupError(f"Not a SQLite backup: {error}") from None
        finally:
            backup_db.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        connection.close()  # pg_restore --clean drops tables this connection may be holding
        result = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",  # nosec B603
                                 "--exit-on-error", *args, str(source)], env=env, capture_output=True, text=True,
                                check=False)
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        raise BackupError(f"restores of {connection.vendor} databases are not supported")


def table_fingerprints(alias: str = "default") -> dict[str, tuple[int, str]]:
    """Row count and a SHA-256 of the ordered rows of every table: equal before a backup and
    after its restore."""
    connection = connections[alias]
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # nosec B608: table names come from introspection
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = (len(rows), digest)
    return result
