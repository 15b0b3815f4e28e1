"""When the database is away (restarted, failed over, not reachable): a request answers 503 with
a friendly page and ``Retry-After`` instead of a server error with a traceback, and the next
request after the database is back is served again by the same process, because Django checks
a kept connection before reusing it (``CONN_HEALTH_CHECKS`` in settings.py).

Only a failed *connection* is "away": the driver could not connect or lost the connection, or
PostgreSQL says it is shutting down, starting up or has no connection left. Every other
database error stays the server error it is: a lock or statement timeout, a deadlock, a
constraint violated by a bug, an SQL mistake. Those are faults of the application or of its
load, to be seen in the logs as errors, not hidden as "try again later"."""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

try:
    import psycopg
except ImportError:  # a development setup on SQLite without the driver
    psycopg = None

RETRY_AFTER_SECONDS = 30
# SQLSTATEs of PostgreSQL that mean "no connection now": connection exceptions (class 08),
# admin shutdown, crash shutdown, cannot connect now (starting up or shutting down), and too
# many connections.
_AWAY_STATES = ("57P01", "57P02", "57P03", "53300")


def database_unreachable(error: BaseException | None) -> bool:
    """Whether ``error`` (Django's wrapper or the driver's own) says the database could not be
    reached or the connection was lost. PostgreSQL's driver only: SQLite is a file."""
    if isinstance(error, OperationalError | InterfaceError):
        error = error.__cause__ or error  # the driver's error that Django wrapped
    if psycopg is None:
        return False
    if isinstance(error, psycopg.InterfaceError):
        return True  # a connection used after it was closed
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = error.sqlstate
    # None: raised by the client itself (it could not connect, or the server went away).
    return state is None or state.startswith("08") or state in _AWAY_STATES


def caused_by_unreachable_database(error: BaseException | None) -> bool:
    """Whether ``error`` or an error it was raised while handling says the database is away:
    Django turns a session that could not be saved (the database went away in the middle of
    the request) into a "bad request" (SessionInterrupted), raised while handling the
    database's own error."""
    seen = 0
    while error is not None and seen < 8:
        if database_unreachable(error):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def unavailable_response() -> HttpResponse:
    """The 503 page: Dutch first, with an English line, rendered without the database (no
    request context: its processors would read from it)."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
