from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationMode(models.TextChoices):
    """How a staff member wants to hear of notifications besides the application."""

    IMMEDIATE = "immediate", _("Direct een e-mail")
    DIGEST = "digest", _("Eén e-mail per dag (overzicht)")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    # Handed to the mail server; saved before, so that a worker that dies before it knows
    # the answer leaves a trace instead of an email that looks unsent (delivery.py).
    SENDING = "sending", _("Wordt verzonden")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")
    # The worker died while sending: the mail server may have taken it. Never sent again by
    # itself, since that could deliver it twice.
    UNCERTAIN = "uncertain", _("Mogelijk verzonden")


class OutgoingEmail(models.Model):
    """An email waiting to be sent, or sent. The background worker delivers it after the
    transaction that queued it has committed; the status makes sending happen once."""

    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=250)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    # What the email is about (a case reference), so that staff see how its messages fared.
    topic = models.CharField(_("betreft"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)
    # Names an email that must go out once, when a background task that may run twice queues
    # it (a reporter's receipt). Empty for the others.
    key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["topic"], condition=~models.Q(topic=""), name="email_topic"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="email_once_per_key"
            )
        ]

    def __str__(self) -> str:
        # Without the address: the name shows up in the admin and the audit trail.
        return self.subject


class Notification(models.Model):
    """A message for one staff member in the application ("Veens vraagt uw reactie op
    Z-2026-00012"). Depending on the user's choice it is also emailed at once or collected in
    the daily digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("onderwerp"), max_length=250)
    body = models.TextField(_("tekst"), blank=True)
    link = models.CharField(_("link"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen"), null=True, blank=True)
    # True while the notification waits for the user's daily digest email.
    awaits_digest = models.BooleanField(default=False)
    # The fan-out that made it (a background task, which may run twice): each user is told
    # once per fan-out. Empty for notifications made directly.
    fanout_key = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(awaits_digest=True),
                name="notification_digest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["fanout_key", "user"],
                condition=~models.Q(fanout_key=""),
                name="notification_once_per_fanout",
            )
        ]

    def __str__(self) -> str:
        return self.subject
