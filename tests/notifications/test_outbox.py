from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from wijkteam.notifications.delivery import MAX_ATTEMPTS, email_deliver
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_enqueue, emails_retry

pytestmark = pytest.mark.django_db


def queue(subject: str = "Onderwerp") -> OutgoingEmail:
    return email_enqueue(
        to="bewoner@example.test", subject=subject, body_text="Tekst", body_html="<p>Tekst</p>"
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


def test_nothing_is_enqueued_when_the_transaction_rolls_back():
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        assert DBTaskResult.objects.count() == 1  # its delivery, in the same transaction
        raise RuntimeError("the step that queued it failed")

    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


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
    first = DBTaskResult.objects.get()  # queued with the email
    monkeypatch.setattr(
        "django.core.mail.EmailMessage.send",
        lambda self, *a, **k: (_ for _ in ()).throw(OSError("connection refused")),
    )

    deliver_email.call(email.pk)

    retry = DBTaskResult.objects.exclude(pk=first.pk).get()
    assert retry.args_kwargs["args"] == [email.pk]
    assert retry.run_after is not None


def test_retried_failed_email_is_queued_again_and_sent_once_by_the_worker(
    world, give_up_on, run_worker, django_capture_on_commit_callbacks
):
    email = queue()
    give_up_on(email)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert emails_retry(actor=world.admin, email_ids=[email.pk]) == 1

    assert len(callbacks) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.QUEUED, 0)
    assert "server went away" in email.last_error  # until the next attempt tells otherwise
    run_worker()
    run_worker()
    assert [message.to for message in mail.outbox] == [["bewoner@example.test"]]
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.SENT, 1, "")


def test_retry_leaves_sent_and_queued_emails_alone(
    world, give_up_on, run_worker, django_capture_on_commit_callbacks
):
    sent = queue(subject="Verzonden")
    email_deliver(email_id=sent.pk)
    sent.refresh_from_db()
    queued = queue(subject="Onderweg")
    failed = queue(subject="Mislukt")
    give_up_on(failed)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        count = emails_retry(actor=world.admin, email_ids=[sent.pk, queued.pk, failed.pk])

    assert count == 1
    assert len(callbacks) == 1
    assert OutgoingEmail.objects.get(pk=queued.pk).status == EmailStatus.QUEUED
    run_worker()
    # The failed one goes again; the queued one was on its way anyway; the sent one stays sent.
    assert sorted(message.subject for message in mail.outbox) == ["Mislukt", "Onderweg"]
    sent_again = OutgoingEmail.objects.get(pk=sent.pk)
    assert (sent_again.attempts, sent_again.sent_at) == (1, sent.sent_at)
