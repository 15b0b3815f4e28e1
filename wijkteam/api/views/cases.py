"""Cases (casussen): the list and one case through the same access functions as the case
pages (its details logged where the rule says so), and the response of the client's
organisation to the case's open triage proposal, through the triage's own service."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from wijkteam.api.idempotency import HEADER, idempotent
from wijkteam.api.problems import Conflict
from wijkteam.api.scopes import Scope
from wijkteam.api.serializers.cases import (
    CasusDetailSerializer,
    CasusSerializer,
    NieuweReactieSerializer,
    VoorstelSerializer,
    casus,
    casus_detail,
    voorstel,
)
from wijkteam.api.serializers.common import page_schema
from wijkteam.api.server import api_server_url
from wijkteam.api.views.base import ApiView, PageQuery, page_response
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import (
    case_for_user,
    case_rows_for_user,
    case_signals_for_user,
    cases_for_user,
    may_respond,
    may_work_cases,
)
from wijkteam.cases.models import CaseStatus, Proposal, ProposalStatus
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.core.replica import ReplicaReadsMixin
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Category

TAG = "Casussen"
ORDER = {
    "-geopendOp": ("-opened_at", "-id"),
    "geopendOp": ("opened_at", "id"),
    "reactieUiterlijk": ("due_at", "id"),
}


class CasusQuery(PageQuery):
    status = serializers.ChoiceField(choices=CaseStatus.values, required=False)
    categorie = serializers.SlugField(max_length=60, required=False)
    wijk = serializers.RegexField(r"^WK[0-9]{6}$", required=False)
    buurt = serializers.RegexField(r"^BU[0-9]{8}$", required=False)
    regie = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2_147_483_647,
        help_text="Alleen de casussen met deze organisatie (id) als eerste reactie.",
    )
    geopendVanaf = serializers.DateTimeField(required=False, help_text="ISO 8601.")
    sorteer = serializers.ChoiceField(choices=list(ORDER), required=False, default="-geopendOp")


def _filtered(cases, query: dict):
    slug = query.get("categorie")
    if slug:
        category = Category.objects.filter(slug=slug).only("pk", "parent_id").first()
        if category is None:
            return cases.none()
        field = "main_category_id" if category.parent_id is None else "category_id"
        cases = cases.filter(**{field: category.pk})
    for name, field in (
        ("status", "status"),
        ("wijk", "district__code"),
        ("buurt", "neighbourhood__code"),
        ("regie", "lead_id"),
        ("geopendVanaf", "opened_at__gte"),
    ):
        if query.get(name) is not None:
            cases = cases.filter(**{field: query[name]})
    return cases.order_by(*ORDER[query["sorteer"]])


def _proposal(case, *, open_only: bool = False) -> Proposal | None:
    """The case's current proposal (the latest that was not withdrawn), with its respondents
    and their responses, as the case's page shows it."""
    proposals = case.proposals.exclude(status=ProposalStatus.WITHDRAWN)
    if open_only:
        proposals = proposals.filter(status=ProposalStatus.OPEN)
    return (
        proposals.select_related("lead", "case__team")
        .prefetch_related(
            "involved", "respondents", "responses__organisation", "responses__counter_lead"
        )
        .first()
    )


class CasesView(ReplicaReadsMixin, ApiView):
    scopes = {"GET": Scope.CASES_READ}
    query_class = CasusQuery
    operation_ids = {"GET": "casussenLijst"}

    @extend_schema(
        tags=[TAG],
        summary="Casussen die u mag kennen",
        description=(
            "De casussen die de organisatie van de sleutel mag kennen, met hun status en "
            "eerste reactie. Nieuwste eerst; sorteer=reactieUiterlijk zet de kortste "
            "reactietermijn voorop."
        ),
        parameters=[CasusQuery],
        responses={200: page_schema("Casussen", "casussen", CasusSerializer())},
    )
    def get(self, request):
        query = self.read_query()
        cases = (
            without_boundaries(
                _filtered(cases_for_user(self.account), query).select_related(
                    "category__parent", "main_category", "district", "neighbourhood", "lead"
                )
            )
            .defer("summary", "reporter_message")
            .prefetch_related("involved")
        )
        return page_response(
            request,
            query,
            cases,
            "casussen",
            lambda rows: [
                casus(case, access) for case, access in case_rows_for_user(self.account, rows)
            ],
        )


class CaseView(ApiView):
    scopes = {"GET": Scope.CASES_READ}
    operation_ids = {"GET": "casusLezen"}

    @extend_schema(
        tags=[TAG],
        summary="Eén casus",
        description=(
            "Een casus die de organisatie van de sleutel mag kennen: status, eerste reactie, "
            "het voorstel met de reacties van de partners; het adres alleen als zij de inhoud "
            "mag zien. Wie de casus niet mag kennen, krijgt 404."
        ),
        responses={200: CasusDetailSerializer},
    )
    def get(self, request, nummer: str):
        case, access = case_for_user(self.account, nummer)
        signals = [signal.reference for signal, _a in case_signals_for_user(self.account, case)]
        return Response(casus_detail(case, access, signals=signals, proposal=_proposal(case)))


class CaseResponsesView(ApiView):
    scopes = {"POST": Scope.CASES_WRITE}
    operation_ids = {"POST": "voorstelBeantwoorden"}
    domain_fields = {"kind": "reactie", "reason": "reden", "counter_lead": "tegenvoorstel"}

    @extend_schema(
        tags=[TAG],
        summary="Reageren op het voorstel van een casus",
        description=(
            "De reactie van de organisatie van de sleutel op het open voorstel voor de eerste "
            "reactie: akkoord (agree), bezwaar (object, met reden) of tegenvoorstel (counter, "
            "met reden en organisatie). Een nieuwe reactie vervangt de vorige. Alleen een "
            "organisatie die gevraagd is te reageren, met een koppeling in het wijkteam."
        ),
        parameters=[
            OpenApiParameter(
                HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="Een eigen sleutel per reactie (1–255 tekens), 24 uur bewaard.",
            )
        ],
        request=NieuweReactieSerializer,
        responses={201: VoorstelSerializer},
    )
    def post(self, request, nummer: str):
        case, _access = case_for_user(self.account, nummer)
        if not may_work_cases(self.account):
            raise PermissionDenied(_("Deze koppeling mag alleen lezen."))
        return idempotent(request, request.auth, lambda: self._respond(request, case))

    def _respond(self, request, case) -> tuple[int, dict, str]:
        proposal = _proposal(case, open_only=True)
        if proposal is None:
            raise Conflict(_("Er staat voor deze casus geen voorstel open."))
        if not may_respond(self.account, proposal):
            raise PermissionDenied(
                _("Uw organisatie is niet gevraagd op dit voorstel te reageren.")
            )
        form = NieuweReactieSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        counter = None
        if data.get("tegenvoorstel"):
            counter = Organisation.objects.filter(pk=data["tegenvoorstel"]).first()
            if counter is None:
                raise serializers.ValidationError(
                    {"tegenvoorstel": [_("Deze organisatie bestaat niet.")]}
                )
        proposal_respond(
            actor=self.account,
            proposal=proposal,
            kind=data["reactie"],
            reason=data.get("reden", ""),
            counter_lead=counter,
        )
        answered = _proposal(case)
        return 201, voorstel(answered), f"{api_server_url()}/casussen/{case.reference}"
