from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class BoundarySource(models.TextChoices):
    OFFICIAL = "official", _("CBS/PDOK Wijken en Buurten")
    APPROXIMATE = "approximate", _("Benadering (geen officiële grens)")


class Area(models.Model):
    """What a wijk and a buurt share: a CBS code, a name, figures and a boundary.

    The boundary is a GeoJSON geometry (Polygon or MultiPolygon) in WGS84 lon/lat, as CBS/PDOK
    publish it; point lookups use an in-memory spatial index built from it (see resolve.py).
    """

    name = models.CharField(_("naam"), max_length=120)
    municipality_code = models.CharField(_("gemeentecode"), max_length=6)
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    homes = models.PositiveIntegerField(_("woningen"), null=True, blank=True)
    area_hectares = models.PositiveIntegerField(_("oppervlakte (ha)"), null=True, blank=True)
    geometry = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)
    boundary_source = models.CharField(
        _("bron van de grens"),
        max_length=20,
        choices=BoundarySource.choices,
        default=BoundarySource.APPROXIMATE,
    )
    # Indexed: the point lookup checks max(updated_at) and the count to see if its index is fresh.
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_approximate(self) -> bool:
        return self.boundary_source == BoundarySource.APPROXIMATE


class District(Area):
    """A wijk (CBS code WK + gemeente + wijk number, e.g. WK034502)."""

    code = models.CharField(
        _("CBS-wijkcode"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^WK\d{6}$", _("Een wijkcode is WK gevolgd door 6 cijfers."))],
    )

    class Meta(Area.Meta):
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")


class Neighbourhood(Area):
    """A buurt (CBS code BU + gemeente + wijk + buurt number, e.g. BU03450200)."""

    code = models.CharField(
        _("CBS-buurtcode"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^BU\d{8}$", _("Een buurtcode is BU gevolgd door 8 cijfers."))],
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="neighbourhoods", verbose_name=_("wijk")
    )

    class Meta(Area.Meta):
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
