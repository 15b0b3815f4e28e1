"""The apps that report for residents through Open311, each with its own key, and which app
posted which signal."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.signals.models import Signal


class Open311App(models.Model):
    """An app (a buitenruimte-app, the gemeente's own app, ...) that posts residents' reports
    through Open311. Its key is shown once when it is made and kept only as a hash
    (core/keys.py), found again by its public prefix. A revoked app's key stops working at
    once; an app is never removed, so that the signals it posted keep saying where they came
    from."""

    name = models.CharField(_("naam"), max_length=100)
    contact_email = models.EmailField(
        _("e-mailadres van de beheerder van de app"),
        help_text=_("Wie we bellen of mailen als de app iets vreemds doet."),
    )
    key_prefix = models.CharField(_("begin van de sleutel"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )

    class Meta:
        verbose_name = _("Open311-app")
        verbose_name_plural = _("Open311-apps")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def key_hint(self) -> str:
        """How the key starts, to recognise it by (the rest is secret and not kept)."""
        return f"wt_{self.key_prefix}_…"


class Open311Request(models.Model):
    """A signal an app posted through Open311: which app, for the functional admins (an app
    that misbehaves is found with what it sent). Nothing about the resident: who reported is
    on the signal's reporter, as from the form."""

    signal = models.OneToOneField(
        Signal, on_delete=models.CASCADE, related_name="open311_request", verbose_name=_("melding")
    )
    app = models.ForeignKey(
        Open311App, on_delete=models.PROTECT, related_name="requests", verbose_name=_("app")
    )
    created_at = models.DateTimeField(_("ontvangen"), default=timezone.now)

    class Meta:
        verbose_name = _("Open311-melding")
        verbose_name_plural = _("Open311-meldingen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["app", "-created_at"], name="open311_request_by_app")]

    def __str__(self) -> str:
        return f"{self.app_id} → {self.signal_id}"
