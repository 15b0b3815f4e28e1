"""Reading from a streaming replica (core/replica.py).

The router's rules are checked on both databases. On PostgreSQL the pages are read through a
real streaming replica of the test server: the one ``.ci/run`` makes (its address in
WIJKTEAM_TEST_REPLICA_URL, its folder in WIJKTEAM_TEST_REPLICA_FOLDER), or else one this module
makes with ``pg_basebackup`` where the server allows it. The replica's replay is paused to make
it lag, and it is stopped to make it fail."""

import contextlib
import fcntl
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, OperationalError, connection, connections  # noqa: F401 - connection: in the skipif below
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tests.api.support import bearer, make_client
from tests.api.test_signals import NEW
from tests.cases.support import address, intake, place
from tests.cases.test_handling import led_case
from tests.core.test_settings import settings_value
from tests.open311.conftest import report
from wijkteam.api.models import ApiClient
from wijkteam.api.services import api_client_revoke
from wijkteam.core import replica
from wijkteam.core.models import RateLimitHit
from wijkteam.core.replica import (
    PRIMARY,
    REPLICA,
    WROTE_COOKIE,
    ReplicaMiddleware,
    ReplicaRouter,
    health,
    read_from_replica,
)
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.category_seed import seed_categories
from wijkteam.signals.models import Category, Signal

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture
def usable_replica(monkeypatch):
    """The rules without a server: a replica that is there and in step."""
    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(health, "usable_now", lambda: True)


def _through_middleware(request, view):
    return ReplicaMiddleware(lambda request: view(request))(request)


def _route_in(method: str, *, cookies: dict | None = None, before=None) -> str:
    """Where a read in a replica-reading view of such a request goes."""
    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    routed = []

    def view(request):
        def read():
            if before:
                before()
            routed.append(ReplicaRouter().db_for_read(Signal))
            return HttpResponse()

        return read_from_replica(read)

    _through_middleware(request, view)
    return routed[0]


def test_only_reads_in_a_marked_view_of_a_get_go_to_the_replica(usable_replica):
    assert _route_in("GET") == REPLICA
    assert _route_in("HEAD") == REPLICA
    assert _route_in("POST") == PRIMARY
    # Outside a marked view, always the primary.
    assert ReplicaRouter().db_for_read(Signal) == PRIMARY
    request = RequestFactory().get("/")
    seen = []
    _through_middleware(
        request, lambda r: seen.append(ReplicaRouter().db_for_read(Signal)) or HttpResponse()
    )
    assert seen == [PRIMARY]


def test_after_a_write_the_request_and_the_browser_read_the_primary(usable_replica, settings):
    settings.DATABASE_REPLICA = {"max_lag": 7, "check_every": 0}
    router = ReplicaRouter()
    assert _route_in("GET", before=lambda: router.db_for_write(Signal)) == PRIMARY

    request = RequestFactory().post("/")
    response = _through_middleware(
        request, lambda r: (router.db_for_write(Signal), HttpResponse())[1]
    )
    cookie = response.cookies[WROTE_COOKIE]
    assert cookie["max-age"] == 8 and cookie["httponly"]
    # The page the form redirects to, with the cookie: the primary.
    assert _route_in("GET", cookies={WROTE_COOKIE: "1"}) == PRIMARY
    # A session written (every request of a logged-in user may) is no write of the user's.
    response = _through_middleware(
        RequestFactory().get("/"),
        lambda r: (router.db_for_write(_session_model()), HttpResponse())[1],
    )
    assert WROTE_COOKIE not in response.cookies


def test_an_api_write_answer_has_no_wrote_cookie_a_browser_form_write_still_has(
    usable_replica, client, world
):
    """The cookie is for a browser; an API client authenticates with its key on every call and
    keeps no cookies."""
    _api, key = make_client(world.corporatie, teams=(world.team_a,))
    api = client.post(
        reverse("api:signals"), json.dumps(NEW), content_type="application/json", **bearer(key)
    )
    assert api.status_code == 201, api.content
    assert WROTE_COOKIE not in api.cookies

    case = led_case(world)
    client.force_login(world.consulent_a)
    form = client.post(
        reverse("cases:note", args=[case.reference]),
        {"note-text": "Gesprek gepland op dinsdag", "note-visibility": "partners"},
    )
    assert form.status_code == 302
    assert form.cookies[WROTE_COOKIE].value == "1"


def test_an_open311_write_answer_has_no_wrote_cookie(usable_replica, client, world):
    """An Open311 app sends its api_key with every request and keeps no cookies, like a client
    of the API."""
    app = open311_app_create(actor=world.admin, name="BuitenApp", contact_email="a@example.org")

    answer = client.post("/open311/v2/requests.json", {"api_key": app.key, **report()})

    assert answer.status_code == 201, answer.content
    assert WROTE_COOKIE not in answer.cookies


