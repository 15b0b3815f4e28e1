"""Starting the triage of a new case: a proposal to the partners, or the police at once when
it is urgent."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.areas.names import area_name
from wijkteam.cases.guards import require_actor, require_team_worker
from wijkteam.cases.models import (
    Case,
    CaseEventKind,
    CaseStatus,
    LeadBasis,
    Proposal,
    ProposalMode,
)
from wijkteam.cases.steps import (
    case_event,
    case_notify,
)
from wijkteam.cases.suggestion import suggest_lead
from wijkteam.cases.triage.lead import (
    core_partner_ids,
    escalate_without_partner,
    involved_part,
    lead_text,
    police_of,
    set_lead,
    withdraw_open_proposals,
)
from wijkteam.cases.triage.tasks import proposal_deadline
from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.core.translation import Joined, Message, in_default_language
from wijkteam.core.workdays import add_working_days
from wijkteam.partners.actors import SYSTEM, Actor, is_user
from wijkteam.partners.models import Organisation
from wijkteam.signals.models import Sensitivity, Signal


def _schedule_deadline(proposal: Proposal) -> None:
    follow_up(proposal_deadline, run_after=proposal.deadline, proposal_id=proposal.pk)


def triage_start(
    *,
    actor: Actor,
    case: Case,
    at: datetime | None = None,
    opened_with: list[Signal] | None = None,
) -> None:
    """Start the triage of a new case: confidential → its source leads; urgent → the police
    lead at once; otherwise a proposal goes to the partners. A step of the service that made
    the case (placing a signal, splitting a case), which checked who may. ``opened_with``:
    the case's signals, when the caller opened it with them in this transaction."""
    require_actor(actor)
    at = at or timezone.now()
    if case.sensitivity == Sensitivity.CONFIDENTIAL:
        with in_default_language():
            text = lead_text(
                gettext_noop(
                    "Vertrouwelijke casus: %(lead)s (bron) is eerste reactie; de casus wordt "
                    "niet aan het wijkteam voorgelegd."
                ),
                case.source_organisation,
            )
        set_lead(
            actor=actor,
            case=case,
            lead=case.source_organisation,
            involved=[],
            basis=LeadBasis.CONFIDENTIAL,
            at=at,
            text=text,
            opened_with=opened_with,
        )
        return
    if case.is_urgent:
        if police_of(case) is None:
            escalate_without_partner(
                case, at, gettext_noop("Spoed, maar dit wijkteam heeft geen politie als partner.")
            )
            return
        _police_lead_at_once(actor=actor, case=case, at=at, opened_with=opened_with)
        return
    with in_default_language():
        suggestion = suggest_lead(case, at=at)
    if suggestion.lead is None:
        escalate_without_partner(case, at, gettext_noop("Er is geen partner voor een voorstel."))
        return
    # The proposal is the system's, whoever brought the signal in.
    proposal_create(
        actor=SYSTEM,
        case=case,
        lead=suggestion.lead,
        involved=suggestion.involved,
        reasons=suggestion.messages,
        at=at,
        first=True,
    )


