"""Measures (maatregelen) the wijkteam takes in its buurten, and what they are meant to reduce.
The counts they are judged by are kept elsewhere (signals/models/counts.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Category


class MeasureKind(models.TextChoices):
    LIGHTING = "verlichting", _("Extra verlichting")
    CAMERAS = "cameratoezicht", _("Cameratoezicht")
    MEDIATION_CAMPAIGN = "buurtbemiddeling", _("Campagne buurtbemiddeling")
    FOOTBALL_CAGE = "voetbalkooi", _("Voetbalkooi")
    CLEANING_ROUND = "schoonmaakronde", _("Extra schoonmaakronde")
    OTHER = "anders", _("Anders")


class Measure(models.Model):
    """What the team did where and when, at what cost with which partners, to reduce which
    categories of signals."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="measures", verbose_name=_("wijk")
    )
    title = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=30, choices=MeasureKind.choices)
    description = models.TextField(_("toelichting"), blank=True)
    neighbourhoods = models.ManyToManyField(
        Neighbourhood, related_name="measures", verbose_name=_("buurten")
    )
    started_on = models.DateField(_("begonnen op"))
    ended_on = models.DateField(_("gestopt op"), null=True, blank=True)
    cost = models.DecimalField(
        _("kosten (euro)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("partners")
    )
    target_categories = models.ManyToManyField(
        Category, related_name="+", verbose_name=_("bedoeld om te verminderen")
    )
    # The buurten the effect is measured against; empty: the suggested ones.
    comparison_neighbourhoods = models.ManyToManyField(
        Neighbourhood, blank=True, related_name="+", verbose_name=_("vergelijkingsbuurten")
    )
    is_public = models.BooleanField(_("op de openbare wijkpagina"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["district", "-started_on"], name="measure_by_district")]

    def __str__(self) -> str:
        return self.title

    def is_active_in(self, month_start, month_end) -> bool:
        """Whether the measure ran during any part of [month_start, month_end)."""
        return self.started_on < month_end and (
            self.ended_on is None or self.ended_on >= month_start
        )