def _read_routed() -> str:
    return ReplicaRouter().db_for_read(Signal)


def _session_model():
    from django.contrib.sessions.models import Session

    return Session


def test_sessions_api_clients_rate_limits_and_open_transactions_read_the_primary(
    usable_replica, monkeypatch
):
    routed = []

    def read():
        routed.append(ReplicaRouter().db_for_read(_session_model()))
        routed.append(ReplicaRouter().db_for_read(ApiClient))
        routed.append(ReplicaRouter().db_for_read(RateLimitHit))
        routed.append(_read_routed())
        monkeypatch.setattr(connections[PRIMARY], "in_atomic_block", True)
        routed.append(_read_routed())
        return HttpResponse()

    _through_middleware(RequestFactory().get("/"), lambda r: read_from_replica(read))
    assert routed == [PRIMARY, PRIMARY, PRIMARY, REPLICA, PRIMARY]


class _Cancelled(Exception):
    sqlstate = "40001"


def _failing_once(error: Exception) -> tuple[list, object]:
    routed = []

    def read():
        routed.append(_read_routed())
        if len(routed) == 1:
            raise error
        return HttpResponse()

    return routed, lambda request: read_from_replica(read)


def test_a_read_the_replica_cancelled_is_read_again_from_the_primary(usable_replica, monkeypatch):
    monkeypatch.setattr(replica, "_close_quietly", lambda: None)
    error = OperationalError("canceling statement due to conflict with recovery")
    error.__cause__ = _Cancelled()
    routed, view = _failing_once(error)
    assert _through_middleware(RequestFactory().get("/"), view).status_code == 200
    assert routed == [REPLICA, PRIMARY]


def test_an_error_that_is_not_the_replicas_is_the_pages(usable_replica, monkeypatch):
    monkeypatch.setattr(replica, "_close_quietly", lambda: None)
    monkeypatch.setattr(replica, "_check", lambda: (True, "in step"))
    routed, view = _failing_once(IntegrityError("duplicate key"))
    with pytest.raises(IntegrityError):
        _through_middleware(RequestFactory().get("/"), view)
    assert routed == [REPLICA]
    # The same error while the replica does not answer: the replica's, read again.
    monkeypatch.setattr(replica, "_check", lambda: (False, "unreachable"))
    routed, view = _failing_once(OperationalError("server closed the connection"))
    assert _through_middleware(RequestFactory().get("/"), view).status_code == 200
    assert routed == [REPLICA, PRIMARY]


def test_migrations_run_on_the_primary_only():
    assert ReplicaRouter().allow_migrate(PRIMARY, "signals")
    assert not ReplicaRouter().allow_migrate(REPLICA, "signals")


def test_without_a_replica_nothing_changes(client, monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: False)
    response = client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    assert WROTE_COOKIE not in response.cookies


def test_the_replica_comes_from_its_own_url_with_the_primarys_options():
    result = settings_value(
        "sorted(s.DATABASES), s.DATABASES['replica']['PORT'], s.DATABASES['replica']['TEST'], "
        "s.DATABASES['replica']['OPTIONS']['connect_timeout'], "
        "s.DATABASES['replica']['OPTIONS']['prepare_threshold'], s.DATABASE_REPLICA",
        WIJKTEAM_ENV="test",
        DATABASE_URL="postgres://wijkteam@db-primary.example:5432/wijkteam",
        DATABASE_REPLICA_URL="postgres://wijkteam@db-replica.example:5433/wijkteam",
        DATABASE_REPLICA_MAX_LAG="15",
    )
    assert result.stdout.strip() == (
        "['default', 'replica'] 5433 {'MIRROR': 'default'} 3 5 {'max_lag': 15, 'check_every': 2}"
    )
    refused = settings_value(
        "s.DATABASES",
        WIJKTEAM_ENV="test",
        DATABASE_REPLICA_URL="postgres://wijkteam@db-replica.example:5433/wijkteam",
    )
    assert "DATABASE_REPLICA_URL needs PostgreSQL" in refused.stderr
    assert (
        "DATABASE_REPLICA_MAX_LAG must be between"
        in settings_value("s.DATABASES", WIJKTEAM_ENV="test", DATABASE_REPLICA_MAX_LAG="0").stderr
    )


# On PostgreSQL, through a real streaming replica.


def _replica_address() -> tuple[str, Path | None]:
    given = os.environ.get("WIJKTEAM_TEST_REPLICA_URL", "")
    if given:
        folder = os.environ.get("WIJKTEAM_TEST_REPLICA_FOLDER", "")
        return given, Path(folder) if folder else None
    return "", None


