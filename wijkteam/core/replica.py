"""Reading from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

Only pages that merely read use the replica: a view marked with :func:`reads_from_replica`
(lists, dashboards, search) or an API view set's action in its ``replica_actions``. And even
there only when all of these hold, so that a user always sees what they just did:

- the request is a GET or HEAD, and the browser did not write in the last
  ``DATABASE_REPLICA_MAX_LAG`` seconds (a cookie set on the answer to any request that wrote:
  the page a form redirects to reads from the primary). Not on the answer to a program that
  sends its key with every call and keeps no cookies: a call authenticated by a token (the
  API's keys), or a call to a view marked with :func:`answers_programs` (Open311's, whose apps
  send an ``api_key``). An API client that lists right after it wrote may read the replica up
  to that lag behind;
- nothing was written yet in this request, and no transaction is open on the primary;
- the replica answers and lags less than ``DATABASE_REPLICA_MAX_LAG`` seconds (checked at
  most every ``DATABASE_REPLICA_CHECK_SECONDS`` per process). A replica that lags or is down
  is logged once when it happens and once when it is back; meanwhile pages read the primary.
  A replica that fails in the middle of a page is marked down and the page is read again from
  the primary.

Sessions are always read from the primary: a user who just logged in must not be logged out
by a replica a moment behind. So are the API's clients, which authenticate every call: a key
revoked (or an account or organisation switched off) is refused from that moment, and a new
key works at once. So are the rate limit's hits, which PostgreSQL keeps in an unlogged table
that a replica does not have. Every write goes to the primary; migrations run
there only."""

import contextlib
import functools
import logging
import math
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("wijkteam.database")

REPLICA = "replica"
PRIMARY = "default"
# Set on the answer to a request that wrote (not a program's); while it lasts the browser
# reads the primary.
WROTE_COOKIE = "wijkteam_wrote"
# On a request to a view whose callers are programs, not browsers (``answers_programs``).
PROGRAM_CALLER = "_wijkteam_program_caller"
METHODS = frozenset({"GET", "HEAD"})
# Read from the primary always (see the module's text): apps, and models by their label.
PRIMARY_ONLY = frozenset({"sessions", "api.apiclient", "core.ratelimithit"})

# Per request: may this request's reads use the replica (the view is marked, the request
# qualifies), did it write, did it read from the replica.
_allowed: ContextVar[bool] = ContextVar("wijkteam_replica_allowed", default=False)
_reading: ContextVar[bool] = ContextVar("wijkteam_replica_reading", default=False)
_wrote: ContextVar[bool] = ContextVar("wijkteam_replica_wrote", default=False)
_used: ContextVar[bool] = ContextVar("wijkteam_replica_used", default=False)

LAG_SQL = """
SELECT
    pg_is_in_recovery(),
    COALESCE((SELECT status = 'streaming' FROM pg_stat_wal_receiver), false),
    CASE
        WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
    END
"""


def configured() -> bool:
    return REPLICA in connections.settings


