"""Residents' initiatives as the public pages show them: never who proposed it (unless they
said their name may be shown) nor who supports it, never what is for the team only."""

from rest_framework import serializers

from wijkteam.api.serializers.common import CodeNaamSerializer, GebiedSerializer, PuntSerializer


class InitiatiefSerializer(serializers.Serializer):
    nummer = serializers.CharField()
    titel = serializers.CharField()
    fase = CodeNaamSerializer()
    wijk = GebiedSerializer(allow_null=True)
    buurt = GebiedSerializer(allow_null=True)
    aantalSteunbetuigingen = serializers.IntegerField()
    voorgesteldOp = serializers.DateTimeField(allow_null=True)
    url = serializers.URLField(help_text="De openbare pagina van het initiatief.")


class IndienerSerializer(serializers.Serializer):
    soort = CodeNaamSerializer()
    naam = serializers.CharField(
        allow_null=True, help_text="Alleen als de indiener zijn naam liet tonen."
    )


class BijdrageSerializer(serializers.Serializer):
    organisatie = serializers.CharField(
        allow_null=True, help_text="De partner; null: de bewoners zelf."
    )
    omschrijving = serializers.CharField()
    soort = CodeNaamSerializer()
    bedrag = serializers.FloatField(allow_null=True)
    status = CodeNaamSerializer()
    geleverdOp = serializers.DateField(allow_null=True)


class VerhaalSerializer(serializers.Serializer):
    op = serializers.DateTimeField()
    titel = serializers.CharField()
    tekst = serializers.CharField(allow_blank=True)


class SteunSerializer(serializers.Serializer):
    aantal = serializers.IntegerField()
    uitDeWijk = serializers.IntegerField(help_text="Op adres gecontroleerd.")


class InitiatiefDetailSerializer(InitiatiefSerializer):
    omschrijving = serializers.CharField()
    watBewonersZelfDoen = serializers.CharField(allow_blank=True)
    geschatteKosten = serializers.FloatField(allow_null=True)
    plek = serializers.CharField(allow_blank=True)
    toelichtingPlek = serializers.CharField(allow_blank=True)
    punt = PuntSerializer(allow_null=True, help_text="Bij een adres afgerond op ongeveer 100 m.")
    indiener = IndienerSerializer()
    tekstAangepastDoorWijkteam = serializers.BooleanField()
    redenNietDoorgegaan = serializers.CharField(allow_blank=True)
    plan = serializers.CharField(allow_blank=True)
    bijdragen = BijdrageSerializer(many=True)
    verhaal = VerhaalSerializer(many=True)
    steun = SteunSerializer()
