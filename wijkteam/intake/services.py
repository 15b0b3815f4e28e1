"""Taking a signal in: every door (resident, staff, wijkbeheerder, rent administration, demo)
calls ``signal_intake``, so that every signal is registered and placed the same way."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.cases.models import CaseSignal
from wijkteam.cases.placement import case_place_signal
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.access import may_edit_signal
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import Signal
from wijkteam.signals.relocation import signal_relocate
from wijkteam.signals.services import SignalCreated, signal_create


def signal_intake(**fields: Any) -> SignalCreated:
    """Register a signal (see ``signal_create`` for the fields) and give it its place in a
    case: the open case about the same address or spot, or a new case that goes into triage.
    One transaction: a signal never exists without its case."""
    with transaction.atomic():
        created = signal_create(**fields)
        # A resident's own report has no account behind it (actor None at this door): the
        # system places it.
        case_place_signal(actor=fields.get("actor") or SYSTEM, signal=created.signal)
    return created


def signal_relocated(*, actor: Any, signal: Signal, location: ResolvedLocation) -> Signal:
    """Correct a signal's location (see ``signal_relocate``). A signal that had no wijk yet (its
    address could not be checked) gets its place in a case now that it has one. Only the
    receiving organisation's staff may: a new wijk moves the signal to another team."""
    if not may_edit_signal(actor, signal):
        raise DomainError(_("Alleen de organisatie die de melding ontving, past de locatie aan."))
    with transaction.atomic():
        signal = signal_relocate(actor=actor, signal=signal, location=location)
        if signal.team_id is not None and not CaseSignal.objects.filter(signal=signal).exists():
            case_place_signal(actor=actor, signal=signal)
    return signal
