"""SQLite's part of a backup: the online backup API copies the database file page by page in
one read transaction, a consistent copy while the web application and the worker go on writing
(a plain file copy of a database in WAL mode can miss what is still in its ``-wal`` file)."""

import sqlite3
from pathlib import Path


def copy(source: Path | str, target: Path | str) -> None:
    """Copy the SQLite database ``source`` into ``target`` (made when missing, overwritten
    otherwise) with the online backup API."""
    with sqlite3.connect(source) as reading, sqlite3.connect(target) as writing:
        # All pages in one step: a step-wise copy starts over whenever another process writes,
        # which a busy site could keep doing for ever.
        reading.backup(writing, pages=-1)
        # The copy is one self-contained file: no -wal beside it, whatever the source used.
        writing.execute("PRAGMA journal_mode=DELETE")
    reading.close()
    writing.close()
