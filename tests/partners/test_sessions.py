"""Sessions end after inactivity, at the latest a working day after logging in, and when the
browser closes; their cookies are out of reach of scripts and other sites."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.test_settings import PRODUCTION_DATABASE, settings_value
from wijkteam.partners import sessions
from wijkteam.partners.sessions import SessionStore

NOW = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def opens(client, url: str) -> bool:
    response = client.get(url)
    if response.status_code == 302 and response.url.startswith(reverse("login")):
        return False
    assert response.status_code == 200
    return True


def test_a_session_ends_after_thirty_minutes_without_a_request(client, world, frozen):
    url = reverse("teams:list")
    client.force_login(world.wijkmanager_a)

    frozen.shift(timedelta(minutes=29))
    assert opens(client, url)
    frozen.shift(timedelta(minutes=29))  # 58 minutes after logging in, 29 after the last page
    assert opens(client, url)
    frozen.shift(timedelta(minutes=31))

    assert not opens(client, url)


def test_a_busy_session_still_ends_a_working_day_after_logging_in(client, world, frozen):
    url = reverse("teams:list")
    client.force_login(world.wijkmanager_a)
    for _ in range(23):  # a page every 20 minutes: 7 hours and 40 minutes
        frozen.shift(timedelta(minutes=20))
        assert opens(client, url)

    frozen.shift(timedelta(minutes=21))

    assert not opens(client, url)
    assert "_auth_user_id" not in client.session


def test_the_idle_timeout_moves_on_without_a_write_on_every_request(client, world, frozen):
    url = reverse("teams:list")
    client.force_login(world.wijkmanager_a)

    def session_writes() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return sum(
            1 for q in captured.captured_queries if q["sql"].startswith('UPDATE "django_session"')
        )

    frozen.shift(timedelta(seconds=10))
    assert session_writes() == 0
    frozen.shift(timedelta(minutes=2))
    assert session_writes() == 1
    assert session_writes() == 0


def test_the_session_cookie_lasts_until_the_browser_closes_and_scripts_cannot_read_it(
    client, world
):
    response = client.post(
        reverse("login"), {"username": "wm.a@gemeente.test", "password": "een-lang-testwachtwoord"}
    )

    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_cookies_are_secure_and_the_idle_time_is_a_setting():
    secret = "x" * 50
    production = settings_value(
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, s.SESSION_MAX_SECONDS",
        DJANGO_SECRET_KEY=secret,
        DATABASE_URL=PRODUCTION_DATABASE,
    )
    configured = settings_value(
        "s.SESSION_COOKIE_AGE, s.SESSION_MAX_SECONDS",
        DJANGO_SECRET_KEY=secret,
        DATABASE_URL=PRODUCTION_DATABASE,
        WIJKTEAM_SESSION_IDLE_MINUTES="15",
        WIJKTEAM_SESSION_SECONDS="36000",
    )

    assert production.stdout.strip() == "True True True True 1800 28800"
    assert configured.stdout.strip() == "900 36000"


def test_a_session_is_read_with_one_query_compiled_once(client, world, monkeypatch):
    """partners/sessions.py: the session's row comes from SQL built once per process; a page
    with a session cookie builds no query for it."""
    client.force_login(world.wijkmanager_a)
    url = reverse("teams:list")
    assert opens(client, url)
    built = []
    build = sessions._stored_session._build
    monkeypatch.setattr(
        sessions._stored_session, "_build", lambda **values: built.append(values) or build(**values)
    )
    with CaptureQueriesContext(connection) as captured:
        assert opens(client, url)

    reads = [q["sql"] for q in captured.captured_queries if 'FROM "django_session"' in q["sql"]]
    assert len(reads) == 1 and 'expire_date" >' not in reads[0]
    assert built == []


@pytest.mark.parametrize(
    "key",
    ["onbekend-maar-lang-genoeg-0123456789", "met\x00nul-0123456789", "9" * 3000],
    ids=["unknown", "NUL", "very long"],
)
def test_a_cookie_without_a_stored_session_gives_an_empty_one(client, world, key):
    store = SessionStore(key)
    assert store.load() == {}
    assert store.session_key is None  # a save makes a key of its own, never the one sent

    client.cookies["sessionid"] = key
    assert not opens(client, reverse("teams:list"))


def test_an_expired_session_is_not_read(world):
    store = SessionStore()
    store["wijkteam_marker"] = "nog hier"
    store.save()
    key = store.session_key
    assert SessionStore(key).load() == {"wijkteam_marker": "nog hier"}

    Session.objects.filter(session_key=key).update(expire_date=datetime.now(UTC) - timedelta(1))
    assert SessionStore(key).load() == {}
