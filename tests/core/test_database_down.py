"""Which database errors mean "the database is away" (a friendly 503 with Retry-After) and which
stay server errors (core/database_down.py). The real restart: test_database_restart.py."""

import sqlite3
from types import SimpleNamespace

import psycopg
import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from wijkteam.core.database_down import database_unreachable


def wrapped(driver_error: Exception, kind=OperationalError) -> Exception:
    """As Django raises it: its own class, the driver's error as the cause."""
    error = kind(str(driver_error))
    error.__cause__ = driver_error
    return error


@pytest.mark.parametrize(
    "error",
    [
        wrapped(psycopg.OperationalError("connection failed: Connection refused")),
        wrapped(psycopg.errors.AdminShutdown("terminating connection")),
        wrapped(psycopg.errors.CannotConnectNow("the database system is starting up")),
        wrapped(psycopg.errors.TooManyConnections("too many clients")),
        wrapped(psycopg.errors.ConnectionFailure("connection failure")),
        wrapped(psycopg.InterfaceError("the connection is closed"), InterfaceError),
        psycopg.OperationalError("consuming input failed: server closed the connection"),
    ],
)
def test_a_lost_connection_is_the_database_away(error):
    assert database_unreachable(error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(psycopg.errors.LockNotAvailable("lock timeout")),
        wrapped(psycopg.errors.QueryCanceled("statement timeout")),
        wrapped(psycopg.errors.DeadlockDetected("deadlock detected")),
        wrapped(sqlite3.OperationalError("database is locked")),
        wrapped(psycopg.errors.UndefinedTable("no such table"), OperationalError),
        ValueError("not the database at all"),
        None,
    ],
)
def test_other_errors_stay_server_errors(error):
    assert not database_unreachable(error)


@pytest.fixture
def failing(monkeypatch):
    """The resident's form and /health fail with the given error."""

    def fail_with(error):
        def fail(*args, **kwargs):
            raise error

        monkeypatch.setattr("wijkteam.portal.views.areas_map_data", fail)
        monkeypatch.setattr("wijkteam.core.views.connection", SimpleNamespace(cursor=fail))

    return fail_with


def test_a_page_gets_the_friendly_503_while_the_database_is_away(db, failing):
    failing(wrapped(psycopg.OperationalError("connection failed")))
    client = Client(raise_request_exception=False)

    page = client.get("/melden/")
    health = client.get("/health")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Even niet beschikbaar" in page.content.decode()
    assert health.status_code == 503 and health["Retry-After"] == "30"
    assert health.json() == {"status": "error", "database": "unavailable"}


def test_a_lock_timeout_is_still_a_server_error(db, failing):
    failing(wrapped(psycopg.errors.LockNotAvailable("lock timeout")))
    client = Client(raise_request_exception=False)

    page = client.get("/melden/")

    assert page.status_code == 500
    assert not page.has_header("Retry-After")
    assert "Er ging iets mis" in page.content.decode()


def test_a_session_lost_with_the_database_is_the_503_not_a_bad_request(db, settings, monkeypatch):
    """The database went away while the request ran: Django could not save the session and
    calls it a bad request (SessionInterrupted, raised while handling the database's error).
    Seen once in the load run's PostgreSQL restart."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore

    from tests.factories import make_user

    settings.SESSION_SAVE_EVERY_REQUEST = True
    client = Client(raise_request_exception=False)
    client.force_login(make_user("medewerker@example.org", None))

    def save(self, must_create=False):
        try:
            raise wrapped(psycopg.OperationalError("server closed the connection unexpectedly"))
        except OperationalError:
            raise UpdateError  # noqa: B904 - as Django raises it: in the handler, no "from"

    monkeypatch.setattr(SessionStore, "save", save)
    page = client.get("/melden/")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"


def test_a_bad_request_is_still_a_bad_request(db):
    page = Client(raise_request_exception=False, HTTP_HOST="elders.example").get("/melden/")

    assert page.status_code == 400
