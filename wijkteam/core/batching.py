"""Rows that nothing reads back in the same transaction (timeline lines, audit rows), written
together at the end of a larger step: one INSERT per kind of row instead of one per row.

Inside ``writes_together()`` (the intake uses it), ``write_later(instance)`` keeps the row; at
the end of the block, still inside the caller's transaction, the rows are written with one
``bulk_create`` per model, in the order they were given. Outside such a block ``write_later``
saves at once. A block inside another adds to the outer one. When the block ends with an
exception nothing is written: the transaction it belongs to is rolled back anyway."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_kept: ContextVar[dict[type[models.Model], list[models.Model]] | None] = ContextVar(
    "writes_together", default=None
)


@contextmanager
def writes_together() -> Iterator[None]:
    if _kept.get() is not None:
        yield  # the outer block writes them
        return
    token = _kept.set({})
    try:
        yield
        for model, rows in _kept.get().items():
            model.objects.bulk_create(rows)
    finally:
        _kept.reset(token)


def write_later(instance: models.Model) -> models.Model:
    """Insert ``instance`` now, or with the others at the end of the ``writes_together()``
    block it is in (its primary key is set then, not before)."""
    kept = _kept.get()
    if kept is None:
        instance.save(force_insert=True)
    else:
        kept.setdefault(type(instance), []).append(instance)
    return instance
