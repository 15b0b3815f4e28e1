"""Delivering one queued email, run by the background worker (notifications.tasks).

An email is sent at most once. Before it is handed to the mail server its row is saved as
``sending`` (committed); after the server took it, as ``sent``. A worker killed in between (the
task is run again once its lease is over, core/lease.py) cannot know whether the server took
it, so the run that finds the email ``sending`` never sends it again: it marks it ``uncertain``
("mogelijk verzonden") and logs it. That window is the time one SMTP exchange takes; a failure
the server reports (an exception) is known not to have delivered, and is tried again. Each
email also carries a Message-ID of its own, the same on every attempt, so that a receiving
system that sees it twice (an email sent again by hand) can tell.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.utils import timezone

from wijkteam.notifications.models import (
    EmailStatus,
    OutgoingEmail,
)

logger = logging.getLogger(__name__)


MAX_ATTEMPTS = 6
# What a send that ended (well or not) may find: the email marked uncertain meanwhile by a run
# of the task that took it for lost still gets its true outcome.
IN_FLIGHT = (EmailStatus.SENDING, EmailStatus.UNCERTAIN)


def retry_delay(attempt: int) -> timedelta:
    """Back off 1, 2, 4, 8, 16 minutes between attempts."""
    return timedelta(minutes=2 ** (attempt - 1))


def message_id(email: OutgoingEmail) -> str:
    """The email's Message-ID: the same for every attempt to send it."""
    return f"<wijkteam.{email.pk}.{int(email.created_at.timestamp())}@{DNS_NAME}>"


def _claim(email_id: int) -> OutgoingEmail | None:
    """Mark the email ``sending`` and return it, if it is queued; an email found ``sending``
    was lost with its worker and becomes ``uncertain``."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return None
        if email.status == EmailStatus.SENDING:
            email.status = EmailStatus.UNCERTAIN
            email.last_error = "The worker stopped while sending; it may have been delivered."
            email.save(update_fields=["status", "last_error"])
            logger.warning("Email %s may have been sent: its worker stopped", email.pk)
            return None
        if email.status != EmailStatus.QUEUED:
            return None
        email.attempts += 1
        email.status = EmailStatus.SENDING
        email.save(update_fields=["attempts", "status"])
        return email


def email_deliver(*, email_id: int, connection=None) -> bool:
    """Send one queued email. Returns True when it went out now; False when it was already sent
    (or given up, or may have been sent), so that a repeated task never sends twice, and when
    sending failed (the caller schedules the retry while the email is queued).
    ``connection``: an open connection to the mail server to send it over (emails_deliver)."""
    email = _claim(email_id)
    if email is None:
        return False
    message = EmailMultiAlternatives(
        email.subject,
        email.body_text,
        to=[email.to],
        headers={"Message-ID": message_id(email)},
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any transport failure is retried
        status = EmailStatus.FAILED if email.attempts >= MAX_ATTEMPTS else EmailStatus.QUEUED
        OutgoingEmail.objects.filter(pk=email.pk, status__in=IN_FLIGHT).update(
            status=status, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        # The error's kind only: a mail server's message may name the recipient (no personal
        # data in the logs); the outbox keeps the whole message for its admins.
        logger.warning(
            "Email %s failed (attempt %s): %s", email.pk, email.attempts, type(error).__name__
        )
        if connection is not None:
            # The exchange may have left the connection unusable: the next email opens anew.
            connection.close()
        return False
    # The body may hold a password-reset link or personal details: once delivered, the
    # outbox keeps only who, what subject and when.
    OutgoingEmail.objects.filter(pk=email.pk, status__in=IN_FLIGHT).update(
        status=EmailStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        body_text="",
        body_html="",
    )
    return True


def emails_deliver(*, email_ids: Iterable[int]) -> list[int]:
    """Send queued emails (a fan-out's) one by one over one connection to the mail server,
    each claimed and marked as ``email_deliver`` does, so that each is sent at most once
    whatever happens to the others. Returns the ids whose sending failed now (still queued:
    the caller schedules their retries)."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - each email meets the failure itself and is retried
        connection.close()
    failed = []
    try:
        for email_id in email_ids:
            if not email_deliver(email_id=email_id, connection=connection) and _retry_due(email_id):
                failed.append(email_id)
    finally:
        connection.close()
    return failed


def _retry_due(email_id: int) -> bool:
    """The email is queued again after a failed attempt (not sent, not given up)."""
    return OutgoingEmail.objects.filter(
        pk=email_id, status=EmailStatus.QUEUED, attempts__gt=0
    ).exists()


def emails_delivery_lost(*, email_ids: Iterable[int]) -> list[int]:
    """After the task delivering these emails failed or was given up (its worker kept
    stopping): an email it was sending becomes ``uncertain``, as a run that finds it
    ``sending`` makes it, never sent again by itself. Returns the ids still queued, which no
    task is on any more."""
    with transaction.atomic():
        emails = list(
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), status__in=(EmailStatus.SENDING, EmailStatus.QUEUED))
            .only("status")
        )
        sending = [email.pk for email in emails if email.status == EmailStatus.SENDING]
        OutgoingEmail.objects.filter(pk__in=sending).update(
            status=EmailStatus.UNCERTAIN,
            last_error="Its task stopped while sending; it may have been delivered.",
        )
        for email_id in sending:
            logger.warning("Email %s may have been sent: its task stopped", email_id)
    return [email.pk for email in emails if email.status == EmailStatus.QUEUED]


def email_delivery_given_up(*, email_id: int, error: BaseException) -> None:
    """The task delivering this one email failed or was given up: if it is still queued, it
    may be what stops its worker, so it is failed (a functional admin may retry it); if it was
    being sent, it is ``uncertain``."""
    for queued in emails_delivery_lost(email_ids=[email_id]):
        OutgoingEmail.objects.filter(pk=queued, status=EmailStatus.QUEUED).update(
            status=EmailStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        logger.warning("Email %s failed: its task stopped (%s)", queued, type(error).__name__)
