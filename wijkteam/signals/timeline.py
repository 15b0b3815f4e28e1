"""A signal's timeline and the status its reporters see."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label, audit_record
from wijkteam.core.batching import write_later
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor, is_user
from wijkteam.signals.access import may_register_signals
from wijkteam.signals.models import (
    EventKind,
    PublicStatus,
    Reporter,
    Signal,
    SignalEvent,
)

# What the reporter may see happen: received, then worked, then handled; a handled signal is
# worked again when its case is reopened. Nothing goes back to "ontvangen".
PUBLIC_STATUS_TRANSITIONS = {
    PublicStatus.RECEIVED: {PublicStatus.IN_PROGRESS, PublicStatus.DONE},
    PublicStatus.IN_PROGRESS: {PublicStatus.DONE},
    PublicStatus.DONE: {PublicStatus.IN_PROGRESS},
}


def record_event(
    signal: Signal,
    actor: Actor | None,
    kind: str,
    text: str | Message = "",
    public_text: str | Message = "",
    at: datetime | None = None,
    *,
    label: str = "",
    for_reporter: Reporter | None = None,
) -> None:
    """Add a line to the signal's history (``public_text`` also shows on the tracking page),
    as a step of the service that made the change. A line the system writes is a ``Message``
    (``Message(gettext_noop("..."), ...)``), read in each reader's language: a resident reads
    it in the language of their page, whatever a staff member had chosen. A plain ``str`` is
    free text someone typed, shown as it is. ``label`` names who acted when it is not the actor
    (the reporter, for a resident's own report); without an actor it is the reporter.
    ``for_reporter``: the one reporter whose tracking page shows ``public_text``; without it,
    it is for every reporter, which only a change of the public status is (see
    ``resident_access.reporter_messages``)."""
    if for_reporter is not None and for_reporter.signal_id != signal.pk:
        raise ValueError("A message for a reporter of another signal.")
    message = text if isinstance(text, Message) else None
    public_message = public_text if isinstance(public_text, Message) else None
    with in_default_language():
        label = label or (actor_label(actor) if actor else _("melder"))
    write_later(
        SignalEvent(
            signal=signal,
            at=at or timezone.now(),
            actor=actor if is_user(actor) else None,
            actor_label=label,
            kind=kind,
            text=message.dutch() if message else text,
            public_text=public_message.dutch() if public_message else public_text,
            message=message.as_data() if message else None,
            public_message=public_message.as_data() if public_message else None,
            for_reporter=for_reporter,
        )
    )


def signal_public_status_set(
    *,
    actor: Actor | None,
    signal: Signal,
    status: str,
    public_text: str | Message = "",
    at: datetime | None = None,
) -> bool:
    """Set the status the reporter sees, with a message for the tracking page when there is
    one (a ``Message``, or the free text someone wrote). Returns whether anything changed.

    A step of the case services (what the reporter sees follows the case), which checked that
    their actor may change the case; here only staff who may work signals, or the system, and
    only along PUBLIC_STATUS_TRANSITIONS. None is still taken for the system until the case
    services pass ``SYSTEM``."""
    if is_user(actor) and not may_register_signals(actor):
        raise DomainError(_("Alleen medewerkers die meldingen behandelen, wijzigen de status."))
    if status not in PublicStatus.values:
        raise ValueError(status)
    if signal.status == status and not public_text:
        return False
    before = signal.status
    if before != status and status not in PUBLIC_STATUS_TRANSITIONS.get(before, set()):
        raise DomainError(
            _("De status voor de melder gaat niet van %(before)s naar %(after)s.")
            % {"before": PublicStatus(before).label, "after": PublicStatus(status).label}
        )
    with transaction.atomic(savepoint=False):  # every refusal is above: it only writes
        if before != status:
            signal.status = status
            signal.save(update_fields=["status"])
        text = Message(
            gettext_noop("Status voor de melder: %(status)s."), status=PublicStatus(status).label
        )
        record_event(signal, actor, EventKind.STATUS, text, public_text, at=at)
        if before != status:
            audit_record(
                actor=actor,
                action="public_status",
                instance=signal,
                changes={"status": [before, status]},
            )
    return True
