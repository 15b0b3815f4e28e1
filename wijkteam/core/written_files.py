"""Files written in a transaction: a stored file is written before its row, and a rollback
takes back the row but not the file. ``atomic_with_files()`` is ``transaction.atomic()`` that
deletes the files written in it (``file_written``) when it fails, since a file without a row
is personal data that no retention run would ever find."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

logger = logging.getLogger(__name__)

# The files (storage, name) written inside the innermost ``atomic_with_files`` block.
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("files_written", default=None)


@contextmanager
def atomic_with_files(*, savepoint: bool = True) -> Iterator[None]:
    """``transaction.atomic(savepoint=...)`` for a block that stores files (photos, documents).
    When the block fails (a unique index refuses a repeat that lost a race, a check under a
    lock, anything else), the files written in it are deleted. Files of a block nested in
    another go with the outer block's when that fails.

    Not for a failure after the commit (an on_commit callback): the rows are there and keep
    their files. Nor for an outer transaction without such a block that rolls back later."""
    written: list[tuple[Storage, str]] = []
    outer = _written.get()
    token = _written.set(written)
    committed = False

    def mark_committed() -> None:
        nonlocal committed
        committed = True

    try:
        with transaction.atomic(savepoint=savepoint):
            # The first callback of an outermost block: it runs before any that could fail.
            transaction.on_commit(mark_committed)
            yield
    except BaseException:
        if not committed:
            _files_delete(written)
        raise
    else:
        if outer is not None:
            outer.extend(written)
    finally:
        _written.reset(token)


def file_written(file: FieldFile) -> None:
    """Note a file just written for a row of the ``atomic_with_files`` block this runs in
    (outside such a block: nothing)."""
    written = _written.get()
    if written is not None:
        written.append((file.storage, file.name))


def _files_delete(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # the failure that brought us here is the one to report
            logger.exception("Could not delete the file %s of a failed write", name)
