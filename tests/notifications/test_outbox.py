from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import MAX_ATTEMPTS, email_deliver, email_enqueue

pytestmark = pytest.mark.django_db


def queue() -> OutgoingEmail:
    return email_enqueue(
        to="bewoner@example.test", subject="Onderwerp", body_text="Tekst", body_html="<p>Tekst</p>"
    )


def test_email_is_sent_once_by_the_worker(run_worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    run_worker()
    run_worker()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.SENT, 1)
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_enqueued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue()
    # The task is only handed to the worker on commit.
    assert len(callbacks) == 1


def test_failed_send_is_retried_later_and_given_up_after_max_attempts(monkeypatch):
    email = queue()

    def refuse(self, *args, **kwargs):
        raise SMTPServerDisconnected("server went away")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert email_deliver(email_id=email.pk) is False
        email.refresh_from_db()
        assert email.attempts == attempt
        assert "server went away" in email.last_error
    assert email.status == EmailStatus.FAILED
    assert email.body_text == "Tekst"  # kept for staff to see what failed


def test_the_task_schedules_a_retry_with_backoff(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    from wijkteam.notifications.tasks import deliver_email

    email = queue()
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, *a, **k: (_ for _ in ()).throw(OSError("connection refused")),
    )

    deliver_email.call(email.pk)

    retry = DBTaskResult.objects.get()
    assert retry.args_kwargs["args"] == [email.pk]
    assert retry.run_after is not None
