"""The email outbox (queued in the caller's transaction, delivered by the background worker),
and notifications for staff in the application, by email or in a daily digest."""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.access.audit import audit_records
from wijkteam.notifications.models import (
    EmailStatus,
    Notification,
    NotificationMode,
    OutgoingEmail,
)

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


def retry_delay(attempt: int) -> timedelta:
    """Back off 1, 2, 4, 8, 16 minutes between attempts."""
    return timedelta(minutes=2 ** (attempt - 1))


def email_enqueue(
    *, to: str, subject: str, body_text: str, body_html: str = "", topic: str = ""
) -> OutgoingEmail:
    """Queue an email; the worker sends it once the surrounding transaction has committed.
    ``topic`` says what it is about (a case reference) for staff who follow its delivery."""
    from wijkteam.notifications.tasks import deliver_email

    email = OutgoingEmail.objects.create(
        to=to, subject=subject, body_text=body_text, body_html=body_html, topic=topic
    )
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


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


def emails_retry(*, actor: Any, email_ids: Iterable[int]) -> int:
    """Put failed emails back in the queue for a fresh round of attempts, on a staff member's
    request (the address was fixed, the mail server is back). Only failed emails: a sent one is
    never sent again, a queued one is already on its way. The last error stays visible until the
    next attempt. Returns how many were queued again."""
    from wijkteam.notifications.tasks import deliver_email

    with transaction.atomic():
        failed = list(
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), status=EmailStatus.FAILED)
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=failed).update(status=EmailStatus.QUEUED, attempts=0)
        audit_records(
            actor=actor,
            rows=[
                (
                    "retry",
                    OutgoingEmail(pk=pk),
                    {"status": [EmailStatus.FAILED, EmailStatus.QUEUED]},
                )
                for pk in failed
            ],
        )
        for email_id in failed:
            transaction.on_commit(partial(deliver_email.enqueue, email_id))
    return len(failed)


def _absolute(link: str) -> str:
    return f"{settings.SITE_URL}{link}" if link.startswith("/") else link


@contextmanager
def notifications_muted() -> Iterator[None]:
    """Nobody is notified of what happens inside: for recording the past (the demo's history
    of earlier triage decisions), which no one has to act on any more."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify_users(*, users: Iterable[Any], subject: str, body: str = "", link: str = "") -> int:
    """Tell staff members something in the application; those who chose "immediate" also get
    an email (sent after commit), the others find it in their daily digest. Returns how many
    were notified. Texts are stored as given (build them in the default language)."""
    if _muted.get():
        return 0
    count = 0
    for user in users:
        if not user.is_active or not user.email:
            continue
        immediate = user.notification_mode == NotificationMode.IMMEDIATE
        Notification.objects.create(
            user=user, subject=subject, body=body, link=link, awaits_digest=not immediate
        )
        if immediate:
            email_enqueue(
                to=user.email,
                subject=subject,
                body_text="\n\n".join(part for part in (body, _absolute(link)) if part),
            )
        count += 1
    return count


def notifications_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark a user's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def digests_send(*, now: datetime | None = None) -> int:
    """Send each user who chose the daily digest one email with everything that waited for
    it, and take those notifications off the digest list (in the same transaction, so a
    repeated run never sends them twice). Returns the number of digests queued."""
    now = now or timezone.now()
    sent = 0
    user_ids = (
        Notification.objects.filter(awaits_digest=True, created_at__lte=now)
        .values_list("user_id", flat=True)
        # Without order_by() the model's ordering columns join the DISTINCT: one row per
        # notification instead of per user.
        .order_by("user_id")
        .distinct()
    )
    for user_id in list(user_ids):
        with transaction.atomic():
            waiting = list(
                Notification.objects.select_for_update()
                .select_related("user")
                .filter(user_id=user_id, awaits_digest=True, created_at__lte=now)
                .order_by("created_at", "id")
            )
            if not waiting:
                continue
            user = waiting[0].user
            Notification.objects.filter(pk__in=[item.pk for item in waiting]).update(
                awaits_digest=False
            )
            if not user.is_active or not user.email:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                lines = [
                    f"- {item.subject}" + (f"\n  {_absolute(item.link)}" if item.link else "")
                    for item in waiting
                ]
                body = "\n".join(
                    [
                        _("Goedemorgen %(name)s,") % {"name": user.get_short_name()},
                        "",
                        _("Dit wacht op u in Wijkteam:"),
                        "",
                        *lines,
                        "",
                        _(
                            "U krijgt dit overzicht één keer per dag. Dat kunt u wijzigen bij "
                            "Mijn instellingen."
                        ),
                    ]
                )
                subject = ngettext(
                    "Wijkteam: %(count)s nieuw bericht",
                    "Wijkteam: %(count)s nieuwe berichten",
                    len(waiting),
                ) % {"count": len(waiting)}
            email_enqueue(to=user.email, subject=subject, body_text=body)
            sent += 1
    return sent


def next_digest_at(after: datetime) -> datetime:
    """The next moment the daily digest goes out (DIGEST_HOUR, local time)."""
    local = timezone.localtime(after)
    moment = local.replace(hour=settings.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if moment <= local:
        moment = timezone.localtime(
            timezone.make_aware(
                datetime.combine(local.date() + timedelta(days=1), time(settings.DIGEST_HOUR)),
                local.tzinfo,
            )
        )
    return moment