class _Health:
    """This process's view of the replica: checked at most every few seconds; a change is
    logged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.forget()

    def forget(self) -> None:
        self.checked_at = -math.inf
        self.usable: bool | None = None  # not known yet

    def usable_now(self) -> bool:
        with self.lock:
            if time.monotonic() - self.checked_at < settings.DATABASE_REPLICA["check_every"]:
                return bool(self.usable)
            self.checked_at = time.monotonic()
        usable, reason = _check()
        self._set(usable, reason)
        return usable

    def failed(self, reason: str) -> None:
        """The replica failed in the middle of a page: down until the next check."""
        with self.lock:
            self.checked_at = time.monotonic()
        self._set(False, reason)

    def _set(self, usable: bool, reason: str) -> None:
        with self.lock:
            was, self.usable = self.usable, usable
        if usable and was is False:
            logger.warning("Database replica in step again: pages read from it")
        elif not usable and was is not False:
            logger.warning("Database replica not used, pages read the primary: %s", reason)


health = _Health()


def _check() -> tuple[bool, str]:
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, streaming, lag = cursor.fetchone()
    except DatabaseError as error:
        _close_quietly()
        return False, f"unreachable: {error}".strip()
    if not in_recovery:
        return False, "it is not a replica (it was promoted?)"
    if not streaming:
        return False, "it receives nothing from the primary"
    max_lag = settings.DATABASE_REPLICA["max_lag"]
    if lag >= max_lag:
        return False, f"it lags {lag:.0f} s (at most {max_lag} s allowed)"
    return True, "in step"


def _close_quietly() -> None:
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def _primary_only(model) -> bool:
    return model._meta.app_label in PRIMARY_ONLY or model._meta.label_lower in PRIMARY_ONLY


class ReplicaRouter:
    """Reads in a replica-reading view to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if not _reading.get() or _wrote.get() or _primary_only(model):
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if not health.usable_now():
            return PRIMARY
        _used.set(True)
        return REPLICA

    def db_for_write(self, model, **hints):
        if not _primary_only(model):
            _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two doors

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Decides per request whether its marked view may read the replica, and after a request
    that wrote sets the cookie that keeps the browser on the primary for a while (not after a
    program's call: see ``_keeps_cookies``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        allowed = request.method in METHODS and WROTE_COOKIE not in request.COOKIES
        tokens = (_allowed.set(allowed), _reading.set(False), _wrote.set(False))
        try:
            response = self.get_response(request)
            wrote = _wrote.get()
        finally:
            for variable, token in zip((_allowed, _reading, _wrote), tokens, strict=True):
                variable.reset(token)
        if wrote and _keeps_cookies(request):
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=settings.DATABASE_REPLICA["max_lag"] + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _keeps_cookies(request) -> bool:
    """Whether the caller may be a browser: not a program that sends its key with every call.
    Django REST framework puts the API's client, found by its token, on ``auth`` (browsers log
    in with a session, which leaves it unset); a view of our own for programs, such as
    Open311's, is marked with ``answers_programs``."""
    return getattr(request, "auth", None) is None and not getattr(request, PROGRAM_CALLER, False)


def answers_programs(view):
    """Mark a view whose callers are programs that send their own key with every call and keep
    no cookies, never a browser at work in Wijkteam: its answer gets no 'wrote' cookie."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        setattr(request, PROGRAM_CALLER, True)
        return view(request, *args, **kwargs)

    return wrapped


def read_from_replica(call):
    """Run ``call()`` reading from the replica where this request may. If it fails on the
    way because of the replica (it is down, or it cancelled a read that conflicted with what
    it was replaying), run ``call()`` again on the primary; any other error is the page's."""
    if not _allowed.get():
        return call()
    reading, used = _reading.set(True), _used.set(False)
    try:
        return call()
    except DatabaseError as error:
        if not _used.get():
            raise
        _close_quietly()
        if not _recovery_conflict(error):
            usable, reason = _check()
            if usable:
                raise
            health.failed(reason)
    finally:
        _reading.reset(reading)
        _used.reset(used)
    return call()


def _recovery_conflict(error: DatabaseError) -> bool:
    """A read the replica cancelled because replaying the primary's changes needed its rows
    (SQLSTATE 40001 on a standby): nothing wrong with the replica, this read was unlucky."""
    return getattr(error.__cause__, "sqlstate", None) == "40001" and (
        "conflict with recovery" in str(error)
    )


def reads_from_replica(view):
    """Mark a view that only reads: it may read from the replica (see the module's text)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return read_from_replica(lambda: view(request, *args, **kwargs))

    return wrapped


class ReplicaReadsMixin:
    """An API view whose GET only reads: it may read from the replica."""

    def dispatch(self, request, *args, **kwargs):
        parent = super().dispatch
        if request.method not in METHODS:
            return parent(request, *args, **kwargs)
        return read_from_replica(lambda: parent(request, *args, **kwargs))
