"""Failed logins lock the account name and the client address for a growing while."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from wijkteam.access.models import AuditEntry
from wijkteam.partners.lockout import lock_minutes
from wijkteam.partners.models import LoginThrottle

# 10:00 in Veenendaal (winter time).
NOW = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)
LOGIN = reverse("login")


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def attempt(client: Client, email: str, password: str = "verkeerd-wachtwoord", **headers):
    return client.post(LOGIN, {"username": email, "password": password}, **headers)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_for_a_minute(client, world, frozen):
    for _ in range(4):
        assert attempt(client, "wm.a@gemeente.test").status_code == 200

    fifth = attempt(client, "wm.a@gemeente.test")
    # Locked: even the right password is not looked at.
    right = attempt(client, "wm.a@gemeente.test", PASSWORD)

    for response in (fifth, right):
        assert response.status_code == 429
        html = response.content.decode()
        assert "Er is te vaak geprobeerd in te loggen" in html
        assert "Probeer het opnieuw om 10:01 (over 1 minuut)." in html
        assert 'value="wm.a@gemeente.test"' in html
    assert not logged_in(client)

    frozen.shift(timedelta(minutes=1, seconds=1))
    response = attempt(client, "wm.a@gemeente.test", PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_each_further_failure_doubles_the_wait_up_to_the_maximum(client, world, frozen, settings):
    settings.LOGIN_LOCKOUT_MAX_MINUTES = 8
    for _ in range(5):
        attempt(client, "wm.a@gemeente.test")
    waits = []
    for _ in range(4):
        until = LoginThrottle.objects.get(scope="account").locked_until
        waits.append(round((until - datetime.now(UTC)).total_seconds() / 60))
        frozen.move_to(until + timedelta(seconds=1), tick=False)
        attempt(client, "wm.a@gemeente.test")

    assert waits == [1, 2, 4, 8]
    until = LoginThrottle.objects.get(scope="account").locked_until
    assert until - datetime.now(UTC) == timedelta(minutes=8)  # the maximum, not 16


def test_lock_minutes_follow_the_settings(settings):
    settings.LOGIN_LOCKOUT_MINUTES = 1
    settings.LOGIN_LOCKOUT_MAX_MINUTES = 60

    assert [lock_minutes(failures=n, limit=5) for n in (1, 4, 5, 6, 7, 10, 11, 12, 100)] == [
        0,
        0,
        1,
        2,
        4,
        32,
        60,
        60,
        60,
    ]


def test_a_successful_login_starts_the_count_over(client, world, frozen):
    for _ in range(4):
        attempt(client, "wm.a@gemeente.test")
    attempt(client, "wm.a@gemeente.test", PASSWORD)
    client.post(reverse("logout"))

    for _ in range(4):
        attempt(client, "wm.a@gemeente.test")

    assert attempt(client, "wm.a@gemeente.test", PASSWORD).status_code == 302


def test_the_lock_does_not_tell_whether_an_account_exists(world, frozen):
    def locked_page(email: str) -> str:
        client = Client(REMOTE_ADDR=f"10.0.0.{len(email)}")
        for _ in range(5):
            response = attempt(client, email)
        assert response.status_code == 429
        page = response.content.decode().replace(email, "EMAIL")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    assert locked_page("wm.a@gemeente.test") == locked_page("niemand@gemeente.test")


def test_names_and_addresses_are_stored_only_as_keyed_hashes(client, world, frozen):
    for _ in range(5):
        attempt(client, "niemand@gemeente.test")

    stored = " ".join(f"{row.key} {row}" for row in LoginThrottle.objects.all())
    assert "niemand" not in stored
    assert "127.0.0.1" not in stored
    entry = AuditEntry.objects.get(action="login_locked", object_repr__startswith="Account")
    assert entry.actor is None
    assert entry.changes["failures"] == 5


def test_many_failures_from_one_address_lock_that_address_only(world, frozen, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    colleague = Client(REMOTE_ADDR="192.0.2.10")
    for email in ["a@x.test", "b@x.test", "c@x.test", "d@x.test", "e@x.test", "f@x.test"]:
        attempt(attacker, email)

    # Another account from the same address: locked; the same account from elsewhere: fine.
    assert attempt(attacker, "wm.a@gemeente.test", PASSWORD).status_code == 429
    assert attempt(colleague, "wm.a@gemeente.test", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_address_it_appended_counts(world, frozen, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    settings.BEHIND_PROXY = True
    # The proxy (10.0.0.1) appends the address it was connected from; whatever the client sent
    # itself stays on the left, and the same made-up entry there does not make two clients one.
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1,198.51.100.8")
    attempt(first, "a@x.test")
    attempt(first, "b@x.test")

    assert attempt(first, "wm.a@gemeente.test", PASSWORD).status_code == 429
    assert attempt(second, "wm.a@gemeente.test", PASSWORD).status_code == 302


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_a_forged_forwarded_header_does_not_dodge_the_address_lock(
    world, frozen, settings, behind_proxy
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    settings.BEHIND_PROXY = behind_proxy
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for number in range(3):
        # A new made-up address on every try; a proxy appends the attacker's real one.
        forged = f"203.0.113.{number}" + (", 198.51.100.66" if behind_proxy else "")
        attempt(attacker, f"{number}@x.test", HTTP_X_FORWARDED_FOR=forged)

    response = attempt(
        attacker,
        "wm.a@gemeente.test",
        PASSWORD,
        HTTP_X_FORWARDED_FOR="203.0.113.99" + (", 198.51.100.66" if behind_proxy else ""),
    )

    assert response.status_code == 429


def test_failures_a_day_old_are_forgotten(client, world, frozen):
    for _ in range(4):
        attempt(client, "wm.a@gemeente.test")
    frozen.shift(timedelta(hours=25))

    attempt(client, "wm.a@gemeente.test")

    assert LoginThrottle.objects.get(scope="account").failures == 1
