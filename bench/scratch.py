"""The throw-away database every benchmark runs in: a SQLite file in a temporary folder, or with
DATABASE_URL=postgres://.../NAME a database NAME_bench on that server, created fresh and dropped
afterwards. Nothing else is touched."""

import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def scratch_database_url() -> tuple[str, str | None]:
    """The scratch database's URL, and its PostgreSQL name (None for SQLite)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        name = parts.path.lstrip("/") + "_bench"
        return urlunsplit(parts._replace(path="/" + name)), name
    path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    return f"sqlite:///{path}", None


def _on_server(url: str, *statements: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def recreate_postgres(url: str, name: str) -> None:
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')


def drop_postgres(url: str, name: str) -> None:
    # FORCE: also when a server the benchmark started still holds a connection to it.
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def demo_database() -> Iterator[None]:
    """Django set up on a fresh scratch database with the migrations and the Veenendaal demo;
    a PostgreSQL scratch database is dropped afterwards."""
    url, pg_name = scratch_database_url()
    os.environ.update(
        WIJKTEAM_ENV="development",
        DATABASE_URL=url,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="wijkteam.settings",
    )
    if pg_name:
        recreate_postgres(url, pg_name)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("demo_data", "--quiet-accounts", verbosity=0)
    try:
        yield
    finally:
        if pg_name:
            connection.close()
            drop_postgres(url, pg_name)


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as a live database would have."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_pages(pages: list[tuple[str, Any, str, dict]], runs: int) -> None:
    """Request each (label, client, path, params) ``runs`` times through Django's test client
    (view, queries and template) and print the median and the worst; stop on a non-200."""
    print(f"{'page':<30} {'median':>9} {'worst':>9}")
    for label, client, path, params in pages:
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path, params)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        print(f"{label:<30} {statistics.median(timings):>7.1f}ms {max(timings):>7.1f}ms")
