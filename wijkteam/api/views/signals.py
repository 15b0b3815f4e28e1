"""Signals (meldingen): the list and one signal, through the same access functions as the
inbox and the signal's page (what the caller may see of each, logged where the rule says so);
and a new signal from a partner system, through the one intake every door uses, with the
client's organisation receiving it."""

from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wijkteam.api.idempotency import HEADER, idempotent
from wijkteam.api.problems import Conflict
from wijkteam.api.scopes import Scope
from wijkteam.api.serializers.common import page_schema
from wijkteam.api.serializers.signals import (
    MeldingDetailSerializer,
    MeldingSerializer,
    NieuweMeldingSerializer,
    melders,
    melding,
)
from wijkteam.api.server import api_server_url
from wijkteam.api.views.base import ApiView, PageQuery, page_response
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import case_reference_of_signal
from wijkteam.core.replica import ReplicaReadsMixin
from wijkteam.intake.services import signal_intake
from wijkteam.signals.access import (
    may_register_signals,
    signal_for_user,
    signal_rows_for_user,
    signals_for_user,
)
from wijkteam.signals.categories import door_categories
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import Category, Channel, PublicStatus, Signal
from wijkteam.signals.pdok import default_client
from wijkteam.signals.registration import require_may_register
from wijkteam.signals.services import ReporterInput
from wijkteam.signals.visibility import SignalAccess

TAG = "Meldingen"


class MeldingQuery(PageQuery):
    status = serializers.ChoiceField(choices=PublicStatus.values, required=False)
    categorie = serializers.SlugField(
        max_length=60, required=False, help_text="Een hoofd- of subcategorie (code)."
    )
    wijk = serializers.RegexField(r"^WK[0-9]{6}$", required=False)
    buurt = serializers.RegexField(r"^BU[0-9]{8}$", required=False)
    kanaal = serializers.ChoiceField(choices=Channel.values, required=False)
    ontvangenVanaf = serializers.DateTimeField(required=False, help_text="ISO 8601.")
    ontvangenTot = serializers.DateTimeField(required=False, help_text="ISO 8601.")
    sorteer = serializers.ChoiceField(
        choices=["-ontvangenOp", "ontvangenOp"], required=False, default="-ontvangenOp"
    )


def _filtered(signals, query: dict):
    slug = query.get("categorie")
    if slug:
        category = Category.objects.filter(slug=slug).only("pk", "parent_id").first()
        if category is None:
            return signals.none()
        if category.parent_id is None:
            signals = signals.filter(main_category_id=category.pk)
        else:
            signals = signals.filter(category_id=category.pk)
    for name, field in (
        ("status", "status"),
        ("wijk", "district__code"),
        ("buurt", "neighbourhood__code"),
        ("kanaal", "channel"),
        ("ontvangenVanaf", "created_at__gte"),
        ("ontvangenTot", "created_at__lt"),
    ):
        if query.get(name) is not None:
            signals = signals.filter(**{field: query[name]})
    order = ("created_at", "id") if query["sorteer"] == "ontvangenOp" else ("-created_at", "-id")
    return signals.order_by(*order)


def _detail(account, signal: Signal, access: SignalAccess | None) -> dict:
    data = melding(signal, access)
    data["casus"] = case_reference_of_signal(account, signal)
    reporter = access is not None and access.reporter
    data["melders"] = melders(signal.reporters.order_by("created_at", "id")) if reporter else None
    return data


