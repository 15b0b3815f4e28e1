"""The throw-away database every benchmark runs in: a SQLite file in a temporary folder, or with
DATABASE_URL=postgres://.../NAME a database NAME_bench on that server, created fresh and dropped
afterwards. Nothing else is touched."""

import argparse
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
def demo_database(*, keep: bool = False, reuse: bool = False) -> Iterator[bool]:
    """Django set up on a fresh scratch database with the migrations and the Veenendaal demo;
    a PostgreSQL scratch database is dropped afterwards. Yields whether the database is fresh.

    For measuring one change after another on a large world (PostgreSQL only): ``keep`` leaves
    the scratch database in place, and ``reuse`` takes the one a run kept, bringing it up to
    date with the migrations instead of loading it again."""
    url, pg_name = scratch_database_url()
    if (keep or reuse) and not pg_name:
        raise SystemExit("--keep and --reuse need DATABASE_URL=postgres://...")
    # The demo's past for the wijk's picture takes a minute and every benchmark builds its own
    # world: without it, unless a benchmark asks for it.
    os.environ.setdefault("WIJKTEAM_DEMO_PICTURE_PERCENT", "0")
    # Development settings, but without debugging, as in production: Django's debug mode
    # keeps every query and renders templates with debugging information.
    os.environ.update(
        WIJKTEAM_ENV="development",
        DJANGO_DEBUG="false",
        DATABASE_URL=url,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="wijkteam.settings",
    )
    fresh = not (reuse and _exists_postgres(url, pg_name))
    if pg_name and fresh:
        recreate_postgres(url, pg_name)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if fresh:
        call_command("demo_data", "--quiet-accounts", verbosity=0)
    try:
        yield fresh
    finally:
        if pg_name and not keep:
            connection.close()
            drop_postgres(url, pg_name)


def world_arguments(description: str, rounds: str) -> argparse.Namespace:
    """The command line of a benchmark on a world of many signals (bench/wijkbeeld_data.py):
    how many signals and cases, how many requests per page (``rounds`` says of what), and
    --keep for taking up the scratch database a run kept."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=40, help=rounds)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database and reuse its data"
    )
    return parser.parse_args()


def _exists_postgres(url: str, name: str | None) -> bool:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return found.fetchone() is not None


def analyze() -> None:
    """Fresh planner statistics after a bulk load, as a live database would have; on
    PostgreSQL also the visibility map autovacuum keeps, without which no index-only scan
    is planned."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def measure_pages(pages: list[tuple[str, Any, str, dict]], runs: int, *, floor: str) -> None:
    """Request each (label, client, path, params) ``runs`` times, the pages taking turns so that
    a noisy moment hits them alike, after one warm-up request each; print per page the queries
    of one request, p50 and p95, and the p50 as a multiple of the ``floor`` page's p50 (a
    trivial page measured in the same run). Stops on a non-200."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # a full query log (after a bulk load) would count nothing
    queries = {}
    for label, client, path, params in pages:
        client.get(path, params)  # a first request may write the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code}")
        queries[label] = len(captured)
    timings: dict[str, list[float]] = {label: [] for label, *_rest in pages}
    for _ in range(runs):
        for label, client, path, params in pages:
            started = time.perf_counter()
            response = client.get(path, params)
            timings[label].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
    floor_p50 = statistics.median(timings[floor])
    print(f"{'page':<34} {'queries':>7} {'p50':>9} {'p95':>9} {'p50/floor':>10}")
    for label, *_rest in pages:
        p50 = statistics.median(timings[label])
        p95 = percentile(timings[label], 0.95)
        ratio = p50 / floor_p50
        print(f"{label:<34} {queries[label]:>7} {p50:>7.1f}ms {p95:>7.1f}ms {ratio:>9.1f}x")


def explain_pages(pages: list[tuple[str, Any, str, dict]], *, over_ms: float = 5.0) -> None:
    """PostgreSQL: for each page, every query of one request with its execution time by
    EXPLAIN ANALYZE, and the plan of those that take longer than ``over_ms``."""
    import re

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for label, client, path, params in pages:
        reset_queries()
        client.get(path, params)  # warm
        with CaptureQueriesContext(connection) as captured:
            client.get(path, params)
        print(f"\n=== {label}: {len(captured)} queries")
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            took = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
            print(f"{took:8.1f} ms  {sql[:160]}")
            if took > over_ms:
                print("    " + sql)
                print("\n".join("    | " + line for line in plan))
