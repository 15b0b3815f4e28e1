"""The indexes the staff search reads (matching.py), made by this app's migration.

PostgreSQL: the ``pg_trgm`` and ``btree_gin`` extensions, GIN indexes on the Dutch full-text
expression of descriptions and summaries and trigram GIN indexes on streets (each with the
record's moment), reporters' and tenants' names.

SQLite: FTS5 tables over the same columns, kept by triggers on the tables they index. SQLite
changes a table's columns by making a new table and dropping the old one, triggers and all;
``sqlite_index_ensure`` runs after every migration too, and makes again (and fills) what such a
change dropped.

Both: a postcode and house number index on cases (signals have one)."""

from django.db.backends.base.base import BaseDatabaseWrapper

# name, the table it indexes, its columns, FTS5 tokenizer
FTS5_TABLES = [
    ("search_signal_words", "signals_signal", ("description",), "unicode61 remove_diacritics 2"),
    ("search_case_words", "cases_case", ("summary",), "unicode61 remove_diacritics 2"),
    ("search_signal_streets", "signals_signal", ("street",), "trigram"),
    ("search_case_streets", "cases_case", ("street",), "trigram"),
    ("search_reporter_names", "signals_reporter", ("name", "email"), "trigram"),
    ("search_tenant_names", "signals_arrearsdetails", ("tenant_name",), "trigram"),
]

# The words and streets of signals and cases hold the moment too (btree_gin), so that the
# search reads a month's matches of a common word, not all of them (access.py: WINDOWS).
WITH_MOMENT = {
    "search_signal_words": "signals_signal USING gin "
    "(to_tsvector('dutch'::regconfig, COALESCE(description, '')), created_at)",
    "search_case_words": "cases_case USING gin "
    "(to_tsvector('dutch'::regconfig, COALESCE(summary, '')), opened_at)",
    "search_signal_streets": "signals_signal USING gin (street gin_trgm_ops, created_at)",
    "search_case_streets": "cases_case USING gin (street gin_trgm_ops, opened_at)",
}
EXTENSIONS = ["CREATE EXTENSION IF NOT EXISTS pg_trgm", "CREATE EXTENSION IF NOT EXISTS btree_gin"]
POSTGRESQL = [
    *EXTENSIONS,
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON {definition}"
        for name, definition in WITH_MOMENT.items()
    ),
    "CREATE INDEX IF NOT EXISTS search_reporter_names ON signals_reporter "
    "USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_tenant_names ON signals_arrearsdetails "
    "USING gin (tenant_name gin_trgm_ops)",
]
POSTGRESQL_DROP = [
    f"DROP INDEX IF EXISTS {name}"
    for name in (
        "search_signal_words",
        "search_case_words",
        "search_signal_streets",
        "search_case_streets",
        "search_reporter_names",
        "search_tenant_names",
    )
]
BOTH = [
    "CREATE INDEX IF NOT EXISTS search_signal_postcode ON signals_signal (postcode, house_number)",
    "CREATE INDEX IF NOT EXISTS search_case_postcode ON cases_case (postcode, house_number)",
]
BOTH_DROP = [
    "DROP INDEX IF EXISTS search_signal_postcode",
    "DROP INDEX IF EXISTS search_case_postcode",
]


def _triggers(name: str, table: str, columns: tuple[str, ...]) -> dict[str, str]:
    listed = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    # Names from FTS5_TABLES only, never from input.
    remove = f"INSERT INTO {name}({name}, rowid, {listed}) VALUES ('delete', old.id, {old});"  # noqa: S608
    add = f"INSERT INTO {name}(rowid, {listed}) VALUES (new.id, {new});"  # noqa: S608
    return {
        f"{name}_insert": f"AFTER INSERT ON {table} BEGIN {add} END",
        f"{name}_delete": f"AFTER DELETE ON {table} BEGIN {remove} END",
        f"{name}_update": f"AFTER UPDATE OF {listed} ON {table} BEGIN {remove} {add} END",
    }


def sqlite_index_ensure(connection: BaseDatabaseWrapper) -> None:
    """Make the FTS5 tables and their triggers where they are missing, and fill a table again
    whose triggers were missing (its rows may have changed without it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {row[0] for row in cursor.fetchall()}
        for name, table, columns, tokenizer in FTS5_TABLES:
            if table not in present:
                continue  # an earlier migration than the table's own
            if name not in present:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(columns)}, "
                    f"content='{table}', content_rowid='id', tokenize='{tokenizer}')"
                )
            triggers = _triggers(name, table, columns)
            if set(triggers) <= present and name in present:
                continue
            for trigger, body in triggers.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {trigger} {body}")
            cursor.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")  # noqa: S608


def sqlite_index_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name, table, columns, _tokenizer in FTS5_TABLES:
            for trigger in _triggers(name, table, columns):
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def index_create(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in BOTH + (POSTGRESQL if connection.vendor == "postgresql" else []):
            cursor.execute(statement)
    if connection.vendor == "sqlite":
        sqlite_index_ensure(connection)


def moment_indexes_make(connection: BaseDatabaseWrapper) -> None:
    """PostgreSQL: the words and streets indexes made again with the moment in them (a
    database whose indexes came before WITH_MOMENT)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in EXTENSIONS:
            cursor.execute(statement)
        for name, definition in WITH_MOMENT.items():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute(f"CREATE INDEX {name} ON {definition}")


def index_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in BOTH_DROP + (POSTGRESQL_DROP if connection.vendor == "postgresql" else []):
            cursor.execute(statement)
    if connection.vendor == "sqlite":
        sqlite_index_drop(connection)