class SignalsView(ReplicaReadsMixin, ApiView):
    query_class = MeldingQuery
    scopes = {"GET": Scope.SIGNALS_READ, "POST": Scope.SIGNALS_WRITE}
    operation_ids = {"GET": "meldingenLijst", "POST": "meldingDoen"}
    domain_fields = {
        "category": "categorie",
        "location": "adres",
        "postcode": "adres.postcode",
        "house_number": "adres.huisnummer",
        "street": "adres.straat",
        "occurred_at": "tijdstipVoorval",
        "receiving_organisation": "categorie",
        "channel": "kanaal",
    }

    @extend_schema(
        tags=[TAG],
        summary="Meldingen die u mag kennen",
        description=(
            "De meldingen die de organisatie van de sleutel mag kennen, gefilterd zoals de "
            "inbox; de inhoud alleen waar zij die mag zien. Nieuwste eerst, of oudste eerst "
            "met sorteer=ontvangenOp. Bladeren tot 10.000 rijen; verfijn daarna de filters."
        ),
        parameters=[MeldingQuery],
        responses={200: page_schema("Meldingen", "meldingen", MeldingSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        signals = without_boundaries(
            _filtered(signals_for_user(self.account), query).select_related(
                "category__parent",
                "district",
                "neighbourhood",
                "receiving_organisation",
                "arrears",
            )
        )
        return page_response(
            request,
            query,
            signals,
            "meldingen",
            lambda rows: [
                melding(signal, access)
                for signal, access in signal_rows_for_user(self.account, rows)
            ],
        )

    @extend_schema(
        tags=[TAG],
        summary="Een melding doen",
        description=(
            "Een melding uit het systeem van een partner, met de organisatie van de sleutel "
            "als ontvanger (kanaal 'api'). Ze gaat door dezelfde intake als elk formulier: "
            "plek, casus en triage. Met de header Idempotency-Key geeft een herhaling "
            "hetzelfde antwoord en komt er nooit een tweede melding."
        ),
        parameters=[
            OpenApiParameter(
                HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Een eigen sleutel per nieuwe melding (1–255 tekens), 24 uur bewaard.",
            )
        ],
        request=NieuweMeldingSerializer,
        responses={201: MeldingDetailSerializer},
    )
    def post(self, request):
        account = self.account
        if not may_register_signals(account):
            raise PermissionDenied(_("Deze koppeling mag alleen lezen."))
        return idempotent(request, request.auth, lambda: self._create(request))

    def _create(self, request) -> tuple[int, dict, str]:
        form = NieuweMeldingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        category = {c.slug: c for c in door_categories(for_residents=False).values()}.get(
            data["categorie"]
        )
        if category is None:
            raise serializers.ValidationError(
                {"categorie": [_("Kies een subcategorie die via de API te melden is.")]}
            )
        account, organisation = self.account, request.auth.organisation
        require_may_register(
            actor=account,
            channel=Channel.API,
            receiving_organisation=organisation,
            category=category,
        )
        external = data.get("externeReferentie", "").strip()
        duplicate = Conflict(_("Uw organisatie heeft al een melding met deze externe referentie."))
        if (
            external
            and Signal.objects.filter(
                receiving_organisation=organisation, external_reference=external
            ).exists()
        ):
            raise duplicate
        # Found before the transaction: the address service is not asked while it is open.
        location = location_resolve(given=_location(data), client=default_client())
        try:
            created = signal_intake(
                actor=account,
                channel=Channel.API,
                category=category,
                description=data["omschrijving"],
                location=location,
                occurred_at=data.get("tijdstipVoorval"),
                reporter=_reporter(data.get("melder")),
                is_tenant=data.get("huurder"),
                is_urgent=data.get("spoed", False),
                receiving_organisation=organisation,
                external_reference=external,
            )
        except IntegrityError:
            raise duplicate from None
        try:
            # Read back as any read of a signal: what the client may see of it, logged.
            signal, access = signal_for_user(account, created.signal.reference)
        except Http404:
            # Its wijk is none of the client's teams: it sees only what it sent, that it exists.
            signal, access = _loaded(created.signal.pk), None
        body = _detail(account, signal, access)
        return 201, body, f"{api_server_url()}/meldingen/{signal.reference}"


def _loaded(pk: int) -> Signal:
    return without_boundaries(
        Signal.objects.select_related(
            "category__parent", "district", "neighbourhood", "receiving_organisation"
        )
    ).get(pk=pk)


def _location(data: dict) -> LocationInput:
    where, point = data.get("adres") or {}, data.get("punt")
    longitude, latitude = point["coordinates"] if point else (None, None)
    return LocationInput(
        latitude=latitude,
        longitude=longitude,
        postcode=where.get("postcode", "").strip(),
        house_number=where.get("huisnummer"),
        house_number_addition=where.get("toevoeging", "").strip(),
        street=where.get("straat", "").strip(),
        note=data.get("toelichtingPlek", "").strip(),
    )


def _reporter(given: dict | None) -> ReporterInput | None:
    if not given:
        return None
    if not (given.get("naam") or given.get("email") or given.get("telefoon")) and not given.get(
        "anoniem"
    ):
        return None
    return ReporterInput(
        name=given.get("naam", ""),
        email=given.get("email", ""),
        phone=given.get("telefoon", ""),
        is_anonymous=bool(given.get("anoniem")),
    )


class SignalView(ApiView):
    scopes = {"GET": Scope.SIGNALS_READ}
    operation_ids = {"GET": "meldingLezen"}

    @extend_schema(
        tags=[TAG],
        summary="Eén melding",
        description=(
            "Een melding die de organisatie van de sleutel mag kennen; de inhoud en de "
            "melders alleen als zij die mag zien. Een melding die zij niet mag kennen bestaat "
            "voor haar niet (404)."
        ),
        responses={200: MeldingDetailSerializer},
    )
    def get(self, request, nummer: str):
        signal, access = signal_for_user(self.account, nummer)
        return Response(_detail(self.account, signal, access))
