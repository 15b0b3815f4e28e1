"""Placing a new signal: it joins the open case about the same address or spot, or opens a
new case that goes into triage."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.grouping import case_to_join
from wijkteam.cases.guards import require_actor
from wijkteam.cases.models import (
    Case,
    CaseCounter,
    CaseEventKind,
    CaseSignal,
)
from wijkteam.cases.steps import (
    case_event,
    case_opened_by,
    case_refresh_shares,
    case_signals_follow,
    stricter_sensitivity,
)
from wijkteam.cases.triage.proposals import triage_start, triage_urgent_or_escalate
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_number
from wijkteam.core.translation import InLanguages, Message, in_default_language
from wijkteam.partners.actors import Actor
from wijkteam.signals.models import Channel, Signal


def new_case(signal: Signal, at: datetime) -> Case:
    year = timezone.localtime(at).year
    case = case_opened_by(signal, at)
    case.reference = f"Z-{year}-{next_number(CaseCounter, year):05d}"
    case.save(force_insert=True)
    # The signal's team and category, as far as it has them loaded: triage reads them next.
    for name in ("team", "category"):
        if Signal._meta.get_field(name).is_cached(signal):
            setattr(case, name, getattr(signal, name))
    return case


def _absorb(case: Case, signal: Signal, at: datetime) -> None:
    """A case takes on what a new signal brings: the strictest sensitivity, urgency."""
    case.sensitivity = stricter_sensitivity(case.sensitivity, signal.sensitivity)
    case.is_urgent = case.is_urgent or signal.is_urgent
    case.last_signal_at = max(case.last_signal_at, at)
    case.save(update_fields=["sensitivity", "is_urgent", "last_signal_at"])


def case_place_signal(*, actor: Actor, signal: Signal, just_created: bool = False) -> Case | None:
    """Give a new signal its place: the open case about the same address or spot, or a new
    case, which then goes into triage. Signals without a wijk (address still to be checked
    and no point) wait for a case until their location is known. Call inside the intake's
    transaction: the intake decided who may take the signal in; ``actor`` is who did (the
    system for a resident's own report). ``just_created``: the signal was made in this
    transaction, so it cannot have a case yet."""
    require_actor(actor)
    if signal.team_id is None:
        return None
    at = signal.created_at
    if not just_created and CaseSignal.objects.filter(signal=signal).exists():
        raise DomainError(
            _("Melding %(signal)s hoort al bij een casus.") % {"signal": signal.reference}
        )
    # The refusal is above; what follows only writes, without a savepoint of its own.
    with transaction.atomic(savepoint=False):
        case = case_to_join(signal, now=at)
        if case is None:
            case = new_case(signal, at)
            CaseSignal.objects.create(case=case, signal=signal, added_at=at)
            with in_default_language():
                case_event(
                    case,
                    actor,
                    CaseEventKind.OPENED,
                    Message(
                        gettext_noop("Casus geopend met melding %(signal)s (%(category)s)."),
                        signal=signal.reference,
                        category=InLanguages.of(signal.category, "name"),
                    ),
                    at=at,
                )
            audit_record(
                actor=actor, action="create", instance=case, changes={"signal": signal.reference}
            )
            triage_start(actor=actor, case=case, at=at, opened_with=[signal])
            return case
        was_urgent = case.is_urgent
        CaseSignal.objects.create(case=case, signal=signal, added_at=at)
        _absorb(case, signal, at)
        count = CaseSignal.objects.filter(case=case).count()
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SIGNAL_ADDED,
                Message(
                    gettext_noop(
                        "Melding %(signal)s toegevoegd (%(category)s, %(channel)s); %(count)s "
                        "meldingen in deze casus."
                    ),
                    signal=signal.reference,
                    category=InLanguages.of(signal.category, "name"),
                    channel=Channel(signal.channel).label,
                    count=count,
                ),
                at=at,
            )
        audit_record(
            actor=actor, action="signal_added", instance=case, changes={"signal": signal.reference}
        )
        # The case's other signals are shared with its lead and involved partners already
        # (every service that changes them shares them), and joining changes neither.
        case_refresh_shares(actor=actor, case=case, signals=[signal])
        case_signals_follow(actor=actor, case=case, at=at, only=[signal])
        if case.is_urgent and not was_urgent and case.is_open:
            triage_urgent_or_escalate(actor=actor, case=case, at=at)
        return case
