from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Inzage of kopie (art. 15 AVG)")
    ERASURE = "erasure", _("Wissen (art. 17 AVG)")


class PersonRequest(models.Model):
    """A person's request about their data, as the privacy officer handled it: who asked, how
    they were looked up, what was found, exported or erased. Kept as the record of the request
    (accountability, art. 5(2) AVG)."""

    kind = models.CharField(_("soort verzoek"), max_length=10, choices=RequestKind.choices)
    description = models.CharField(
        _("verzoek"),
        max_length=300,
        help_text=_("Bijvoorbeeld: brief van 12 november, kenmerk 2026-123."),
    )
    search = models.JSONField(_("gezocht op"), default=dict)
    found = models.JSONField(_("gevonden"), default=list)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("behandeld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    exported_at = models.DateTimeField(_("geëxporteerd"), null=True, blank=True)
    erased_at = models.DateTimeField(_("gewist"), null=True, blank=True)
    erasure = models.JSONField(_("gewist en bewaard"), default=dict, blank=True)

    class Meta:
        verbose_name = _("verzoek van een betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
