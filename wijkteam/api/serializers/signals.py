"""Signals (meldingen) as the API shows them, by what the caller may see (DESIGN §6): that one
exists (category, buurt, status, when), its details (description, address, point) and who
reported it, each only where the need-to-know rule allows; and a new signal as a partner
system sends it."""

import math

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from rest_framework import serializers

from wijkteam.api.serializers.common import (
    AdresSerializer,
    CodeNaamSerializer,
    GebiedSerializer,
    OrganisatieSerializer,
    PuntSerializer,
    adres,
    code_naam,
    gebied,
    organisatie,
    punt,
)
from wijkteam.signals.models import Channel, PublicStatus, Sensitivity, Signal
from wijkteam.signals.visibility import SignalAccess


class HuurachterstandSerializer(serializers.Serializer):
    """An arrears signal's details: for the corporation (and who it shares the case with)."""

    huurder = serializers.CharField()
    bedrag = serializers.FloatField(help_text="De achterstand in euro.")
    maanden = serializers.IntegerField()
    signaleringsdatum = serializers.DateField()
    contactGeprobeerdOp = serializers.DateField(allow_null=True)
    gewezenOpSchuldhulpOp = serializers.DateField(allow_null=True)
    schriftelijkeAanmaningOp = serializers.DateField(allow_null=True)
    geenBezwaarOp = serializers.DateField(allow_null=True)


class MeldingInhoudSerializer(serializers.Serializer):
    omschrijving = serializers.CharField(allow_blank=True)
    tijdstipVoorval = serializers.DateTimeField(allow_null=True)
    adres = AdresSerializer()
    punt = PuntSerializer(allow_null=True)
    toelichtingPlek = serializers.CharField(allow_blank=True)
    externeReferentie = serializers.CharField(allow_blank=True)
    huurder = serializers.BooleanField(allow_null=True)
    huurachterstand = HuurachterstandSerializer(
        allow_null=True, help_text="Alleen bij een melding van huurachterstand."
    )


class MelderSerializer(serializers.Serializer):
    naam = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    telefoon = serializers.CharField(allow_blank=True)
    anoniem = serializers.BooleanField()
    eersteMelder = serializers.BooleanField()


class MeldingSerializer(serializers.Serializer):
    nummer = serializers.CharField()
    categorie = CodeNaamSerializer()
    hoofdcategorie = CodeNaamSerializer()
    status = CodeNaamSerializer()
    kanaal = CodeNaamSerializer()
    vertrouwelijkheid = CodeNaamSerializer()
    ontvangenOp = serializers.DateTimeField()
    spoed = serializers.BooleanField()
    wijk = GebiedSerializer(allow_null=True)
    buurt = GebiedSerializer(allow_null=True)
    ontvangendeOrganisatie = OrganisatieSerializer(allow_null=True)
    inhoudZichtbaar = serializers.BooleanField(
        help_text="De organisatie van de sleutel mag de inhoud zien (anders is inhoud null)."
    )
    inhoud = MeldingInhoudSerializer(allow_null=True)


class MeldingDetailSerializer(MeldingSerializer):
    casus = serializers.CharField(
        allow_null=True, help_text="Het nummer van de casus, als u die mag kennen."
    )
    melders = MelderSerializer(
        many=True,
        allow_null=True,
        help_text="Wie meldde: alleen voor de ontvangende organisatie (anders null).",
    )


def melding(signal: Signal, access: SignalAccess | None) -> dict:
    """A signal as the caller may see it (``access`` None: only that it exists)."""
    details = access is not None and access.details
    return {
        "nummer": signal.reference,
        "categorie": code_naam(signal.category.slug, signal.category.display_name),
        "hoofdcategorie": code_naam(
            signal.category.parent.slug, signal.category.parent.display_name
        ),
        "status": code_naam(signal.status, PublicStatus(signal.status).label),
        "kanaal": code_naam(signal.channel, Channel(signal.channel).label),
        "vertrouwelijkheid": code_naam(signal.sensitivity, Sensitivity(signal.sensitivity).label),
        "ontvangenOp": serializers.DateTimeField().to_representation(signal.created_at),
        "spoed": signal.is_urgent,
        "wijk": gebied(signal.district) if signal.district_id else None,
        "buurt": gebied(signal.neighbourhood) if signal.neighbourhood_id else None,
        "ontvangendeOrganisatie": organisatie(signal.receiving_organisation),
        "inhoudZichtbaar": details,
        "inhoud": _inhoud(signal) if details else None,
    }


