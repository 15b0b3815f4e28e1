"""The databases (``DATABASES``), from the environment: the primary at ``DATABASE_URL`` and,
with ``DATABASE_REPLICA_URL`` set, a PostgreSQL streaming replica of it that the pages which
only read (lists, dashboards, search, the API's lists) read from (core/replica.py)."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wijkteam.settings_env import env_int_between

REPLICA = "replica"


def databases(database_url: str, *, conn_max_age: int) -> dict:
    primary = _database(database_url, conn_max_age)
    found = {"default": primary}
    replica_url = os.environ.get("DATABASE_REPLICA_URL", "")
    if replica_url:
        replica = _database(replica_url, conn_max_age)
        if replica["ENGINE"] != primary["ENGINE"] or primary["ENGINE"] != _POSTGRESQL:
            raise ImproperlyConfigured("DATABASE_REPLICA_URL needs PostgreSQL, as DATABASE_URL")
        # A replica that does not answer must not hold up the page that falls back to the
        # primary.
        replica["OPTIONS"].setdefault("connect_timeout", 3)
        # The tests' database on the primary is the replica's too (it copies the whole server).
        replica["TEST"] = {"MIRROR": "default"}
        found[REPLICA] = replica
    return found


_POSTGRESQL = "django.db.backends.postgresql"


def _database(url: str, conn_max_age: int) -> dict:
    database = dj_database_url.parse(
        url,
        conn_max_age=conn_max_age,
        # A kept connection is checked before a request reuses it: after a database restart
        # the process reconnects by itself instead of failing once per connection.
        conn_health_checks=True,
    )
    options = database.setdefault("OPTIONS", {})
    if database["ENGINE"] == _POSTGRESQL:
        # Parameters bound by the server, and a statement a connection runs again and again
        # parsed and planned once per connection (prepared). 0 turns it off (a pooler in
        # transaction mode that cannot keep prepared statements).
        prepare_after = env_int_between("DATABASE_PREPARE_THRESHOLD", 5, 0, 1000)
        options.update(
            server_side_binding=bool(prepare_after), prepare_threshold=prepare_after or None
        )
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # The web process and the background worker share the file: WAL lets readers and one
        # writer work side by side, and IMMEDIATE transactions wait for the lock instead of
        # failing.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return database


def replica_settings() -> dict:
    """How far the replica may lag before pages read from the primary instead, and how often
    a process checks (seconds)."""
    return {
        "max_lag": env_int_between("DATABASE_REPLICA_MAX_LAG", 10, 1, 3600),
        "check_every": env_int_between("DATABASE_REPLICA_CHECK_SECONDS", 2, 0, 60),
    }
