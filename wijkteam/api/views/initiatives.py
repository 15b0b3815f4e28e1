"""Residents' initiatives, for anyone without a key: exactly what the public pages read
(initiatives/public_reads.py and access.public_initiative), nothing of the team's side."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from wijkteam.api.serializers.common import code_naam, gebied, page_schema, punt
from wijkteam.api.serializers.initiatives import InitiatiefDetailSerializer, InitiatiefSerializer
from wijkteam.api.views.base import PageQuery, PublicView, page_response
from wijkteam.core.replica import ReplicaReadsMixin
from wijkteam.initiatives.access import public_initiative, support_counts
from wijkteam.initiatives.models import (
    ContributionKind,
    ContributionStatus,
    Initiative,
    InitiatorKind,
    Stage,
)
from wijkteam.initiatives.public_reads import (
    listed,
    public_contributions,
    public_listed_initiatives,
    public_place,
    public_point,
    public_story,
)

TAG = "Initiatieven"
DATETIME = serializers.DateTimeField()


def _moment(value):
    return DATETIME.to_representation(value) if value else None


def _initiatief(request, initiative: Initiative, supporters: int) -> dict:
    return {
        "nummer": initiative.reference,
        "titel": initiative.title,
        "fase": code_naam(initiative.stage, Stage(initiative.stage).label),
        "wijk": gebied(initiative.district) if initiative.district_id else None,
        "buurt": gebied(initiative.neighbourhood) if initiative.neighbourhood_id else None,
        "aantalSteunbetuigingen": supporters,
        "voorgesteldOp": _moment(initiative.confirmed_at),
        "url": request.build_absolute_uri(
            reverse("initiatives:detail", args=[initiative.reference])
        ),
    }


class InitiativeQuery(PageQuery):
    wijk = serializers.RegexField(r"^WK[0-9]{6}$", required=False)
    fase = serializers.ChoiceField(choices=Stage.values, required=False)


class InitiativesView(ReplicaReadsMixin, PublicView):
    query_class = InitiativeQuery
    operation_ids = {"GET": "initiatievenLijst"}

    @extend_schema(
        tags=[TAG],
        summary="Bewonersinitiatieven",
        description="De openbare bewonersinitiatieven, nieuwste eerst; zonder sleutel.",
        parameters=[InitiativeQuery],
        responses={200: page_schema("Initiatieven", "initiatieven", InitiatiefSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        initiatives = public_listed_initiatives()
        if query.get("wijk"):
            initiatives = initiatives.filter(district__code=query["wijk"])
        if query.get("fase"):
            initiatives = initiatives.filter(stage=query["fase"])
        return page_response(
            request,
            query,
            initiatives,
            "initiatieven",
            lambda rows: [
                _initiatief(request, initiative, listed(initiative).supporters)
                for initiative in rows
            ],
        )


class InitiativeView(PublicView):
    operation_ids = {"GET": "initiatiefLezen"}

    @extend_schema(
        tags=[TAG],
        summary="Eén bewonersinitiatief",
        description="Wat de openbare pagina van het initiatief laat zien; zonder sleutel.",
        responses={200: InitiatiefDetailSerializer},
    )
    def get(self, request, nummer: str):
        initiative = public_initiative(nummer)
        supporters, from_wijk = support_counts(initiative)
        data = _initiatief(request, initiative, supporters)
        name = initiative.initiator_name if initiative.show_name else ""
        cost = initiative.cost_estimate
        data |= {
            "omschrijving": initiative.description,
            "watBewonersZelfDoen": initiative.own_contribution,
            "geschatteKosten": float(cost) if cost is not None else None,
            "plek": public_place(initiative),
            "toelichtingPlek": initiative.location_note,
            "punt": punt(*(public_point(initiative) or (None, None))),
            "indiener": {
                "soort": code_naam(
                    initiative.initiator_kind, InitiatorKind(initiative.initiator_kind).label
                ),
                "naam": name or None,
            },
            "tekstAangepastDoorWijkteam": initiative.moderated_at is not None,
            "redenNietDoorgegaan": initiative.stop_reason
            if initiative.stage == Stage.STOPPED
            else "",
            "plan": initiative.plan,
            "bijdragen": [_bijdrage(c) for c in public_contributions(initiative)],
            "verhaal": [
                {"op": _moment(update.at), "titel": update.title, "tekst": update.text}
                for update in public_story(initiative)
            ],
            "steun": {"aantal": supporters, "uitDeWijk": from_wijk},
        }
        return Response(data)


def _bijdrage(contribution) -> dict:
    return {
        "organisatie": contribution.organisation.name if contribution.organisation else None,
        "omschrijving": contribution.description,
        "soort": code_naam(contribution.kind, ContributionKind(contribution.kind).label),
        "bedrag": float(contribution.amount) if contribution.amount is not None else None,
        "status": code_naam(contribution.status, ContributionStatus(contribution.status).label),
        "geleverdOp": contribution.delivered_on.isoformat() if contribution.delivered_on else None,
    }
