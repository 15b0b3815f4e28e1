"""Who reads a wijk's or buurt's boundary (areas/boundaries.py): only the areas app (the map's
data, the resolver, the import), the wijk's picture's own map and the API's resource of an area
(which serves its boundary). A page that reads one anywhere else is found by the statement it
sends and the project's file nearest to it."""

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

PROJECT = Path(__file__).resolve().parents[1] / "wijkteam"
READERS = (
    PROJECT / "areas",
    PROJECT / "wijkbeeld" / "area_map.py",
    PROJECT / "api" / "views" / "reference.py",
)


def _reader() -> str:
    """The project's file nearest to the database call."""
    for frame in reversed(traceback.extract_stack()):
        if frame.filename.startswith(str(PROJECT)):
            return frame.filename
    return ""


@contextmanager
def boundary_reads() -> Iterator[list[str]]:
    """The statements sent inside the block that select a boundary outside its readers, each
    as "file: statement"."""
    found: list[str] = []

    def watch(execute, sql, params, many, context):
        if sql.startswith("SELECT") and '."geometry"' in sql:
            reader = _reader()
            if not reader.startswith(tuple(str(path) for path in READERS)):
                found.append(f"{Path(reader).relative_to(PROJECT.parent)}: {sql[:120]}…")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        yield found
