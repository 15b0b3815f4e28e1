"""Reference numbers per year (M-2026-00012, Z-2026-00003).

On PostgreSQL each series has a database sequence per year: ``nextval`` never waits for another
transaction, so intakes run side by side. A number taken by a transaction that rolls back is
not handed out again (the series may have gaps; every number is still used once at most). The
sequence of a year is made when its first number is asked for, starting after what the
series' counter row already handed out that year (a database that counted with rows before).

SQLite has one writer at a time anyway: there the counter row per year counts, and its lock is
the write transaction itself.
"""

from django.db import DatabaseError, IntegrityError, connection, models, transaction


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
    try:
        with transaction.atomic():
            counter_model.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another transaction created this year's counter first
    counter = counter_model.objects.select_for_update().get(year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return list(range(first, counter.last + 1))


def sequence_name(counter_model: type[models.Model], year: int) -> str:
    return f"{counter_model._meta.db_table}_{year}"


def _from_sequence(counter_model: type[models.Model], year: int, count: int) -> list[int]:
    name = sequence_name(counter_model, year)
    key = (connection.settings_dict["NAME"], name)
    if key in _committed:
        return _nextvals(name, count)
    # Not known to exist in committed form: ask under a savepoint, so that a missing sequence
    # does not spoil the transaction, and make it when it is missing.
    try:
        with transaction.atomic():
            numbers = _nextvals(name, count)
    except DatabaseError:
        _create_sequence(counter_model, year)
        numbers = _nextvals(name, count)
    transaction.on_commit(lambda: _committed.add(key))
    return numbers


# Sequences this process has seen in a committed transaction: they are there for good.
_committed: set[tuple[str, str]] = set()


def _nextvals(name: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [name, count])
        return sorted(row[0] for row in cursor.fetchall())


def _create_sequence(counter_model: type[models.Model], year: int) -> None:
    """Make the year's sequence, once, starting after the year's counter row. Two transactions
    that try at the same moment: the second waits for the first and then finds it there."""
    row = counter_model.objects.filter(year=year).values_list("last", flat=True).first()
    start = (row or 0) + 1
    name = connection.ops.quote_name(sequence_name(counter_model, year))
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {int(start)}")
    except IntegrityError:
        pass  # made by another transaction, which has committed meanwhile
