from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
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
    households = models.PositiveIntegerField(_("huishoudens"), null=True, blank=True)
    area_hectares = models.PositiveIntegerField(_("oppervlakte (ha)"), null=True, blank=True)
    geometry = models.JSONField(_("grens (GeoJSON, WGS84)"), null=True, blank=True)
    boundary_source = models.CharField(
        _("bron van de grens"),
        max_length=20,
        choices=BoundarySource.choices,
        default=BoundarySource.APPROXIMATE,
    )
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


class RegisteredAddress(models.Model):
    """One BAG address of the gemeente, kept locally (the address register).

    Imported with ``manage.py import_addresses`` from PDOK's Locatieserver documents or a CSV
    of the BAG, so that an address can be checked and placed in its buurt when PDOK cannot be
    reached. The buurt and wijk are resolved from the point at import; a later change of the
    boundaries does not depend on them, because lookups resolve the point again.
    """

    bag_id = models.CharField(
        _("BAG-nummeraanduiding"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^\d{16}$", _("Een BAG-id is 16 cijfers."))],
    )
    object_id = models.CharField(_("BAG-verblijfsobject"), max_length=16, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    street = models.CharField(_("straat"), max_length=80)
    city = models.CharField(_("woonplaats"), max_length=80)
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addresses",
        verbose_name=_("buurt"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="addresses",
        verbose_name=_("wijk"),
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        verbose_name = _("adres in het adresregister")
        verbose_name_plural = _("adresregister")
        ordering = ["postcode", "house_number", "house_letter", "house_number_addition"]
        indexes = [
            models.Index(fields=["postcode", "house_number"], name="address_by_postcode"),
            models.Index(Lower("street"), "house_number", name="address_by_street"),
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_designation}, {self.postcode} {self.city}"

    @property
    def house_designation(self) -> str:
        """As BAG writes it: 5, 5A, 58-1, 5A-2."""
        addition = f"-{self.house_number_addition}" if self.house_number_addition else ""
        return f"{self.house_number}{self.house_letter}{addition}"


class CachedAddress(models.Model):
    """An address PDOK's Locatieserver found, with the buurt and wijk it was placed in, kept so
    that the next import of the same addresses (next month's arrears file) places them without
    asking PDOK again (signals/address_cache.py).

    Public facts of the BAG about an address only, never about who lives there: no link to a
    signal, a tenant, an import or an organisation, and no page shows the cache. An entry older
    than ``WIJKTEAM_ADDRESS_CACHE_DAYS`` is asked again, and removed, so that the cache does not
    become a lasting list of the addresses an import once held; one placed before the
    boundaries last changed is placed again from its point."""

    postcode = models.CharField(max_length=6)
    house_number = models.PositiveIntegerField()
    # The house letter and toevoeging as asked for, letters and digits only ("A2"): the key.
    addition = models.CharField(max_length=20, blank=True)
    bag_id = models.CharField(max_length=16)
    street = models.CharField(max_length=150)
    house_letter = models.CharField(max_length=1, blank=True)
    house_number_addition = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100)
    latitude = models.FloatField()
    longitude = models.FloatField()
    # PDOK's buurt code, for placing the point again after the boundaries changed.
    neighbourhood_code = models.CharField(max_length=10, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "addition"], name="cached_address_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.house_number}{self.addition}"