def proposal_create(
    *,
    actor: Actor,
    case: Case,
    lead: Organisation,
    involved: Iterable[Organisation] = (),
    reasons: list[Message],
    mode: str = ProposalMode.CONSULT,
    at: datetime | None = None,
    first: bool = False,
) -> Proposal:
    """Put a proposal to the partners (replacing an open one) with its deadline; the deadline
    is handled by the background worker. A step of starting the triage and of the urgent path,
    which checked who may. ``first``: the case is new in this transaction and has no proposal
    to replace."""
    require_actor(actor)
    at = at or timezone.now()
    involved = [organisation for organisation in involved if organisation.pk != lead.pk]
    team = case.team
    if mode == ProposalMode.INFORM:
        deadline = at + timedelta(hours=team.urgent_response_hours)
        respondents = core_partner_ids(case) - {lead.pk}
    else:
        deadline = add_working_days(at, team.response_working_days)
        respondents = core_partner_ids(case) | {lead.pk} | {o.pk for o in involved}
    with transaction.atomic(savepoint=False):  # it only writes: no savepoint of its own
        if not first:
            withdraw_open_proposals(case, at)
        proposal = Proposal.objects.create(
            case=case,
            team=team,
            mode=mode,
            lead=lead,
            reasons=[reason.dutch() for reason in reasons],
            reason_messages=[reason.as_data() for reason in reasons],
            deadline=deadline,
            created_at=at,
            created_by=actor if is_user(actor) else None,
        )
        # A new proposal: its organisations are added in one insert each, with nothing to
        # compare against first.
        Proposal.involved.through.objects.bulk_create(
            Proposal.involved.through(proposal=proposal, organisation_id=organisation_id)
            for organisation_id in sorted({organisation.pk for organisation in involved})
        )
        Proposal.respondents.through.objects.bulk_create(
            Proposal.respondents.through(proposal=proposal, organisation_id=organisation_id)
            for organisation_id in sorted(respondents)
        )
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
                    involved=involved_part(involved),
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
                "buurt": area_name(
                    neighbourhood_id=case.neighbourhood_id, district_id=case.district_id
                ),
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


def triage_urgent(*, actor: Actor, case: Case, at: datetime | None = None) -> None:
    """A team member marks an open case urgent: the police lead at once, the other partners
    are informed. A case that is already urgent or no longer open is refused, and so is a
    confidential case: the lead sees its data, and those stay with its source (DESIGN §6:
    arrears never go to the police)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        require_team_worker(actor, case)
        if case.sensitivity == Sensitivity.CONFIDENTIAL:
            raise DomainError(
                _(
                    "Een vertrouwelijke casus gaat niet met spoed naar de politie: de gegevens "
                    "blijven bij de bronorganisatie. Bij direct gevaar: bel 112."
                )
            )
        if case.is_urgent or not case.is_open:
            raise DomainError(_("Deze casus heeft al spoed of is niet meer open."))
        _police_lead_at_once(actor=actor, case=case, at=at)


def _police_lead_at_once(
    *, actor: Actor, case: Case, at: datetime, opened_with: list[Signal] | None = None
) -> None:
    """The urgent path: the police lead at once, the other partners are informed.
    ``opened_with``: the case was opened in this transaction with these signals (no involved
    partners, no proposal yet)."""
    police = police_of(case)
    if police is None:
        raise DomainError(_("Dit wijkteam heeft geen politie als partner voor spoed."))
    with transaction.atomic(savepoint=False):  # the refusal is above: it only writes
        if not case.is_urgent:
            case.is_urgent = True
            case.save(update_fields=["is_urgent"])
            audit_record(
                actor=actor, action="urgent", instance=case, changes={"is_urgent": [False, True]}
            )
        with in_default_language():
            text = lead_text(gettext_noop("Spoed: %(lead)s is direct eerste reactie."), police)
            reasons = [Message(gettext_noop("Spoed: acute situatie of als spoed gemarkeerd."))]
        involved = [] if opened_with is not None else list(case.involved.all())
        set_lead(
            actor=actor,
            case=case,
            lead=police,
            involved=involved,
            basis=LeadBasis.URGENT,
            at=at,
            text=text,
            event_kind=CaseEventKind.URGENT,
            opened_with=opened_with,
        )
        proposal_create(
            actor=actor,
            case=case,
            lead=police,
            involved=involved,
            reasons=reasons,
            mode=ProposalMode.INFORM,
            at=at,
            first=opened_with is not None,
        )


def triage_urgent_or_escalate(*, actor: Actor, case: Case, at: datetime) -> None:
    """An urgent signal joined a case: the urgent path, or straight to the overleg when the
    team has no police partner (a report is never refused for that). A confidential case stays
    with its source, as when it started (``triage_start``)."""
    require_actor(actor)
    if case.sensitivity == Sensitivity.CONFIDENTIAL:
        return
    if police_of(case) is None:
        if case.status != CaseStatus.ESCALATED:
            escalate_without_partner(
                case, at, gettext_noop("Spoed, maar dit wijkteam heeft geen politie als partner.")
            )
        return
    _police_lead_at_once(actor=actor, case=case, at=at)