@pytest.fixture(scope="module")
def replica_server():
    """(address, cluster or None): the replica of the test server."""
    from bench.pgcluster import Cluster, _programs, can_make_clusters, make_replica

    url, folder = _replica_address()
    if url:
        port = psycopg.conninfo.conninfo_to_dict(url)["port"]
        cluster = Cluster(folder, int(port), _programs(), durable=False) if folder else None
        yield url, cluster
        return
    why = can_make_clusters()
    made = None
    if not why:
        settings = connections["default"].settings_dict
        primary = (
            f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/postgres"
        )
        try:
            made = make_replica(primary, Path(tempfile.mkdtemp(prefix="wijkteam-replica-")))
        except Exception as error:  # noqa: BLE001 - said below
            why = f"pg_basebackup could not copy the test server: {error}"
    if made is None:
        if os.environ.get("WIJKTEAM_REQUIRE_REPLICA"):
            pytest.fail(f"no streaming replica: {why}")
        pytest.skip(f"no streaming replica: {why}")
    try:
        yield f"postgres://postgres@127.0.0.1:{made.port}", made
    finally:
        made.stop()
        import shutil

        shutil.rmtree(made.folder, ignore_errors=True)


postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="streaming replicas are PostgreSQL's"
)


@pytest.fixture(scope="module")
def replica_alias(replica_server):
    """The replica as the ``replica`` database, before the tests' database setup looks."""
    url, cluster = replica_server
    address = psycopg.conninfo.conninfo_to_dict(url)
    primary = connections.settings[PRIMARY]
    connections.settings[REPLICA] = {
        **primary,
        "HOST": address.get("host", "127.0.0.1"),
        "PORT": str(address["port"]),
        "OPTIONS": {**primary["OPTIONS"], "connect_timeout": 3},
        "TEST": {"MIRROR": PRIMARY},  # never flushed: it follows the primary
    }
    try:
        yield address, cluster
    finally:
        connections[REPLICA].close()
        del connections.settings[REPLICA]
        if hasattr(connections._connections, REPLICA):
            delattr(connections._connections, REPLICA)


@contextlib.contextmanager
def _alone_on(address: dict):
    """The replica to this test alone: the suite's workers share one, and a test in another
    worker that paused, resumed or stopped it in the meantime would change what this one
    sees."""
    lock = Path(tempfile.gettempdir()) / f"wijkteam-test-replica-{address['port']}.lock"
    with lock.open("a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


@pytest.fixture
def through_replica(replica_alias, settings):
    address, cluster = replica_alias
    with _alone_on(address):
        settings.DATABASE_REPLICA = {"max_lag": 30, "check_every": 0}
        health.forget()
        replay = _Replay(address, connections.settings[PRIMARY]["NAME"])
        try:
            yield replay, cluster
        finally:
            replay.resume()
            connections[REPLICA].close()
            health.forget()


class _Replay:
    def __init__(self, address: dict, name: str) -> None:
        self.conninfo = psycopg.conninfo.make_conninfo(
            host=address.get("host", "127.0.0.1"), port=address["port"], user="postgres",
            dbname=name,
        )  # fmt: skip

    def _run(self, sql: str):
        with psycopg.connect(self.conninfo, autocommit=True) as replica_connection:
            return replica_connection.execute(sql).fetchone()

    def pause(self) -> None:
        """Stop replaying, and wait until it has (a request takes effect a moment later)."""
        self._run("SELECT pg_wal_replay_pause()")
        for _ in range(100):
            if self._run("SELECT pg_get_wal_replay_pause_state()")[0] == "paused":
                return
            time.sleep(0.05)
        raise AssertionError("the replica did not pause")

    def resume(self) -> None:
        with contextlib.suppress(psycopg.OperationalError):  # stopped: resumes when it starts
            self._run("SELECT pg_wal_replay_resume()")

    def streaming(self) -> None:
        """Wait until a started replica takes reads and receives the primary's changes again."""
        for _ in range(300):
            with contextlib.suppress(psycopg.OperationalError):
                if self._run("SELECT status = 'streaming' FROM pg_stat_wal_receiver") == (True,):
                    return
            time.sleep(0.1)
        raise AssertionError("the replica did not start streaming again")

    def caught_up_with(self, reference: str) -> bool:
        """Wait until the replica shows ``reference``."""
        for _ in range(100):
            found = self._run(
                f"SELECT count(*) FROM {Signal._meta.db_table} WHERE reference = '{reference}'"  # noqa: S608
            )
            if found[0]:
                return True
            time.sleep(0.1)
        return False


def _shows(client, reference: str) -> bool:
    response = client.get(reverse("search:search"), {"q": reference})
    assert response.status_code == 200
    # A row links to the signal (the query itself is on the page either way).
    return f'href="{reverse("signals:detail", args=[reference])}"' in response.content.decode()


@postgresql_only
@pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])
def test_pages_read_the_replica_and_a_user_sees_what_they_just_did(
    through_replica, world, client, settings, caplog
):
    seed_categories(Category)
    replay, _cluster = through_replica
    agent, wijkmanager = world.agent_a, world.wijkmanager_a
    first = intake(location=place()).reference
    replay.caught_up_with(first)
    other = type(client)()
    client.force_login(wijkmanager)
    other.force_login(agent)
    assert _shows(client, first) and _shows(other, first)

    # The replica stops replaying: what is written now is on the primary only.
    replay.pause()
    second = intake(location=place()).reference
    assert not _shows(other, second)  # read from the replica, a moment behind
    assert Signal.objects.filter(reference=second).exists()

    # The wijkmanager does something (a write): the page after it reads the primary.
    response = client.post(reverse("notifications:read_all"))
    assert WROTE_COOKIE in response.cookies
    assert _shows(client, second)
    assert not _shows(other, second)

    # The replica lags more than allowed: everybody reads the primary, and it is logged.
    caplog.set_level(logging.WARNING, logger="wijkteam.database")
    settings.DATABASE_REPLICA = {"max_lag": 1, "check_every": 0}
    time.sleep(1.5)
    assert _shows(other, second)
    assert "lags" in caplog.text

    # It catches up: pages read from it again.
    caplog.clear()
    replay.resume()
    assert replay.caught_up_with(second)
    settings.DATABASE_REPLICA = {"max_lag": 30, "check_every": 0}
    assert _shows(other, second)
    assert "in step again" in caplog.text