def _inhoud(signal: Signal) -> dict:
    moment = signal.occurred_at
    return {
        "omschrijving": signal.description,
        "tijdstipVoorval": serializers.DateTimeField().to_representation(moment)
        if moment
        else None,
        "adres": adres(signal),
        "punt": punt(signal.latitude, signal.longitude),
        "toelichtingPlek": signal.location_note,
        "externeReferentie": signal.external_reference,
        "huurder": signal.is_tenant,
        "huurachterstand": _arrears(signal),
    }


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _arrears(signal: Signal) -> dict | None:
    try:
        arrears = signal.arrears
    except ObjectDoesNotExist:
        return None
    return {
        "huurder": arrears.tenant_name,
        "bedrag": float(arrears.amount),
        "maanden": arrears.months,
        "signaleringsdatum": _day(arrears.signal_date),
        "contactGeprobeerdOp": _day(arrears.contact_attempted_on),
        "gewezenOpSchuldhulpOp": _day(arrears.debt_help_pointed_on),
        "schriftelijkeAanmaningOp": _day(arrears.written_reminder_on),
        "geenBezwaarOp": _day(arrears.no_objection_on),
    }


def melders(reporters) -> list[dict]:
    return [
        {
            "naam": reporter.name,
            "email": reporter.email,
            "telefoon": reporter.phone,
            "anoniem": reporter.is_anonymous,
            "eersteMelder": reporter.is_primary,
        }
        for reporter in reporters
    ]


# --- a new signal from a partner system ---------------------------------------------------------


class NieuwAdresSerializer(serializers.Serializer):
    postcode = serializers.RegexField(
        r"^\s*[0-9]{4}\s*[A-Za-z]{2}\s*$",
        required=False,
        allow_blank=True,
        max_length=7,
        error_messages={"invalid": _("Een postcode is 4 cijfers en 2 letters, zoals 3901 HC.")},
    )
    huisnummer = serializers.IntegerField(required=False, min_value=1, max_value=99999)
    toevoeging = serializers.CharField(required=False, allow_blank=True, max_length=10)
    straat = serializers.CharField(required=False, allow_blank=True, max_length=150)


class NieuwPuntSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)

    def validate_coordinates(self, value: list[float]) -> list[float]:
        longitude, latitude = value
        if not (
            math.isfinite(latitude)
            and math.isfinite(longitude)
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            raise serializers.ValidationError(_("Geef een punt als [lengtegraad, breedtegraad]."))
        return value


class NieuweMelderSerializer(serializers.Serializer):
    naam = serializers.CharField(required=False, allow_blank=True, max_length=150)
    email = serializers.EmailField(required=False, allow_blank=True)
    telefoon = serializers.CharField(required=False, allow_blank=True, max_length=30)
    anoniem = serializers.BooleanField(required=False, default=False)


class NieuweMeldingSerializer(serializers.Serializer):
    """A signal from a partner system: what, where, and optionally who reported it."""

    categorie = serializers.SlugField(
        max_length=60, help_text="De code van een subcategorie met viaApiTeMelden."
    )
    omschrijving = serializers.CharField(max_length=4000)
    tijdstipVoorval = serializers.DateTimeField(required=False, allow_null=True)
    adres = NieuwAdresSerializer(required=False)
    punt = NieuwPuntSerializer(required=False, allow_null=True)
    toelichtingPlek = serializers.CharField(required=False, allow_blank=True, max_length=250)
    melder = NieuweMelderSerializer(required=False, allow_null=True)
    huurder = serializers.BooleanField(
        required=False, allow_null=True, help_text="Gaat het om een huurder van de corporatie?"
    )
    spoed = serializers.BooleanField(required=False, default=False)
    externeReferentie = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="Het eigen nummer van uw systeem: uniek per organisatie.",
    )

    def validate(self, data: dict) -> dict:
        where = data.get("adres") or {}
        if where.get("postcode") and not where.get("huisnummer"):
            raise serializers.ValidationError(
                {"adres": {"huisnummer": _("Vul ook het huisnummer in.")}}
            )
        if where.get("huisnummer") and not (where.get("postcode") or where.get("straat")):
            raise serializers.ValidationError({"adres": {"postcode": _("Vul ook de postcode in.")}})
        if not (where.get("postcode") or where.get("straat") or data.get("punt")):
            raise serializers.ValidationError(
                {"adres": _("Geef een adres (postcode en huisnummer, of een straat) of een punt.")}
            )
        return data
