"""The uploaded file of an arrears import, read from the database as a stream: a megabyte per
query, so that the worker never holds the whole file (let alone its rows) in memory."""

import io

from django.db import connection

from wijkteam.signals.arrears_csv.columns import text_lines
from wijkteam.signals.models import ArrearsImport

CHUNK = 1 << 20


class StoredFile(io.RawIOBase):
    """The bytes of ``ArrearsImport.content``, fetched ``CHUNK`` bytes at a time (SQL
    ``substr``, which PostgreSQL and SQLite both have for binary values)."""

    def __init__(self, import_id: int) -> None:
        super().__init__()
        self.import_id = import_id
        self.position = 1  # SQL counts from 1
        self.pending = memoryview(b"")
        self.at_end = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.pending and not self.at_end:
            self.pending = memoryview(self._fetch())
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]  # a view: nothing is copied
        return size

    def _fetch(self) -> bytes:
        table = connection.ops.quote_name(ArrearsImport._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT substr(content, %s, %s) FROM {table} WHERE id = %s",  # noqa: S608
                [self.position, CHUNK, self.import_id],
            )
            found = cursor.fetchone()
        part = bytes(found[0]) if found and found[0] is not None else b""
        self.position += len(part)
        self.at_end = len(part) < CHUNK
        return part


def stored_lines(job: ArrearsImport) -> io.TextIOWrapper:
    """The lines of the import's file, in the encoding found when it was uploaded."""
    return text_lines(io.BufferedReader(StoredFile(job.pk)), job.encoding or "utf-8")
