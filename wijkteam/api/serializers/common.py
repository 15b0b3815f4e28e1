"""Shapes every resource shares: a code with its Dutch name, an organisation, a wijk or buurt,
an address, a point (GeoJSON), and a page of a list with its links (HAL, as the Dutch API
Design Rules describe it). Property names are lowerCamelCase Dutch."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers


class CodeNaamSerializer(serializers.Serializer):
    """A code that stays the same, with its Dutch name."""

    code = serializers.CharField()
    naam = serializers.CharField()


def code_naam(code: str, naam) -> dict:
    return {"code": code, "naam": str(naam)}


class OrganisatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField()
    soort = serializers.CharField(help_text="gemeente, corporatie, politie, welzijn, ...")


def organisatie(organisation) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "naam": organisation.name, "soort": organisation.kind}


class GebiedSerializer(serializers.Serializer):
    """A wijk or buurt by its CBS code."""

    code = serializers.CharField()
    naam = serializers.CharField()


def gebied(area) -> dict | None:
    return {"code": area.code, "naam": area.name} if area is not None else None


class PuntSerializer(serializers.Serializer):
    """A GeoJSON Point in WGS84: [lengtegraad, breedtegraad]."""

    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


def punt(latitude: float | None, longitude: float | None) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


class AdresSerializer(serializers.Serializer):
    straat = serializers.CharField(allow_blank=True)
    huisnummer = serializers.IntegerField(allow_null=True)
    toevoeging = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    plaats = serializers.CharField(allow_blank=True)


def adres(record, *, city: bool = True) -> dict:
    return {
        "straat": record.street,
        "huisnummer": record.house_number,
        "toevoeging": record.house_number_addition,
        "postcode": record.postcode,
        "plaats": getattr(record, "city", "") if city else "",
    }


class LinkSerializer(serializers.Serializer):
    href = serializers.URLField()


class LinksSerializer(serializers.Serializer):
    self = LinkSerializer()
    first = LinkSerializer()
    prev = LinkSerializer(required=False)
    next = LinkSerializer(required=False)


def page_schema(name: str, key: str, item: serializers.Serializer) -> serializers.Serializer:
    """The schema of a page of ``item`` under ``_embedded.<key>``: ``<name>Pagina``."""
    return inline_serializer(
        name=f"{name}Pagina",
        fields={
            "_links": LinksSerializer(),
            "_embedded": inline_serializer(
                name=f"{name}Lijst", fields={key: type(item)(many=True)}
            ),
        },
    )
