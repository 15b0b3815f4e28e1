"""Reference data: categories, wijken and buurten (with their boundaries as GeoJSON)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from wijkteam.api.serializers.common import GebiedSerializer


class CategorieSerializer(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    naamVoorBewoners = serializers.CharField()
    hoofdcategorie = serializers.CharField(
        allow_null=True, help_text="De code van de hoofdcategorie; null voor een hoofdcategorie."
    )
    vertrouwelijkheid = serializers.ChoiceField(choices=["team", "case_partners", "confidential"])
    acuut = serializers.BooleanField()
    openbareRuimte = serializers.BooleanField()
    reactietermijnWerkdagen = serializers.IntegerField()
    viaApiTeMelden = serializers.BooleanField(
        help_text="Een koppeling kan een melding van deze categorie doen (POST /meldingen)."
    )


@extend_schema_field(OpenApiTypes.OBJECT)
class GeometryField(serializers.JSONField):
    """A GeoJSON geometry (Polygon or MultiPolygon) in WGS84."""


class WijkSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS-wijkcode, zoals WK034502.")
    naam = serializers.CharField()
    gemeentecode = serializers.CharField()
    inwoners = serializers.IntegerField(allow_null=True)
    huishoudens = serializers.IntegerField(allow_null=True)
    woningen = serializers.IntegerField(allow_null=True)
    oppervlakteHectare = serializers.IntegerField(allow_null=True)
    grensOfficieel = serializers.BooleanField(
        help_text="false: de grens is een benadering, geen officiële grens van CBS/PDOK."
    )


class WijkDetailSerializer(WijkSerializer):
    buurten = GebiedSerializer(many=True)
    grens = GeometryField(allow_null=True, help_text="GeoJSON (WGS84).")


class BuurtSerializer(WijkSerializer):
    code = serializers.CharField(help_text="CBS-buurtcode, zoals BU03450200.")
    wijk = GebiedSerializer()


class BuurtDetailSerializer(BuurtSerializer):
    grens = GeometryField(allow_null=True, help_text="GeoJSON (WGS84).")
