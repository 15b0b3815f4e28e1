"""The indexes the staff search reads (matching.py), made by this app's migration.

PostgreSQL: the ``pg_trgm`` and ``btree_gin`` extensions, GIN indexes on the Dutch full-text
expression of descriptions and summaries (each with the record's moment), and trigram GIN
indexes on reporters' and tenants' names and on the street names (``search_street``).

SQLite: FTS5 tables over the same columns, kept by triggers on the tables they index. SQLite
changes a table's columns by making a new table and dropping the old one, triggers and all;
``sqlite_index_ensure`` runs after every migration too, and makes again (and fills) what such a
change dropped.

Both: the street names of signals and cases, each once (models.Street), kept by triggers on
both tables; indexes on street, house number and moment, and on postcode and house number."""

from django.db.backends.base.base import BaseDatabaseWrapper

# name, the table it indexes, its columns, FTS5 tokenizer
FTS5_TABLES = [
    ("search_signal_words", "signals_signal", ("description",), "unicode61 remove_diacritics 2"),
    ("search_case_words", "cases_case", ("summary",), "unicode61 remove_diacritics 2"),
    ("search_reporter_names", "signals_reporter", ("name", "email"), "trigram"),
    ("search_tenant_names", "signals_arrearsdetails", ("tenant_name",), "trigram"),
]

# The words of signals and cases hold the moment too (btree_gin), so that the search reads a
# few weeks' matches of a common word, not all of them (access.py: _windowed).
WITH_MOMENT = {
    "search_signal_words": "signals_signal USING gin "
    "(to_tsvector('dutch'::regconfig, COALESCE(description, '')), created_at)",
    "search_case_words": "cases_case USING gin "
    "(to_tsvector('dutch'::regconfig, COALESCE(summary, '')), opened_at)",
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
# Before the street names had a table of their own (migration 0003): trigram indexes on every
# signal's and case's street (PostgreSQL), FTS5 tables (SQLite).
STREETS_BEFORE = ("search_signal_streets", "search_case_streets")
POSTGRESQL_DROP = [
    f"DROP INDEX IF EXISTS {name}"
    for name in (
        "search_signal_words",
        "search_case_words",
        "search_reporter_names",
        "search_tenant_names",
    )
]
BOTH = [
    "CREATE INDEX IF NOT EXISTS search_signal_postcode ON signals_signal (postcode, house_number)",
    "CREATE INDEX IF NOT EXISTS search_case_postcode ON cases_case (postcode, house_number)",
    # A street's records newest first, or at one house number (checked in the index): the
    # names from search_street.
    "CREATE INDEX IF NOT EXISTS search_signal_street "
    "ON signals_signal (street, created_at, house_number)",
    "CREATE INDEX IF NOT EXISTS search_case_street ON cases_case (street, opened_at, house_number)",
]
BOTH_DROP = [
    "DROP INDEX IF EXISTS search_signal_postcode",
    "DROP INDEX IF EXISTS search_case_postcode",
    "DROP INDEX IF EXISTS search_signal_street",
    "DROP INDEX IF EXISTS search_case_street",
]

# The tables whose street names search_street holds, and the name their triggers go by.
STREET_TABLES = {"signals_signal": "signal", "cases_case": "case"}
_STREET_FILL = (
    "INSERT INTO search_street (name) SELECT DISTINCT street FROM {table} "
    "WHERE street <> '' ON CONFLICT DO NOTHING"
)
_STREET_NOTED = """CREATE OR REPLACE FUNCTION search_street_noted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.street <> '' AND NOT EXISTS (SELECT 1 FROM search_street WHERE name = NEW.street) THEN
        INSERT INTO search_street (name) VALUES (NEW.street) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$"""


def _street_triggers_sqlite(table: str, part: str) -> dict[str, str]:
    add = "INSERT OR IGNORE INTO search_street (name) VALUES (new.street);"
    return {
        f"search_street_{part}_insert": f"AFTER INSERT ON {table} "
        f"WHEN new.street <> '' BEGIN {add} END",
        f"search_street_{part}_update": f"AFTER UPDATE OF street ON {table} "
        f"WHEN new.street <> '' BEGIN {add} END",
    }


def streets_make(connection: BaseDatabaseWrapper) -> None:
    """The street names' table kept by triggers and filled with what is there; the streets'
    indexes on the records; the indexes and FTS5 tables of before (STREETS_BEFORE) gone."""
    with connection.cursor() as cursor:
        for statement in BOTH:
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for name in STREETS_BEFORE:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_street_names ON search_street "
                "USING gin (name gin_trgm_ops)"
            )
            cursor.execute(_STREET_NOTED)
            for table, part in STREET_TABLES.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS search_street_from_{part} ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER search_street_from_{part} AFTER INSERT OR UPDATE OF street "
                    f"ON {table} FOR EACH ROW EXECUTE FUNCTION search_street_noted()"
                )
                cursor.execute(_STREET_FILL.format(table=table))
            return
        for name in STREETS_BEFORE:
            for trigger in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}_{trigger}")
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
    sqlite_index_ensure(connection)


def streets_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table, part in STREET_TABLES.items():
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS search_street_from_{part} ON {table}")
            else:
                for trigger in _street_triggers_sqlite(table, part):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS search_street_noted()")


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
    """Make the FTS5 tables and their triggers, and the street names' triggers, where they are
    missing, and fill a table again whose triggers were missing (its rows may have changed
    without it)."""
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
        if "search_street" not in present:
            return  # before the migration that made it
        for table, part in STREET_TABLES.items():
            triggers = _street_triggers_sqlite(table, part)
            if table not in present or set(triggers) <= present:
                continue
            for trigger, body in triggers.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {trigger} {body}")
            cursor.execute(_STREET_FILL.format(table=table))


def sqlite_index_drop(connection: BaseDatabaseWrapper) -> None:
    streets_drop(connection)
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
    """PostgreSQL: the words indexes made again with the moment in them (a database whose
    indexes came before WITH_MOMENT)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in EXTENSIONS:
            cursor.execute(statement)
        for name, definition in WITH_MOMENT.items():
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
            cursor.execute(f"CREATE INDEX {name} ON {definition}")


def index_drop(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        streets_drop(connection)
    with connection.cursor() as cursor:
        for statement in BOTH_DROP + (POSTGRESQL_DROP if connection.vendor == "postgresql" else []):
            cursor.execute(statement)
    if connection.vendor == "sqlite":
        sqlite_index_drop(connection)
