"""At a proposal's deadline, silence counts as consent."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.guards import require_system
from wijkteam.cases.models import (
    CaseEventKind,
    Proposal,
    ProposalMode,
    ProposalResponse,
    ProposalStatus,
    ResponseKind,
)
from wijkteam.cases.steps import case_event
from wijkteam.cases.triage.responses import proposal_conclude, silent_respondents
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor


def proposal_deadline_pass(
    *, actor: Actor, proposal_id: int, now: datetime | None = None
) -> str | None:
    """At a proposal's deadline (the worker's task; safe to run twice or early): silence counts
    as consent and is recorded as such; an objection still standing escalates the case to the
    wijkteamoverleg. Returns what happened, or None when nothing was due. Only the system
    passes a deadline: ``actor`` is ``SYSTEM``."""
    require_system(actor)
    now = now or timezone.now()
    with transaction.atomic():
        proposal = (
            without_boundaries(
                Proposal.objects.select_for_update(of=("self", "case")).select_related(
                    "case__team", "case__category", "case__district", "lead"
                )
            )
            .filter(pk=proposal_id)
            .first()
        )
        if proposal is None or proposal.status != ProposalStatus.OPEN or now < proposal.deadline:
            return None
        case = proposal.case
        silent = silent_respondents(proposal)
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
                    actor,
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
                actor=actor,
                action="silence",
                instance=case,
                changes={"proposal": proposal.pk, "organisations": [o.pk for o in silent]},
            )
        if proposal.mode == ProposalMode.INFORM:
            proposal.status = ProposalStatus.AGREED
            proposal.resolved_at = now
            proposal.save(update_fields=["status", "resolved_at"])
            return "informed"
        return proposal_conclude(proposal, silent=silent, at=now, at_deadline=True)


def proposals_due(*, now: datetime | None = None) -> list[int]:
    """Open proposals whose deadline has passed (the worker's safety sweep)."""
    now = now or timezone.now()
    return list(
        Proposal.objects.filter(status=ProposalStatus.OPEN, deadline__lte=now).values_list(
            "pk", flat=True
        )[:500]
    )
