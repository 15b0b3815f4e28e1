"""Triage in consultation: the partners agree who responds first (DESIGN §4 step 3).

A new case gets a proposal (lead and involved partners, with reasons). The team's core partners,
the proposed lead and the involved partners each respond for their organisation: akkoord,
bezwaar (with a reason) or tegenvoorstel (another lead, with a reason). One response per
organisation counts; a change replaces it and stays in the timeline.
- once every organisation asked has answered, the outcome is known at once: all akkoord → the
  lead is set and told and the case moves to handling; an objection or counter-proposal still
  standing → the list 'te bespreken in het wijkteamoverleg', where the chair records the
  decision (the chair is told);
- at the deadline (the team's working days; weekends and Dutch public holidays do not count),
  silence counts as consent for those who did not answer, and the same decision follows;
- urgent (acute categories, or a case marked urgent): the police lead at once; the other
  partners are informed and may add a remark within the team's urgent term.
Confidential cases (arrears) are never put to the team: their source organisation leads.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import chairs_to_notify
from wijkteam.cases.models import (
    RESPONSES_FOR_MODE,
    TRANSITIONS,
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
from wijkteam.cases.services import (
    case_event,
    case_link,
    case_notify,
    case_refresh_shares,
    case_signals_follow,
    case_transition,
    require_team_partner,
)
from wijkteam.cases.suggestion import suggest_lead
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Joined, Message
from wijkteam.core.workdays import add_working_days
from wijkteam.notifications.services import notify_users
from wijkteam.partners.models import Organisation, OrganisationKind, TeamMember, TeamPartner
from wijkteam.signals.models import Sensitivity
from wijkteam.signals.services import in_default_language

OBJECTIONS = (ResponseKind.OBJECT, ResponseKind.COUNTER)


def _core_partner_ids(case: Case) -> set[int]:
    return set(
        TeamPartner.objects.filter(
            team_id=case.team_id, is_core=True, organisation__is_active=True
        ).values_list("organisation_id", flat=True)
    )


def _schedule_deadline(proposal: Proposal) -> None:
    from wijkteam.cases.tasks import proposal_deadline

    transaction.on_commit(
        lambda: proposal_deadline.using(run_after=proposal.deadline).enqueue(proposal.pk)
    )


def _withdraw_open(case: Case, at: datetime) -> None:
    Proposal.objects.filter(case=case, status=ProposalStatus.OPEN).update(
        status=ProposalStatus.WITHDRAWN, resolved_at=at
    )


def triage_start(*, actor: Any, case: Case, at: datetime | None = None) -> None:
    """Start the triage of a new case: confidential → its source leads; urgent → the police
    lead at once; otherwise a proposal goes to the partners."""
    at = at or timezone.now()
    if case.sensitivity == Sensitivity.CONFIDENTIAL:
        with in_default_language():
            text = _lead_text(
                gettext_noop(
                    "Vertrouwelijke casus: %(lead)s (bron) is eerste reactie; de casus wordt "
                    "niet aan het wijkteam voorgelegd."
                ),
                case.source_organisation,
            )
        _set_lead(
            actor=actor,
            case=case,
            lead=case.source_organisation,
            involved=[],
            basis=LeadBasis.CONFIDENTIAL,
            at=at,
            text=text,
        )
        return
    if case.is_urgent:
        if _police_of(case) is None:
            _escalate_without_partner(
                case, at, gettext_noop("Spoed, maar dit wijkteam heeft geen politie als partner.")
            )
            return
        triage_urgent(actor=actor, case=case, at=at)
        return
    with in_default_language():
        suggestion = suggest_lead(case, at=at)
    if suggestion.lead is None:
        _escalate_without_partner(case, at, gettext_noop("Er is geen partner voor een voorstel."))
        return
    proposal_create(
        actor=None,
        case=case,
        lead=suggestion.lead,
        involved=suggestion.involved,
        reasons=suggestion.messages,
        at=at,
    )


def _escalate_without_partner(case: Case, at: datetime, why: str) -> None:
    """No partner to propose (or no police for an urgent case): the signal is kept and the
    case goes straight to the wijkteamoverleg's list, with the chair told at once. A case
    whose lead is already agreed keeps it; the chair is told all the same. ``why`` is a
    catalogue string (``gettext_noop``): the timeline shows it in the reader's language."""
    if CaseStatus.ESCALATED in TRANSITIONS[case.status]:
        case_transition(case, CaseStatus.ESCALATED)
        case.save(update_fields=["status"])
    with in_default_language():
        case_event(
            case,
            None,
            CaseEventKind.ESCALATED,
            Message(gettext_noop("%(why)s Te bespreken in het wijkteamoverleg."), why=Message(why)),
            at=at,
        )
        subject = _("Te bespreken in het wijkteamoverleg: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    audit_record(actor=None, action="escalate", instance=case, changes={"why": why})
    notify_users(users=chairs_to_notify(case.team_id), subject=subject, link=case_link(case))


def proposal_create(
    *,
    actor: Any,
    case: Case,
    lead: Organisation,
    involved: Iterable[Organisation] = (),
    reasons: list[Message],
    mode: str = ProposalMode.CONSULT,
    at: datetime | None = None,
) -> Proposal:
    """Put a proposal to the partners (replacing an open one) with its deadline; the deadline
    is handled by the background worker."""
    at = at or timezone.now()
    involved = [organisation for organisation in involved if organisation.pk != lead.pk]
    team = case.team
    if mode == ProposalMode.INFORM:
        deadline = at + timedelta(hours=team.urgent_response_hours)
        respondents = _core_partner_ids(case) - {lead.pk}
    else:
        deadline = add_working_days(at, team.response_working_days)
        respondents = _core_partner_ids(case) | {lead.pk} | {o.pk for o in involved}
    with transaction.atomic():
        _withdraw_open(case, at)
        proposal = Proposal.objects.create(
            case=case,
            mode=mode,
            lead=lead,
            reasons=[reason.dutch() for reason in reasons],
            reason_messages=[reason.as_data() for reason in reasons],
            deadline=deadline,
            created_at=at,
            created_by=actor,
        )
        proposal.involved.set(involved)
        proposal.respondents.set(respondents)
        with in_default_language():
            if mode == ProposalMode.CONSULT:
                text = gettext_noop(
                    "Voorstel: %(lead)s eerste reactie%(involved)s. %(reasons)s Reageren "
                    "kan tot %(deadline)s."
                )
            else:
                text = gettext_noop(
                    "%(lead)s is direct eerste reactie (spoed)%(involved)s. %(reasons)s "
                    "Opmerkingen kunnen tot %(deadline)s."
                )
            case_event(
                case,
                actor,
                CaseEventKind.PROPOSED,
                Message(
                    text,
                    lead=lead.name,
                    involved=_involved_part(involved),
                    reasons=Joined(reasons, " "),
                    deadline=deadline,
                ),
                at=at,
            )
            if mode == ProposalMode.CONSULT:
                subject = _("Uw reactie gevraagd: %(case)s (%(category)s, %(buurt)s)")
            else:
                subject = _("Spoed, ter informatie: %(case)s (%(category)s, %(buurt)s)")
            subject %= {
                "case": case.reference,
                "category": case.category.display_name,
                "buurt": case.neighbourhood.name if case.neighbourhood else case.district.name,
            }
        audit_record(
            actor=actor,
            action="propose",
            instance=case,
            changes={
                "lead": lead.pk,
                "involved": [o.pk for o in involved],
                "mode": mode,
                "deadline": deadline.isoformat(),
            },
        )
        case_notify(case, respondents, subject, " ".join(reason.dutch() for reason in reasons))
        _schedule_deadline(proposal)
    return proposal


def _lead_text(template: str, lead: Organisation | None) -> Message:
    """A timeline line naming the lead; ``template`` is a catalogue string (``gettext_noop``)."""
    return Message(template, lead=lead.name if lead else "-")


def _involved_part(involved: list[Organisation]) -> Message | str:
    if not involved:
        return ""
    names = ", ".join(organisation.name for organisation in involved)
    return Message(gettext_noop(", betrokken: %(names)s"), names=names)


def _police_of(case: Case) -> Organisation | None:
    partner = (
        TeamPartner.objects.filter(
            team_id=case.team_id,
            organisation__kind=OrganisationKind.POLITIE,
            organisation__is_active=True,
        )
        .select_related("organisation")
        .order_by("-is_core")
        .first()
    )
    return partner.organisation if partner else None


def triage_urgent(*, actor: Any, case: Case, at: datetime | None = None) -> None:
    """The urgent path: the police lead at once, the other partners are informed. Never for a
    confidential case: the lead sees its data, and those stay with its source (DESIGN §6:
    arrears never go to the police)."""
    if case.sensitivity == Sensitivity.CONFIDENTIAL:
        raise DomainError(
            _(
                "Een vertrouwelijke casus gaat niet met spoed naar de politie: de gegevens "
                "blijven bij de bronorganisatie. Bij direct gevaar: bel 112."
            )
        )
    at = at or timezone.now()
    police = _police_of(case)
    if police is None:
        raise DomainError(_("Dit wijkteam heeft geen politie als partner voor spoed."))
    with transaction.atomic():
        if not case.is_urgent:
            case.is_urgent = True
            case.save(update_fields=["is_urgent"])
            audit_record(
                actor=actor, action="urgent", instance=case, changes={"is_urgent": [False, True]}
            )
        with in_default_language():
            text = _lead_text(gettext_noop("Spoed: %(lead)s is direct eerste reactie."), police)
            reasons = [Message(gettext_noop("Spoed: acute situatie of als spoed gemarkeerd."))]
        _set_lead(
            actor=actor,
            case=case,
            lead=police,
            involved=list(case.involved.all()),
            basis=LeadBasis.URGENT,
            at=at,
            text=text,
            event_kind=CaseEventKind.URGENT,
        )
        proposal_create(
            actor=actor,
            case=case,
            lead=police,
            involved=list(case.involved.all()),
            reasons=reasons,
            mode=ProposalMode.INFORM,
            at=at,
        )


def triage_urgent_or_escalate(*, actor: Any, case: Case, at: datetime) -> None:
    """An urgent signal joined a case: the urgent path, or straight to the overleg when the
    team has no police partner (a report is never refused for that). A confidential case stays
    with its source, as when it started (``triage_start``)."""
    if case.sensitivity == Sensitivity.CONFIDENTIAL:
        return
    if _police_of(case) is None:
        if case.status != CaseStatus.ESCALATED:
            _escalate_without_partner(
                case, at, gettext_noop("Spoed, maar dit wijkteam heeft geen politie als partner.")
            )
        return
    triage_urgent(actor=actor, case=case, at=at)


def _set_lead(
    *,
    actor: Any,
    case: Case,
    lead: Organisation | None,
    involved: list[Organisation],
    basis: str,
    at: datetime,
    text: Message,
    event_kind: str = CaseEventKind.AGREED,
) -> None:
    """Record the lead, move the case to handling, share the signals and tell the lead.
    ``text`` is the timeline line."""
    case_transition(case, CaseStatus.HANDLING)
    case.lead = lead
    case.lead_basis = basis
    case.decided_at = at
    case.save(update_fields=["status", "lead", "lead_basis", "decided_at"])
    case.involved.set(involved)
    with in_default_language():
        case_event(case, actor, event_kind, text, at=at)
        subject = _("U bent eerste reactie: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    audit_record(
        actor=actor,
        action="lead_set",
        instance=case,
        changes={"lead": lead.pk if lead else None, "basis": basis},
    )
    case_refresh_shares(actor=actor, case=case)
    case_signals_follow(actor=actor, case=case, at=at)
    if lead is not None and basis != LeadBasis.CONFIDENTIAL:
        case_notify(case, {lead.pk}, subject)
        if involved:
            with in_default_language():
                involved_subject = _("U bent betrokken bij %(case)s (%(category)s)") % {
                    "case": case.reference,
                    "category": case.category.display_name,
                }
            case_notify(case, {o.pk for o in involved}, involved_subject)


def proposal_respond(
    *,
    actor: Any,
    proposal: Proposal,
    kind: str,
    reason: str = "",
    counter_lead: Organisation | None = None,
    at: datetime | None = None,
) -> ProposalResponse:
    """Record the response of the actor's organisation (replacing its earlier one)."""
    at = at or timezone.now()
    reason = reason.strip()
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("case__team").get(pk=proposal.pk)
        )
        case = proposal.case
        if proposal.status != ProposalStatus.OPEN:
            raise DomainError(_("Op dit voorstel kan niet meer gereageerd worden."))
        if kind not in RESPONSES_FOR_MODE[proposal.mode]:
            raise DomainError(_("Kies een reactie."), field="kind")
        organisation = actor.organisation
        if organisation is None or not proposal.respondents.filter(pk=organisation.pk).exists():
            raise DomainError(_("Uw organisatie is niet gevraagd te reageren."))
        if not TeamMember.objects.filter(user=actor, team_id=case.team_id).exists():
            raise DomainError(_("Alleen leden van het wijkteam reageren namens hun organisatie."))
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
        if proposal.mode == ProposalMode.CONSULT and not _silent_respondents(proposal):
            _conclude(proposal, silent=[], at=at, at_deadline=False)
    return response


