"""Reference numbers per year (M-2026-00012, Z-2026-00003).

On PostgreSQL each series has a database sequence per year: ``nextval`` never waits for another
transaction, so intakes run side by side. A number taken by a transaction that rolls back is
not handed out again (the series may have gaps; every number is still used once at most). The
sequence of a year is made when its first number is asked for, starting after what the
series' counter row already handed out that year (a database that counted with rows before).

SQLite has one writer at a time anyway: there the counter row per year counts (one
``UPDATE ... RETURNING``), and its lock is the write transaction itself.
"""

from django.db import connection, connections, models


def next_number(counter_model: type[models.Model], year: int) -> int:
    """The next number of ``year`` in the series of ``counter_model`` (a table with fields
    ``year``, the primary key, and ``last``). Call inside a transaction."""
    return next_numbers(counter_model, year, 1)[0]


def next_numbers(counter_model: type[models.Model], year: int, count: int) -> list[int]:
    """``count`` new numbers of ``year``, in increasing order, in one round trip."""
    if not 1000 <= year <= 9999:
        raise ValueError(f"year out of range: {year}")
    if count < 1:
        return []
    if connection.vendor == "postgresql":
        return _from_sequence(counter_model, year, count)
    return _from_counter_row(counter_model, year, count)


def _from_counter_row(counter_model: type[models.Model], year: int, count: int) -> list[int]:
    quote = connection.ops.quote_name
    table, last, year_column = quote(counter_model._meta.db_table), quote("last"), quote("year")
    with connection.cursor() as cursor:
        cursor.execute(
            # Names from the model, quoted; the values are parameters.
            f"UPDATE {table} SET {last} = {last} + %s WHERE {year_column} = %s RETURNING {last}",  # noqa: S608
            [count, year],
        )
        row = cursor.fetchone()
    if row is None:  # the year's first number (one writer at a time: nobody else makes it)
        counter_model.objects.create(year=year, last=count)
        last = count
    else:
        last = row[0]
    return list(range(last - count + 1, last + 1))


def sequence_name(counter_model: type[models.Model], year: int) -> str:
    return f"{counter_model._meta.db_table}_{year}"


def _from_sequence(counter_model: type[models.Model], year: int, count: int) -> list[int]:
    name = sequence_name(counter_model, year)
    key = (connection.settings_dict["NAME"], name)
    if key not in _made:
        _make_sequence(counter_model, year)
        _made.add(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [name, count])
        return sorted(row[0] for row in cursor.fetchall())


# Sequences this process made or found: they are there for good.
_made: set[tuple[str, str]] = set()


def _make_sequence(counter_model: type[models.Model], year: int) -> None:
    """Make the year's sequence if it is not there, on a connection of its own that commits at
    once: never inside the intake's transaction, which would hold the new sequence locked
    until it commits (and take it away again if it rolled back). It starts after what the
    year's counter row counted."""
    name = connection.ops.quote_name(sequence_name(counter_model, year))
    table = connection.ops.quote_name(counter_model._meta.db_table)
    own = connections.create_connection(connection.alias)
    try:
        own.set_autocommit(True)
        with own.cursor() as cursor:
            cursor.execute(f'SELECT "last" FROM {table} WHERE "year" = %s', [year])  # noqa: S608
            row = cursor.fetchone()
            start = (row[0] if row else 0) + 1
            # Processes making the same sequence at the same moment take turns: two
            # CREATE ... IF NOT EXISTS side by side can still both try to make it.
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {int(start)}")
    finally:
        own.close()
