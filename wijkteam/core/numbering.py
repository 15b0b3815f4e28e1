"""Reference numbers per year (M-2026-00012, Z-2026-00003) from a counter row per year."""

from django.db import IntegrityError, models, transaction


def next_number(counter_model: type[models.Model], year: int) -> int:
    """The next number of ``year`` in a counter table with fields ``year`` (primary key) and
    ``last``. The row is locked, so two transactions never get the same number (PostgreSQL:
    row lock; SQLite: the write transaction is exclusive). Call inside a transaction."""
    try:
        with transaction.atomic():
            counter_model.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another transaction created this year's counter first
    counter = counter_model.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