def _silent_respondents(proposal: Proposal) -> list[Organisation]:
    """The organisations asked to respond that have not (the deadline counts them as consent)."""
    answered = set(proposal.responses.values_list("organisation_id", flat=True))
    return [
        organisation
        for organisation in proposal.respondents.order_by("name")
        if organisation.pk not in answered
    ]


def _conclude(
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
        case_event(case, None, CaseEventKind.ESCALATED, Message(text, names=names), at=at)
        subject = _("Te bespreken in het wijkteamoverleg: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    audit_record(actor=None, action="escalate", instance=case, changes={"proposal": proposal.pk})
    notify_users(users=chairs_to_notify(case.team_id), subject=subject, link=case_link(case))
    return "escalated"


def _agree(proposal: Proposal, *, basis: str, at: datetime) -> None:
    proposal.status = ProposalStatus.AGREED
    proposal.resolved_at = at
    proposal.save(update_fields=["status", "resolved_at"])
    with in_default_language():
        text = _lead_text(
            gettext_noop("Alle partners akkoord: %(lead)s is eerste reactie.")
            if basis == LeadBasis.AGREED
            else gettext_noop("Termijn verstreken zonder bezwaar: %(lead)s is eerste reactie."),
            proposal.lead,
        )
    _set_lead(
        actor=None,
        case=proposal.case,
        lead=proposal.lead,
        involved=list(proposal.involved.all()),
        basis=basis,
        at=at,
        text=text,
    )


def proposal_deadline_pass(*, proposal_id: int, now: datetime | None = None) -> str | None:
    """At a proposal's deadline (the worker's task; safe to run twice or early): silence counts
    as consent and is recorded as such; an objection still standing escalates the case to the
    wijkteamoverleg. Returns what happened, or None when nothing was due."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update()
            .select_related("case__team", "case__category", "case__district", "lead")
            .filter(pk=proposal_id)
            .first()
        )
        if proposal is None or proposal.status != ProposalStatus.OPEN or now < proposal.deadline:
            return None
        case = proposal.case
        silent = _silent_respondents(proposal)
        silence_kind = (
            ResponseKind.SILENCE if proposal.mode == ProposalMode.CONSULT else ResponseKind.NOTED
        )
        for organisation in silent:
            ProposalResponse.objects.create(
                proposal=proposal, organisation=organisation, kind=silence_kind, responded_at=now
            )
        if silent:
            with in_default_language():
                case_event(
                    case,
                    None,
                    CaseEventKind.SILENCE,
                    Message(
                        gettext_noop(
                            "Termijn verstreken. Geen reactie van %(names)s: telt als akkoord."
                        )
                        if proposal.mode == ProposalMode.CONSULT
                        else gettext_noop("Termijn verstreken. Geen opmerking van %(names)s."),
                        names=", ".join(o.name for o in silent),
                    ),
                    at=now,
                )
            audit_record(
                actor=None,
                action="silence",
                instance=case,
                changes={"proposal": proposal.pk, "organisations": [o.pk for o in silent]},
            )
        if proposal.mode == ProposalMode.INFORM:
            proposal.status = ProposalStatus.AGREED
            proposal.resolved_at = now
            proposal.save(update_fields=["status", "resolved_at"])
            return "informed"
        return _conclude(proposal, silent=silent, at=now, at_deadline=True)


def proposals_due(*, now: datetime | None = None) -> list[int]:
    """Open proposals whose deadline has passed (the worker's safety sweep)."""
    now = now or timezone.now()
    return list(
        Proposal.objects.filter(status=ProposalStatus.OPEN, deadline__lte=now).values_list(
            "pk", flat=True
        )[:500]
    )


def case_decide(
    *,
    actor: Any,
    case: Case,
    lead: Organisation,
    involved: Iterable[Organisation] = (),
    reasoning: str,
    at: datetime | None = None,
) -> Case:
    """The wijkteamoverleg's decision, recorded by its chair, with the reasoning."""
    at = at or timezone.now()
    reasoning = reasoning.strip()
    if not reasoning:
        raise DomainError(_("Schrijf op waarom het overleg zo besluit."), field="reasoning")
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("team", "category").get(pk=case.pk)
        if case.status not in (CaseStatus.CONSULTATION, CaseStatus.ESCALATED):
            raise DomainError(_("Over de eerste reactie van deze casus is al besloten."))
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
                involved=_involved_part(involved),
                reasoning=reasoning,
            )
        _set_lead(
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
