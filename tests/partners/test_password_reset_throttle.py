"""Wachtwoord vergeten is throttled: at most 3 emails per email address and 10 requests per
client address in any 60 minutes. The answer never tells whether the account exists or a
limit was reached, and a throttled request sends nothing."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wijkteam.notifications.models import OutgoingEmail

URL = reverse("password_reset")
ACCOUNT = "wm.a@gemeente.test"
SUBJECTS = ["Nieuw wachtwoord voor Wijkteam", "New password for Wijkteam"]
TASK = "wijkteam.partners.password_reset.send_password_reset"


def ask(client, email: str, address: str = "192.0.2.10"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def written(run_worker, django_capture_on_commit_callbacks):
    """Run the worker, which writes the reset emails into the outbox; returns the addresses
    of every reset email in it."""

    def run() -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        return list(
            OutgoingEmail.objects.filter(subject__in=SUBJECTS)
            .order_by("pk")
            .values_list("to", flat=True)
        )

    return run


def test_six_requests_for_one_account_send_three_emails(client, world, written):
    for _ in range(6):
        assert ask(client, ACCOUNT).status_code == 302

    assert written() == [ACCOUNT] * 3


def test_the_limit_per_account_holds_across_client_addresses_and_spellings(client, world, written):
    for number, spelling in enumerate([ACCOUNT, "WM.A@gemeente.test", " wm.a@GEMEENTE.test"] * 2):
        ask(client, spelling, address=f"192.0.2.{number + 1}")

    assert written() == [ACCOUNT] * 3


def test_an_account_may_ask_again_once_its_hour_is_over(client, world, written, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(4):
        ask(client, ACCOUNT)
    assert written() == [ACCOUNT] * 3

    time_machine.shift(timedelta(minutes=61))
    ask(client, ACCOUNT)

    assert written() == [ACCOUNT] * 4


def test_one_client_asking_for_many_addresses_is_stopped(client, world, written):
    for number in range(10):
        ask(client, f"iemand{number}@example.test")

    ask(client, ACCOUNT)  # the eleventh request of this client in an hour
    assert written() == []

    # Another client is not stopped by it.
    ask(client, ACCOUNT, address="198.51.100.7")
    assert written() == [ACCOUNT]


def test_the_limit_per_client_follows_the_settings(client, world, written, settings):
    settings.PASSWORD_RESETS_PER_ADDRESS = 2
    ask(client, "iemand@example.test")
    ask(client, ACCOUNT)
    ask(client, "wm.b@gemeente.test")

    assert written() == [ACCOUNT]


def answer(response) -> tuple:
    """What a visitor can see of the answer to their request (but its request id, which every
    answer has of its own)."""
    return (
        response.status_code,
        response.get("Location"),
        response.content,
        sorted((n, v) for n, v in response.headers.items() if n.lower() != "x-request-id"),
        sorted(response.cookies.keys()),
    )


def test_the_answer_is_the_same_for_an_account_a_stranger_and_a_throttled_request(
    client, world, written
):
    for _ in range(3):
        ask(client, "wm.b@gemeente.test", address="198.51.100.1")
    for _ in range(10):
        ask(client, "iemand@example.test", address="198.51.100.2")

    existing = ask(client, ACCOUNT, address="203.0.113.1")
    unknown = ask(client, "niemand@example.test", address="203.0.113.2")
    account_throttled = ask(client, "wm.b@gemeente.test", address="203.0.113.3")
    client_throttled = ask(client, "wm.b@gemeente.test", address="198.51.100.2")

    assert existing.status_code == 302
    assert existing["Location"] == reverse("password_reset_done")
    for other in (unknown, account_throttled, client_throttled):
        assert answer(other) == answer(existing)
    pages = [client.get(response["Location"]) for response in (existing, unknown)]
    assert pages[0].status_code == pages[1].status_code == 200
    assert "Kijk in uw e-mail" in pages[0].content.decode()
    # wm.b's first three requests were written, the fourth and fifth not.
    assert sorted(written()) == [ACCOUNT] + ["wm.b@gemeente.test"] * 3


def test_the_request_does_the_same_work_whether_or_not_the_account_exists(client, world):
    """The email is written by the worker, so that an existing account does not make the
    answer slower: the request does the same queries, and queues one task, either way."""
    for _ in range(3):
        ask(client, "wm.b@gemeente.test", address="198.51.100.1")
    queries = {}
    for label, email in [
        ("existing", ACCOUNT),
        ("unknown", "niemand@example.test"),
        ("throttled", "wm.b@gemeente.test"),
    ]:
        tasks_before = DBTaskResult.objects.filter(task_path=TASK).count()
        with CaptureQueriesContext(connection) as captured:
            ask(client, email, address=f"203.0.113.{len(queries) + 1}")
        queries[label] = [query["sql"].split(" ", 1)[0] for query in captured.captured_queries]
        assert DBTaskResult.objects.filter(task_path=TASK).count() == tasks_before + 1, label

    assert queries["unknown"] == queries["existing"]
    assert queries["throttled"] == queries["existing"]


def test_an_invalid_address_is_not_counted(client, world, written):
    for _ in range(12):
        response = ask(client, "geen-adres")
        assert response.status_code == 200

    ask(client, ACCOUNT)

    assert written() == [ACCOUNT]


def test_the_email_is_in_the_language_the_page_was_in(client, world, settings, written):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    ask(client, ACCOUNT)
    written()

    assert OutgoingEmail.objects.get().subject == "New password for Wijkteam"
