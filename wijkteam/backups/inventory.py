"""What a database holds, read the same way from the live database, a backup's snapshot and a
restored copy: the rows per table, the applied migrations, the audit trail's sealed head and the
files the rows refer to. Plain SQL on a DB-API cursor, so that it reads Django's connection (on
PostgreSQL inside the backup's snapshot) and a SQLite copy that Django does not know alike."""

from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import models

from wijkteam.access.audit import GENESIS_HASH
from wijkteam.access.models import AuditEntry

# Rows of file names read per query: a table of a million photos is never held at once.
PAGE = 5000


def _quote(name: str) -> str:
    # PostgreSQL and SQLite both quote identifiers with double quotes.
    return '"' + name.replace('"', '""') + '"'


def table_names(cursor: Any, vendor: str) -> list[str]:
    """Every table of the application's schema, sorted."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    return sorted(row[0] for row in cursor.fetchall())


def _model_labels() -> dict[str, str]:
    """Table name → model label (``signals.Attachment``), many-to-many tables included."""
    return {
        model._meta.db_table: model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def row_counts(cursor: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """The number of rows of every table, with the model it holds (None for tables no model
    names, such as Django's migration log)."""
    labels = _model_labels()
    counts = {}
    for table in table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a table name
        counts[table] = {"model": labels.get(table), "rows": cursor.fetchone()[0]}
    return counts


def table_rows(cursor: Any, tables: list[str]) -> dict[str, int]:
    """The number of rows of each of these tables (None for a table that is not there)."""
    counts: dict[str, int] = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - a table name
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor: Any) -> dict[str, list[str]]:
    """The migrations the database has applied, per app, in name order."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def sealed_head(cursor: Any) -> dict[str, Any]:
    """The audit trail's last sealed row (its position is the number of sealed rows), and how
    many rows were not sealed yet; the same head ``wijkteam.access.seal.sealed_head`` reads."""
    table = _quote(AuditEntry._meta.db_table)
    cursor.execute(
        f"SELECT seal_position, id, seal_hash FROM {table} "  # noqa: S608 - a table name
        "WHERE seal_position IS NOT NULL ORDER BY seal_position DESC LIMIT 1"
    )
    last = cursor.fetchone()
    cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE seal_position IS NULL")  # noqa: S608
    unsealed = cursor.fetchone()[0]
    rows, last_id, last_hash = last or (0, None, GENESIS_HASH)
    return {"rows": rows, "last_id": last_id, "last_hash": last_hash, "unsealed": unsealed}


def _file_columns(tables: set[str]) -> Iterator[tuple[str, str, str]]:
    """(table, primary key column, file column) of every model field that stores a file."""
    for model in apps.get_models():
        if model._meta.db_table not in tables or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model._meta.db_table, model._meta.pk.column, field.column


def file_references(cursor: Any, vendor: str) -> Iterator[str]:
    """The name (relative to the media folder) of every file a row refers to, read a page at a
    time in primary key order."""
    for table, key, column in _file_columns(set(table_names(cursor, vendor))):
        last = None
        while True:
            where = f"{_quote(column)} <> ''"
            if last is not None:
                where += f" AND {_quote(key)} > {int(last)}"
            cursor.execute(
                f"SELECT {_quote(key)}, {_quote(column)} FROM {_quote(table)} "  # noqa: S608
                f"WHERE {where} ORDER BY {_quote(key)} LIMIT {PAGE}"
            )
            rows = cursor.fetchall()
            for _key, name in rows:
                yield name
            if len(rows) < PAGE:
                break
            last = rows[-1][0]
