"""The outbox against a real SMTP server: Django's SMTP backend talks to a local aiosmtpd server
on the loopback interface, and the real background worker does the sending and the retrying.
Time is frozen (time-machine) so that the retry schedule is exact and made due by moving the
clock, never by sleeping."""

import socket
from collections.abc import Iterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
import time_machine
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.smtp_local import parse, smtp_serving, use_smtp
from wijkteam.notifications.delivery import MAX_ATTEMPTS, email_deliver, retry_delay
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_enqueue

pytestmark = pytest.mark.django_db

TO = "bewoner@example.test"
SUBJECT = "Uw melding is ontvangen – M-2026-00042"
BODY_TEXT = "Dank voor uw melding over de straatverlichting.\nWe nemen binnen één week contact op."
BODY_HTML = "<p>Dank voor uw melding over de <strong>straatverlichting</strong>.</p>"


class GreylistingHandler:
    """Refuses the first message with a temporary error, as a greylisting mail server does,
    and accepts the ones after it."""

    def __init__(self) -> None:
        self.refusals_left = 1
        self.refused = 0
        self.received: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refusals_left:
            self.refusals_left -= 1
            self.refused += 1
            return "451 4.3.0 Probeer later"
        self.received.append((list(envelope.rcpt_tos), parse(envelope.content)))
        return "250 2.0.0 OK"


@pytest.fixture
def smtp_server(settings) -> Iterator[GreylistingHandler]:
    handler = GreylistingHandler()
    with smtp_serving(settings, handler):
        yield handler


@pytest.fixture
def smtp_server_down(settings) -> Iterator[None]:
    # Bound but not listening: nothing else can take the port, and every connection is refused
    # at once (no waiting for a timeout).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        use_smtp(settings, sock.getsockname()[1])
        yield


def queue_email(django_capture_on_commit_callbacks) -> OutgoingEmail:
    with django_capture_on_commit_callbacks(execute=True):
        return email_enqueue(
            to=TO, subject=SUBJECT, body_text=BODY_TEXT, body_html=BODY_HTML, topic="M-2026-00042"
        )


def scheduled_retries() -> list[DBTaskResult]:
    # The worker also queues the periodic tasks when it starts; only the email's runs count.
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path="wijkteam.notifications.tasks.deliver_email",
        )
    )


def test_refused_email_is_delivered_by_the_scheduled_retry_exactly_once(
    smtp_server, run_worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        email = queue_email(django_capture_on_commit_callbacks)

        run_worker()

        assert (smtp_server.refused, smtp_server.received) == (1, [])
        email.refresh_from_db()
        assert (email.status, email.attempts) == (EmailStatus.QUEUED, 1)
        assert "451" in email.last_error
        assert "Probeer later" in email.last_error
        [retry] = scheduled_retries()
        assert retry.args_kwargs["args"] == [email.pk]
        assert retry.run_after == timezone.now() + retry_delay(1)
        # Not due yet: another worker run does not knock on the server's door again.
        run_worker()
        assert (smtp_server.refused, smtp_server.received) == (1, [])

        traveller.move_to(retry.run_after + timedelta(seconds=1))
        run_worker()

        [(recipients, message)] = smtp_server.received
        assert recipients == [TO]
        assert message["To"] == TO
        assert message["Subject"] == SUBJECT
        assert message.get_content_type() == "multipart/alternative"
        parts = [(part.get_content_type(), part.get_content()) for part in message.iter_parts()]
        assert [content_type for content_type, _ in parts] == ["text/plain", "text/html"]
        assert parts[0][1].rstrip("\n") == BODY_TEXT
        assert parts[1][1].rstrip("\n") == BODY_HTML
        email.refresh_from_db()
        assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 2, "")
        assert email.sent_at == timezone.now()
        assert (email.body_text, email.body_html) == ("", "")

        # Nothing more is scheduled, and repeating the task sends nothing again.
        traveller.shift(timedelta(days=1))
        run_worker()
        assert scheduled_retries() == []
        assert email_deliver(email_id=email.pk) is False
        assert len(smtp_server.received) == 1


def test_unreachable_server_is_retried_with_backoff_and_then_given_up(
    smtp_server_down, run_worker, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        email = queue_email(django_capture_on_commit_callbacks)

        for attempt in range(1, MAX_ATTEMPTS):
            run_worker()
            email.refresh_from_db()
            assert (email.status, email.attempts) == (EmailStatus.QUEUED, attempt)
            assert "ConnectionRefusedError" in email.last_error
            [retry] = scheduled_retries()
            assert retry.run_after == timezone.now() + retry_delay(attempt)
            # Just before the retry is due the worker leaves it alone.
            traveller.move_to(retry.run_after - timedelta(seconds=1))
            run_worker()
            email.refresh_from_db()
            assert email.attempts == attempt
            traveller.move_to(retry.run_after)

        run_worker()

        email.refresh_from_db()
        assert (email.status, email.attempts) == (EmailStatus.FAILED, MAX_ATTEMPTS)
        assert "ConnectionRefusedError" in email.last_error
        assert email.sent_at is None
        # Kept for staff to see what failed, and to send it again once the server is back.
        assert (email.body_text, email.body_html) == (BODY_TEXT, BODY_HTML)
        assert scheduled_retries() == []
