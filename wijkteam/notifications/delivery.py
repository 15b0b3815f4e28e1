"""Delivering one queued email, run by the background worker (notifications.tasks)."""

import logging
from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from wijkteam.notifications.models import (
    EmailStatus,
    OutgoingEmail,
)

logger = logging.getLogger(__name__)


MAX_ATTEMPTS = 6


def retry_delay(attempt: int) -> timedelta:
    """Back off 1, 2, 4, 8, 16 minutes between attempts."""
    return timedelta(minutes=2 ** (attempt - 1))


def email_deliver(*, email_id: int) -> bool:
    """Send one queued email. Returns True when it went out now; False when it was already sent
    (or given up), so that a repeated task never sends twice. Raises when sending failed and a
    retry is due (the caller schedules it)."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.QUEUED:
            return False
        email.attempts += 1
        message = EmailMultiAlternatives(email.subject, email.body_text, to=[email.to])
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send()
        except Exception as error:  # noqa: BLE001 - any transport failure is retried
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = EmailStatus.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Email %s failed (attempt %s): %s", email.pk, email.attempts, error)
            return False
        # The body may hold a password-reset link or personal details: once delivered, the
        # outbox keeps only who, what subject and when.
        email.status = EmailStatus.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.body_text = email.body_html = ""
        email.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "body_text", "body_html"]
        )
        return True
