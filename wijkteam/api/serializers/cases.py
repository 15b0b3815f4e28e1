"""Cases (casussen) as the API shows them: that one exists with its status, first responder and
the summary for the partners to whoever may know it, its address only to who may see its
details (DESIGN §6: the reporters never, they stay on the signals); the triage proposal with
the partners' responses, as the case's page shows them; and a response to that proposal."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from wijkteam.api.serializers.common import (
    AdresSerializer,
    CodeNaamSerializer,
    GebiedSerializer,
    OrganisatieSerializer,
    adres,
    code_naam,
    gebied,
    organisatie,
)
from wijkteam.cases.models import (
    Case,
    CaseStatus,
    LeadBasis,
    Outcome,
    Proposal,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.visibility import CaseAccess
from wijkteam.signals.models import Sensitivity

DATETIME = serializers.DateTimeField()


def _moment(value):
    return DATETIME.to_representation(value) if value else None


def _organisaties(organisations) -> list[dict]:
    return [organisatie(o) for o in sorted(organisations, key=lambda o: o.name)]


class CasusSerializer(serializers.Serializer):
    nummer = serializers.CharField()
    categorie = CodeNaamSerializer()
    hoofdcategorie = CodeNaamSerializer()
    status = CodeNaamSerializer()
    vertrouwelijkheid = CodeNaamSerializer()
    spoed = serializers.BooleanField()
    wijk = GebiedSerializer()
    buurt = GebiedSerializer(allow_null=True)
    regie = OrganisatieSerializer(
        allow_null=True, help_text="De eerste reactie (regie), zodra afgesproken."
    )
    regieAfgesprokenAls = CodeNaamSerializer(allow_null=True)
    betrokken = OrganisatieSerializer(many=True)
    geopendOp = serializers.DateTimeField()
    afgesprokenOp = serializers.DateTimeField(allow_null=True)
    reactieUiterlijk = serializers.DateTimeField(allow_null=True)
    afgehandeldOp = serializers.DateTimeField(allow_null=True)
    geslotenOp = serializers.DateTimeField(allow_null=True)
    inhoudZichtbaar = serializers.BooleanField()


class ReactieSerializer(serializers.Serializer):
    organisatie = OrganisatieSerializer()
    reactie = CodeNaamSerializer(allow_null=True, help_text="null: nog geen reactie.")
    reden = serializers.CharField(allow_blank=True)
    tegenvoorstel = OrganisatieSerializer(allow_null=True)
    gereageerdOp = serializers.DateTimeField(allow_null=True)


class VoorstelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = CodeNaamSerializer()
    regie = OrganisatieSerializer()
    betrokken = OrganisatieSerializer(many=True)
    redenen = serializers.ListField(child=serializers.CharField())
    reagerenUiterlijk = serializers.DateTimeField()
    reacties = ReactieSerializer(many=True)


class CasusDetailSerializer(CasusSerializer):
    samenvatting = serializers.CharField(
        allow_blank=True, help_text="Wat de bronorganisatie de partners laat weten."
    )
    adres = AdresSerializer(allow_null=True, help_text="Alleen als u de inhoud mag zien.")
    uitkomst = CodeNaamSerializer(allow_null=True)
    meldingen = serializers.ListField(
        child=serializers.CharField(), help_text="De nummers van de meldingen die u mag kennen."
    )
    voorstel = VoorstelSerializer(allow_null=True, help_text="Het lopende of laatste voorstel.")


def casus(case: Case, access: CaseAccess) -> dict:
    category = case.category
    return {
        "nummer": case.reference,
        "categorie": code_naam(category.slug, category.display_name),
        "hoofdcategorie": code_naam(category.parent.slug, category.parent.display_name),
        "status": code_naam(case.status, CaseStatus(case.status).label),
        "vertrouwelijkheid": code_naam(case.sensitivity, Sensitivity(case.sensitivity).label),
        "spoed": case.is_urgent,
        "wijk": gebied(case.district),
        "buurt": gebied(case.neighbourhood) if case.neighbourhood_id else None,
        "regie": organisatie(case.lead),
        "regieAfgesprokenAls": code_naam(case.lead_basis, LeadBasis(case.lead_basis).label)
        if case.lead_basis
        else None,
        "betrokken": _organisaties(case.involved.all()),
        "geopendOp": _moment(case.opened_at),
        "afgesprokenOp": _moment(case.decided_at),
        "reactieUiterlijk": _moment(case.due_at),
        "afgehandeldOp": _moment(case.resolved_at),
        "geslotenOp": _moment(case.closed_at),
        "inhoudZichtbaar": access.details,
    }


def casus_detail(
    case: Case, access: CaseAccess, *, signals: list[str], proposal: Proposal | None
) -> dict:
    data = casus(case, access)
    data["samenvatting"] = case.summary
    data["adres"] = adres(case, city=False) if access.details else None
    data["uitkomst"] = (
        code_naam(case.outcome, Outcome(case.outcome).label)
        if case.outcome and access.details
        else None
    )
    data["meldingen"] = signals
    data["voorstel"] = voorstel(proposal) if proposal is not None else None
    return data


def voorstel(proposal: Proposal) -> dict:
    answers = {response.organisation_id: response for response in proposal.responses.all()}
    reacties = []
    for organisation in sorted(proposal.respondents.all(), key=lambda o: o.name):
        answer = answers.get(organisation.pk)
        reacties.append(
            {
                "organisatie": organisatie(organisation),
                "reactie": code_naam(answer.kind, ResponseKind(answer.kind).label)
                if answer
                else None,
                "reden": answer.reason if answer else "",
                "tegenvoorstel": organisatie(answer.counter_lead) if answer else None,
                "gereageerdOp": _moment(answer.responded_at) if answer else None,
            }
        )
    return {
        "id": proposal.pk,
        "status": code_naam(proposal.status, ProposalStatus(proposal.status).label),
        "regie": organisatie(proposal.lead),
        "betrokken": [
            organisatie(o) for o in sorted(proposal.involved.all(), key=lambda o: o.name)
        ],
        "redenen": [str(reason) for reason in proposal.display_reasons],
        "reagerenUiterlijk": _moment(proposal.deadline),
        "reacties": reacties,
    }


class NieuweReactieSerializer(serializers.Serializer):
    """The response of the client's organisation to the case's open proposal."""

    reactie = serializers.ChoiceField(
        choices=[
            (ResponseKind.AGREE.value, "akkoord"),
            (ResponseKind.OBJECT.value, "bezwaar"),
            (ResponseKind.COUNTER.value, "tegenvoorstel"),
            (ResponseKind.NOTED.value, "kennisgenomen (spoed)"),
            (ResponseKind.REMARK.value, "opmerking (spoed)"),
        ],
        help_text="agree, object of counter (bij spoed: noted of remark).",
    )
    reden = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Verplicht bij bezwaar, tegenvoorstel en opmerking.",
    )
    tegenvoorstel = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2_147_483_647,
        help_text="Bij een tegenvoorstel: het id van de organisatie die eerste reactie wordt.",
    )

    def validate(self, data: dict) -> dict:
        if data["reactie"] == ResponseKind.COUNTER and not data.get("tegenvoorstel"):
            raise serializers.ValidationError(
                {"tegenvoorstel": [_("Noem bij een tegenvoorstel de organisatie.")]}
            )
        return data
