"""The partners respond to a proposal; once all have answered, the outcome follows at once.
The chair records the decision of the wijkteamoverleg."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_chair
from wijkteam.cases.fanout import notify_later
from wijkteam.cases.guards import forbidden, require_worker
from wijkteam.cases.models import (
    RESPONSES_FOR_MODE,
    Case,
    CaseEventKind,
    CaseStatus,
    LeadBasis,
    Proposal,
    ProposalMode,
    ProposalResponse,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.steps import (
    case_event,
    case_link,
    case_transition,
    require_team_partner,
)
from wijkteam.cases.triage.lead import OBJECTIONS, involved_part, lead_text, set_lead
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import SYSTEM, Actor
from wijkteam.partners.models import Organisation, TeamMember


def proposal_respond(
    *,
    actor: Actor,
    proposal: Proposal,
    kind: str,
    reason: str = "",
    counter_lead: Organisation | None = None,
    at: datetime | None = None,
) -> ProposalResponse:
    """Record the response of the actor's organisation (replacing its earlier one): a member
    of the wijkteam who may work cases, from an organisation asked to respond, while the
    proposal is open."""
    at = at or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update(of=("self", "case"))
            .select_related("case__team")
            .get(pk=proposal.pk)
        )
        case = proposal.case
        if proposal.status != ProposalStatus.OPEN:
            raise DomainError(_("Op dit voorstel kan niet meer gereageerd worden."))
        if kind not in RESPONSES_FOR_MODE[proposal.mode]:
            raise DomainError(_("Kies een reactie."), field="kind")
        user = require_worker(actor)
        organisation = user.organisation
        if not proposal.respondents.filter(pk=organisation.pk).exists():
            raise forbidden(_("Uw organisatie is niet gevraagd te reageren."))
        if not TeamMember.objects.filter(user=user, team_id=case.team_id).exists():
            raise forbidden(_("Alleen leden van het wijkteam reageren namens hun organisatie."))
        if kind in (ResponseKind.OBJECT, ResponseKind.COUNTER, ResponseKind.REMARK) and not reason:
            raise DomainError(_("Geef een reden op."), field="reason")
        if kind == ResponseKind.COUNTER:
            require_team_partner(case, counter_lead, field="counter_lead")
            if counter_lead.pk == proposal.lead_id:
                raise DomainError(
                    _("Een tegenvoorstel noemt een andere partner dan het voorstel."),
                    field="counter_lead",
                )
        else:
            counter_lead = None
        earlier = ProposalResponse.objects.filter(
            proposal=proposal, organisation=organisation
        ).first()
        response, _created = ProposalResponse.objects.update_or_create(
            proposal=proposal,
            organisation=organisation,
            defaults={
                "kind": kind,
                "reason": reason,
                "counter_lead": counter_lead,
                "responded_by": actor,
                "responded_at": at,
            },
        )
        with in_default_language():
            label = ResponseKind(kind).label
            if kind == ResponseKind.COUNTER:
                label = Message(gettext_noop("tegenvoorstel: %(lead)s"), lead=counter_lead.name)
            if earlier is not None:
                text = Message(
                    gettext_noop(
                        "%(organisation)s wijzigt de reactie van '%(before)s' in '%(after)s'."
                    ),
                    organisation=organisation.name,
                    before=ResponseKind(earlier.kind).label,
                    after=label,
                )
            else:
                text = Message(
                    gettext_noop("%(organisation)s: %(after)s."),
                    organisation=organisation.name,
                    after=label,
                )
            if reason:
                text = Message(gettext_noop("%(line)s Reden: %(reason)s"), line=text, reason=reason)
            case_event(case, actor, CaseEventKind.RESPONDED, text, at=at)
        audit_record(
            actor=actor,
            action="respond",
            instance=case,
            changes={
                "proposal": proposal.pk,
                "organisation": organisation.pk,
                "kind": [earlier.kind if earlier else None, kind],
            },
        )
        # Once every organisation asked has answered, the outcome is known: waiting for the
        # deadline would only delay it. The proposal row is locked above: of two partners
        # answering at the same moment, the second waits for the first, then sees its answer,
        # so exactly one of them concludes.
        if proposal.mode == ProposalMode.CONSULT and not silent_respondents(proposal):
            proposal_conclude(proposal, silent=[], at=at, at_deadline=False)
    return response


def silent_respondents(proposal: Proposal) -> list[Organisation]:
    """The organisations asked to respond that have not (the deadline counts them as consent)."""
    answered = set(proposal.responses.values_list("organisation_id", flat=True))
    return [
        organisation
        for organisation in proposal.respondents.order_by("name")
        if organisation.pk not in answered
    ]


def proposal_conclude(
    proposal: Proposal, *, silent: list[Organisation], at: datetime, at_deadline: bool
) -> str:
    """Decide a consultation in which every respondent has answered, ``silent`` ones by their
    silence at the deadline: an objection or counter-proposal still standing sends the case to
    the wijkteamoverleg (its chair is told), otherwise the proposed lead is agreed. The one
    place this decision is made, for the last response and for the deadline alike; the caller
    holds the proposal's lock."""
    case = proposal.case
    objections = list(
        proposal.responses.filter(kind__in=OBJECTIONS)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if not objections:
        _agree(proposal, basis=LeadBasis.SILENCE if silent else LeadBasis.AGREED, at=at)
        return "agreed"
    proposal.status = ProposalStatus.ESCALATED
    proposal.resolved_at = at
    proposal.save(update_fields=["status", "resolved_at"])
    case_transition(case, CaseStatus.ESCALATED)
    case.save(update_fields=["status"])
    with in_default_language():
        names = ", ".join(response.organisation.name for response in objections)
        if at_deadline:
            text = gettext_noop(
                "Bezwaar of tegenvoorstel van %(names)s niet opgelost binnen de termijn: "
                "te bespreken in het wijkteamoverleg."
            )
        else:
            text = gettext_noop(
                "Alle partners hebben gereageerd. Bezwaar of tegenvoorstel van %(names)s: "
                "te bespreken in het wijkteamoverleg."
            )
        case_event(case, SYSTEM, CaseEventKind.ESCALATED, Message(text, names=names), at=at)
        subject = _("Te bespreken in het wijkteamoverleg: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    audit_record(actor=SYSTEM, action="escalate", instance=case, changes={"proposal": proposal.pk})
    notify_later(team_id=case.team_id, chairs=True, subject=subject, link=case_link(case))
    return "escalated"


def _agree(proposal: Proposal, *, basis: str, at: datetime) -> None:
    proposal.status = ProposalStatus.AGREED
    proposal.resolved_at = at
    proposal.save(update_fields=["status", "resolved_at"])
    with in_default_language():
        text = lead_text(
            gettext_noop("Alle partners akkoord: %(lead)s is eerste reactie.")
            if basis == LeadBasis.AGREED
            else gettext_noop("Termijn verstreken zonder bezwaar: %(lead)s is eerste reactie."),
            proposal.lead,
        )
    set_lead(
        actor=SYSTEM,
        case=proposal.case,
        lead=proposal.lead,
        involved=list(proposal.involved.all()),
        basis=basis,
        at=at,
        text=text,
    )


def case_decide(
    *,
    actor: Actor,
    case: Case,
    lead: Organisation,
    involved: Iterable[Organisation] = (),
    reasoning: str,
    at: datetime | None = None,
) -> Case:
    """The wijkteamoverleg's decision, recorded by its chair, with the reasoning, while the
    case's first responder is still open (in consultation or on the overleg's list)."""
    at = at or timezone.now()
    reasoning = reasoning.strip()
    if not reasoning:
        raise DomainError(_("Schrijf op waarom het overleg zo besluit."), field="reasoning")
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("team", "category")
            .get(pk=case.pk)
        )
        if case.status not in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED):
            raise DomainError(_("Over de eerste reactie van deze casus is al besloten."))
        if not may_chair(require_worker(actor), case.team):
            raise forbidden(
                _("Alleen de voorzitter van het wijkteamoverleg legt het besluit vast.")
            )
        require_team_partner(case, lead)
        involved = [o for o in involved if o.pk != lead.pk]
        Proposal.objects.filter(
            case=case, status__in=(ProposalStatus.OPEN, ProposalStatus.ESCALATED)
        ).update(status=ProposalStatus.DECIDED, resolved_at=at)
        with in_default_language():
            text = Message(
                gettext_noop(
                    "Besluit wijkteamoverleg: %(lead)s is eerste reactie%(involved)s. "
                    "Onderbouwing: %(reasoning)s"
                ),
                lead=lead.name,
                involved=involved_part(involved),
                reasoning=reasoning,
            )
        set_lead(
            actor=actor,
            case=case,
            lead=lead,
            involved=involved,
            basis=LeadBasis.MEETING,
            at=at,
            text=text,
            event_kind=CaseEventKind.DECIDED,
        )
        audit_record(actor=actor, action="decide", instance=case, changes={"reasoning": reasoning})
    return case