@postgresql_only
@pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])
def test_a_replica_that_is_down_leaves_the_pages_on_the_primary(
    through_replica, world, client, settings, caplog
):
    seed_categories(Category)
    replay, cluster = through_replica
    if cluster is None:
        pytest.skip("the replica's folder is not known (WIJKTEAM_TEST_REPLICA_FOLDER)")
    reference = intake(location=place()).reference
    replay.caught_up_with(reference)
    client.force_login(world.agent_a)
    assert _shows(client, reference)
    caplog.set_level(logging.WARNING, logger="wijkteam.database")

    cluster.stop()
    try:
        # Down between two pages: the check finds it, the page reads the primary.
        assert _shows(client, reference)
        assert "unreachable" in caplog.text

        # Down in the middle of a page (the last check found it in step): the page is read
        # again from the primary.
        caplog.clear()
        health.usable, health.checked_at = True, time.monotonic()
        settings.DATABASE_REPLICA = {"max_lag": 30, "check_every": 60}
        connections[REPLICA].close()
        assert _shows(client, reference)
        assert "unreachable" in caplog.text
        assert health.usable is False
    finally:
        cluster.start()
        replay.streaming()


@postgresql_only
@pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])
def test_an_api_client_over_its_limit_on_a_replica_list_is_told_when_to_come_back(
    through_replica, world, client
):
    """The rate limit's hits are in an unlogged table, which the replica does not have: the
    throttle's look-up of when the client may come back (inside a list that reads the
    replica) goes to the primary, and the replica stays in use."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [RateLimitHit._meta.db_table],
        )
        assert cursor.fetchone() == ("u",)
    _api, key = make_client(world.corporatie, teams=(world.team_a,), rate=1)
    assert client.get(reverse("api:signals"), **bearer(key)).status_code == 200
    refused = client.get(reverse("api:signals"), **bearer(key))
    assert refused.status_code == 429, refused.content
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert health.usable is True


@postgresql_only
@pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])
def test_an_api_key_is_checked_on_the_primary_while_its_list_reads_the_replica(
    through_replica, world, client
):
    """A key revoked a moment ago is refused, and a key made a moment ago is accepted, on a list
    that reads a replica that has seen neither (what the new key's client may see there
    follows with the replica)."""
    seed_categories(Category)
    replay, _cluster = through_replica
    _kept, kept_key = make_client(world.politie, teams=(world.team_a,), name="Blijft")
    old, old_key = make_client(world.politie, teams=(world.team_a,), name="Oud")
    first = intake(location=address(number=3)).reference
    assert replay.caught_up_with(first)

    replay.pause()
    api_client_revoke(actor=SYSTEM, client=old)
    _new, new_key = make_client(world.politie, teams=(world.team_a,), name="Nieuw")
    second = intake(location=address(number=5)).reference

    assert client.get(reverse("api:signals"), **bearer(old_key)).status_code == 401
    assert client.get(reverse("api:signals"), **bearer(new_key)).status_code == 200
    listed = client.get(reverse("api:signals"), **bearer(kept_key))
    assert listed.status_code == 200, listed.content
    references = {row["nummer"] for row in listed.json()["_embedded"]["meldingen"]}
    assert first in references
    assert second not in references  # the list itself came from the replica, a moment behind
    assert health.usable is True
