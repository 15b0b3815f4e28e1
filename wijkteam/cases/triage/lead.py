"""Setting a case's lead (first responder), and escalating to the wijkteamoverleg when there
is nobody to propose."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.fanout import notify_later
from wijkteam.cases.models import (
    TRANSITIONS,
    Case,
    CaseEventKind,
    CaseStatus,
    LeadBasis,
    Proposal,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.steps import (
    case_event,
    case_link,
    case_notify,
    case_refresh_shares,
    case_signals_follow,
    case_transition,
)
from wijkteam.core.translation import Message, in_default_language
from wijkteam.notifications.events import EventType, event_publish
from wijkteam.partners.actors import SYSTEM, Actor
from wijkteam.partners.models import Organisation, OrganisationKind
from wijkteam.partners.team_partners import core_partner_ids_of, team_partner_of_kind
from wijkteam.signals.models import Signal

OBJECTIONS = (ResponseKind.OBJECT, ResponseKind.COUNTER)


def core_partner_ids(case: Case) -> set[int]:
    return core_partner_ids_of(case.team_id)


def withdraw_open_proposals(case: Case, at: datetime) -> None:
    Proposal.objects.filter(case=case, status=ProposalStatus.OPEN).update(
        status=ProposalStatus.WITHDRAWN, resolved_at=at
    )


def escalate_without_partner(case: Case, at: datetime, why: str) -> None:
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
            SYSTEM,
            CaseEventKind.ESCALATED,
            Message(gettext_noop("%(why)s Te bespreken in het wijkteamoverleg."), why=Message(why)),
            at=at,
        )
        subject = _("Te bespreken in het wijkteamoverleg: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    audit_record(actor=SYSTEM, action="escalate", instance=case, changes={"why": why})
    notify_later(team_id=case.team_id, chairs=True, subject=subject, link=case_link(case))


def lead_text(template: str, lead: Organisation | None) -> Message:
    """A timeline line naming the lead; ``template`` is a catalogue string (``gettext_noop``)."""
    return Message(template, lead=lead.name if lead else "-")


def involved_part(involved: list[Organisation]) -> Message | str:
    if not involved:
        return ""
    names = ", ".join(organisation.name for organisation in involved)
    return Message(gettext_noop(", betrokken: %(names)s"), names=names)


def police_of(case: Case) -> Organisation | None:
    return team_partner_of_kind(case.team_id, OrganisationKind.POLITIE)


def set_lead(
    *,
    actor: Actor,
    case: Case,
    lead: Organisation | None,
    involved: list[Organisation],
    basis: str,
    at: datetime,
    text: Message,
    event_kind: str = CaseEventKind.AGREED,
    opened_with: list[Signal] | None = None,
) -> None:
    """Record the lead, move the case to handling, share the signals and tell the lead.
    ``text`` is the timeline line. ``opened_with``: the case was opened in this transaction
    with these signals (it has no involved partners yet): nothing is read back."""
    case_transition(case, CaseStatus.HANDLING)
    case.lead = lead
    case.lead_basis = basis
    case.decided_at = at
    case.save(update_fields=["status", "lead", "lead_basis", "decided_at"])
    if opened_with is None:
        case.involved.set(involved)
    elif involved:
        case.involved.add(*involved)
    with in_default_language():
        case_event(case, actor, event_kind, text, at=at)
        subject = _("U bent eerste reactie: %(case)s (%(category)s)") % {
            "case": case.reference,
            "category": case.category.display_name,
        }
    event_publish(kind=EventType.LEAD_AGREED, at=at, case_id=case.pk)
    audit_record(
        actor=actor,
        action="lead_set",
        instance=case,
        changes={"lead": lead.pk if lead else None, "basis": basis},
    )
    case_refresh_shares(
        actor=actor,
        case=case,
        signals=opened_with,
        involved_ids={organisation.pk for organisation in involved},
    )
    case_signals_follow(actor=actor, case=case, at=at, only=opened_with)
    if lead is not None and basis != LeadBasis.CONFIDENTIAL:
        case_notify(case, {lead.pk}, subject)
        if involved:
            with in_default_language():
                involved_subject = _("U bent betrokken bij %(case)s (%(category)s)") % {
                    "case": case.reference,
                    "category": case.category.display_name,
                }
            case_notify(case, {o.pk for o in involved}, involved_subject)
