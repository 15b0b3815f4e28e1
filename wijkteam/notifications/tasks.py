"""Background tasks of the outbox: delivering one email, or a fan-out's emails over one
connection. Tasks take ids and are idempotent; this module is the only importer of the delivery
it runs."""

from django.utils import timezone
from django_tasks import task

from wijkteam.notifications.delivery import (
    email_deliver,
    email_delivery_given_up,
    emails_deliver,
    emails_delivery_lost,
    retry_delay,
)
from wijkteam.notifications.models import EmailStatus, OutgoingEmail


@task()
def deliver_email(email_id: int) -> None:
    sent = email_deliver(email_id=email_id)
    if sent:
        return
    email = OutgoingEmail.objects.filter(pk=email_id).only("status", "attempts").first()
    if email is not None and email.status == EmailStatus.QUEUED and email.attempts:
        _retry_later(email)


@task()
def deliver_emails(email_ids: list[int]) -> None:
    """The emails of one fan-out, over one connection to the mail server (one task and one
    SMTP session instead of one per email); an email that fails is retried on its own."""
    for email in OutgoingEmail.objects.filter(pk__in=emails_deliver(email_ids=email_ids)).only(
        "attempts"
    ):
        _retry_later(email)


def deliver_email_failed(email_id: int, *, error: BaseException) -> None:
    """The failure handling of ``deliver_email`` given up (settings.TASK_FAILURE_HANDLERS)."""
    email_delivery_given_up(email_id=email_id, error=error)


def deliver_emails_failed(email_ids: list[int], *, error: BaseException) -> None:
    """The failure handling of ``deliver_emails`` given up: the email being sent is uncertain,
    and the fan-out's emails it had not reached yet each get a task of their own (so that one
    that stops the worker holds up no other)."""
    for email_id in emails_delivery_lost(email_ids=email_ids):
        deliver_email.enqueue(email_id)


def _retry_later(email: OutgoingEmail) -> None:
    deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(email.pk)
