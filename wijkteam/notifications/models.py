from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


class OutgoingEmail(models.Model):
    """An email waiting to be sent, or sent. The background worker delivers it after the
    transaction that queued it has committed; the status makes sending happen once."""

    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=250)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
