"""The email outbox (queued in the caller's transaction, delivered by the background worker),
and notifications for staff in the application, by email or in a daily digest."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record, audit_records
from wijkteam.core.errors import DomainError
from wijkteam.notifications.models import (
    EmailStatus,
    Notification,
    NotificationMode,
    OutgoingEmail,
)
from wijkteam.notifications.tasks import deliver_email, deliver_emails

_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


def email_enqueue(
    *, to: str, subject: str, body_text: str, body_html: str = "", topic: str = "", key: str = ""
) -> OutgoingEmail:
    """Queue an email; the worker sends it once the surrounding transaction has committed
    (until then neither the email nor its delivery task is there for the worker).
    ``topic`` says what it is about (a case reference) for staff who follow its delivery.
    ``key`` names an email that goes out once: queued again, the first one is returned."""
    if key and (queued := OutgoingEmail.objects.filter(key=key).first()) is not None:
        return queued
    with transaction.atomic(savepoint=False):
        email = OutgoingEmail.objects.create(
            to=to, subject=subject, body_text=body_text, body_html=body_html, topic=topic, key=key
        )
        # Its delivery is queued with it, in the same transaction: the worker sees both once
        # they committed, or neither.
        deliver_email.enqueue(email.pk)
    return email


def _is_person(actor: object) -> bool:
    """A staff member's active account (``partners.User``; this app lies below partners, so it
    knows the account by Django's base class). Not None, and not the system."""
    return isinstance(actor, AbstractBaseUser) and actor.is_active


def emails_retry(*, actor: AbstractBaseUser, email_ids: Iterable[int]) -> int:
    """Put failed emails back in the queue for a fresh round of attempts, on a functional
    admin's request (the address was fixed, the mail server is back). Only failed emails: a sent
    one is never sent again, a queued one is already on its way. The last error stays visible
    until the next attempt. Returns how many were queued again."""
    return _emails_requeue(
        actor=actor, email_ids=email_ids, status=EmailStatus.FAILED, action="retry"
    )


def emails_send_again(*, actor: AbstractBaseUser, email_ids: Iterable[int]) -> int:
    """Queue emails that may have been sent (their worker stopped while the mail server had
    them, ``uncertain``) once more, on a functional admin's request after confirming that the
    recipient may get them twice: for example when the mail server's log shows it never took
    them. They keep their Message-ID, so a receiving system can tell a second copy. Only
    uncertain emails; returns how many were queued again."""
    return _emails_requeue(
        actor=actor, email_ids=email_ids, status=EmailStatus.UNCERTAIN, action="send_again"
    )


def _emails_requeue(
    *, actor: AbstractBaseUser, email_ids: Iterable[int], status: EmailStatus, action: str
) -> int:
    if not (
        _is_person(actor) and actor.is_staff and actor.has_perm("notifications.view_outgoingemail")
    ):
        raise DomainError(_("Alleen een functioneel beheerder verstuurt e-mails opnieuw."))
    with transaction.atomic():
        found = list(
            OutgoingEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), status=status)
            .values_list("pk", flat=True)
        )
        OutgoingEmail.objects.filter(pk__in=found).update(status=EmailStatus.QUEUED, attempts=0)
        audit_records(
            actor=actor,
            rows=[
                (action, OutgoingEmail(pk=pk), {"status": [status, EmailStatus.QUEUED]})
                for pk in found
            ],
        )
        for email_id in found:
            transaction.on_commit(partial(deliver_email.enqueue, email_id))
    return len(found)


def absolute_link(link: str) -> str:
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


def notifications_are_muted() -> bool:
    """True inside ``notifications_muted()``: a fan-out queued for later must ask now."""
    return _muted.get()


def notify_users(
    *, users: Iterable[Any], subject: str, body: str = "", link: str = "", fanout_key: str = ""
) -> int:
    """Tell staff members something in the application; those who chose "immediate" also get
    an email (sent after commit), the others find it in their daily digest. Returns how many
    were notified. Texts are stored as given (build them in the default language).

    ``fanout_key`` names one fan-out (a background task that may run twice): a fan-out whose
    notifications are there already does nothing, so nobody is told, or mailed, twice."""
    if _muted.get():
        return 0
    with transaction.atomic():
        if fanout_key and Notification.objects.filter(fanout_key=fanout_key).exists():
            return 0
        # People only: the account of a partner system's API client (partners.User's
        # is_api_account) is never notified nor emailed, whatever list it came in on.
        recipients = [
            user
            for user in users
            if user.is_active and user.email and not getattr(user, "is_api_account", False)
        ]
        Notification.objects.bulk_create(
            Notification(
                user=user,
                subject=subject,
                body=body,
                link=link,
                awaits_digest=user.notification_mode != NotificationMode.IMMEDIATE,
                fanout_key=fanout_key,
            )
            for user in recipients
        )
        text = "\n\n".join(part for part in (body, absolute_link(link)) if part)
        emails = OutgoingEmail.objects.bulk_create(
            OutgoingEmail(to=user.email, subject=subject, body_text=text)
            for user in recipients
            if user.notification_mode == NotificationMode.IMMEDIATE
        )
        # Queued with the emails, in one transaction: a fan-out that commits has its emails'
        # delivery queued too (the worker picks it up after commit, never before), all of them
        # in one task that sends them over one connection to the mail server.
        if emails:
            deliver_emails.enqueue([email.pk for email in emails])
    return len(recipients)


def notifications_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark a user's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


def user_notification_mode_set(
    *, actor: AbstractBaseUser, user: AbstractBaseUser, mode: str
) -> None:
    """Immediate email or a daily digest for the user's notifications: the user's own choice,
    or a functional admin's who may change users."""
    if not (
        _is_person(actor)
        and (actor.pk == user.pk or (actor.is_staff and actor.has_perm("partners.change_user")))
    ):
        raise DomainError(
            _("Alleen de gebruiker zelf of een functioneel beheerder kiest hoe berichten komen.")
        )
    if mode not in NotificationMode.values:
        raise DomainError(_("Kies hoe u berichten wilt ontvangen."), field="notification_mode")
    if user.notification_mode != mode:
        before = user.notification_mode
        user.notification_mode = mode
        user.save(update_fields=["notification_mode"])
        audit_record(
            actor=actor,
            action="update",
            instance=user,
            changes={"notification_mode": [before, mode]},
        )
