"""The Veenendaal demo for the tests that work in it (the browser journeys, the demo's links).

The first such test in a process loads the demo with its own command, ``demo_data``, as
``bin/run`` does, and keeps a copy of every table's rows. The next one empties every table
and puts the copy back: the same rows, ids and reference numbers, in a fraction of the
seconds loading takes. The copy is taken again when it is older than ``KEPT_FOR`` or made
for another day or other demo settings, so that what the demo dates relative to now (today's
meeting, a deadline in two days) stays as a fresh load would have it.

What the copy holds is every table Django knows, emptied first: a test gets the state a load
after a flush gives, whatever the test before it left. Files the demo stored (its photos) stay
in the process's media folder, where the copy's rows find them. Numbers handed out after a
put-back come after the copy's: PostgreSQL's reference sequences and ids only go up, SQLite's
counter rows come back with the copy and its ids continue from the highest row.
"""

import contextlib
import re
import time
from dataclasses import dataclass
from importlib import import_module
from io import StringIO

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

KEPT_FOR = 10 * 60  # seconds


@dataclass(frozen=True)
class _Copy:
    made_for: tuple
    taken_at: float
    rows: dict[str, object]  # per table: PostgreSQL's binary COPY, or SQLite's row tuples


_kept: dict[str, _Copy] = {}  # per database vendor and name


def load_demo() -> None:
    """The demo in the test database: put back from this process's copy, or loaded."""
    key = f"{connection.vendor}:{connection.settings_dict['NAME']}"
    copy = _kept.get(key)
    if copy is not None and copy.made_for == _made_for() and _fresh(copy):
        put_back(copy.rows)
        return
    # A test before this one may have emptied every table, the rows that migrations wrote
    # too; the demo loader puts back the categories, this the closure message templates.
    closure_templates = import_module("wijkteam.cases.migrations.0004_closure_templates")
    closure_templates.seed(django_apps, None)
    call_command("demo_data", "--quiet-accounts", stdout=StringIO())
    _kept[key] = _Copy(_made_for(), time.monotonic(), take())


def _made_for() -> tuple:
    """What the demo's rows depend on besides the code: the settings the loader reads, and
    the day."""
    return (
        settings.DEMO_MODE,
        settings.LANGUAGE_CODE,
        settings.SITE_URL,
        settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS,
        settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM,
        settings.WIJKTEAM_DEMO_PICTURE_PERCENT,
        timezone.localdate(),
    )


def _fresh(copy: _Copy) -> bool:
    return time.monotonic() - copy.taken_at < KEPT_FOR


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take() -> dict[str, object]:
    """Every table's rows as they are now, in the order of their primary key."""
    quote = connection.ops.quote_name
    introspection = connection.introspection
    rows: dict[str, object] = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in _tables():
            order = ", ".join(map(quote, introspection.get_primary_key_columns(cursor, table)))
            ordered = f" ORDER BY {order}" if order else ""
            if connection.vendor == "postgresql":
                sql = f"COPY (SELECT * FROM {quote(table)}{ordered}) TO STDOUT (FORMAT binary)"  # noqa: S608 - Django's table names, quoted
                with raw.copy(sql) as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            else:
                # "+column" gives the stored value as it is: a plain column would go through
                # the converters Django registers (dates, booleans) and come back changed.
                columns = [c.name for c in introspection.get_table_description(cursor, table)]
                listed = ", ".join(f"+{quote(column)}" for column in columns)
                sql = f"SELECT {listed} FROM {quote(table)}{ordered}"  # noqa: S608
                rows[table] = raw.execute(sql).fetchall()
    return rows


def put_back(rows: dict[str, object]) -> None:
    """Empty every table (the suite's flush: tests/conftest.py) and write ``rows`` (from
    :func:`take`) back, in one transaction."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), _tables()))
        raw = cursor.cursor
        if connection.vendor == "postgresql":
            with triggers_off(cursor):  # the copy is whole, and the audit trail's in order
                for table, data in rows.items():
                    with raw.copy(f"COPY {quote(table)} FROM STDIN (FORMAT binary)") as copy:
                        copy.write(data)
            return
        # SQLite's triggers fire (it cannot switch them off): a table they write to (the
        # street names) is written first, and their own writes then find its rows there.
        fed = _fed_by_triggers(raw)
        for table, data in sorted(rows.items(), key=lambda item: item[0] not in fed):
            if data:
                marks = ", ".join("?" * len(data[0]))
                raw.executemany(f"INSERT INTO {quote(table)} VALUES ({marks})", data)  # noqa: S608


@contextlib.contextmanager
def triggers_off(cursor):
    """PostgreSQL: no triggers fire in this session meanwhile (the foreign keys' checks, the
    audit trail's refusal to be emptied or written out of order), for statements that empty
    or fill every table at once. The test database's user may do so."""
    cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        cursor.execute("SET session_replication_role = DEFAULT")


def _fed_by_triggers(raw) -> set[str]:
    written = set()
    for (sql,) in raw.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"):
        written.update(re.findall(r"INSERT\s+(?:OR\s+\w+\s+)?INTO\s+\"?(\w+)", sql, re.I))
    return written
