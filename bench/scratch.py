"""The throw-away database every benchmark runs in: a SQLite file in a temporary folder, or with
DATABASE_URL=postgres://.../NAME a database NAME_bench on that server, created fresh and dropped
afterwards. Nothing else is touched."""

import os
import tempfile
from pathlib import Path
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
    _on_server(url, f'DROP DATABASE IF EXISTS "{name}"')
