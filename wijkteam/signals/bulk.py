"""Registering many signals at once, for a bulk door (the rent-arrears import): the same rows,
history lines and audit rows as ``registration.signal_create`` and
``timeline.signal_public_status_set`` write one signal at a time, in a few statements for the
lot. The caller writes the audit rows (one append for its whole batch, in its transaction):
each function returns them, per signal, in the order the single path writes them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_numbers
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor, is_user
from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.access import may_register_signals
from wijkteam.signals.counts import counts_stale
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    ArrearsDetails,
    Category,
    Channel,
    EventKind,
    LocationStatus,
    PublicStatus,
    ReferenceCounter,
    Signal,
    SignalEvent,
)
from wijkteam.signals.registration import require_may_register
from wijkteam.signals.services import ArrearsInput
from wijkteam.signals.timeline import PUBLIC_STATUS_TRANSITIONS

AuditRow = tuple[str, object, dict]  # (action, instance, changes), as audit_records takes them


@dataclass(frozen=True)
class NewArrearsSignal:
    external_reference: str
    arrears: ArrearsInput
    location: ResolvedLocation


def require_transaction() -> None:
    """The bulk steps write many rows that belong together, and the caller's audit rows with
    them: only inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a bulk step runs inside its caller's transaction")


def location_refusal(location: ResolvedLocation) -> DomainError | None:
    """The error ``signal_create`` refuses this location with, if it does."""
    if location.status == LocationStatus.OUTSIDE:
        return DomainError(
            _("Deze plek ligt buiten de wijken van het wijkteam. Kies een plek in de gemeente."),
            field="location",
        )
    return None


def category_refusal(category: Category) -> DomainError | None:
    """The error ``signal_create`` refuses this category with (through a staff door), if it
    does."""
    if category.parent_id is None or not category.is_active:
        return DomainError(_("Kies wat voor probleem het is."), field="category")
    return None


def arrears_signals_create(
    *,
    actor: Actor,
    organisation: Organisation,
    category: Category,
    channel: str,
    items: Sequence[NewArrearsSignal],
    at: datetime | None = None,
) -> tuple[list[Signal], list[list[AuditRow]]]:
    """Register arrears signals for ``organisation``'s own tenants, as ``signal_create`` does
    one at a time (who may, through which door, the category, the locations): signals, their
    arrears details and their first history line. Returns the signals, in the order of
    ``items``, and the audit rows of each. Raises DomainError when the door refuses the actor
    or the category (for all of them), ValueError for a location ``signal_create`` would
    refuse (check ``location_refusal`` first). Call inside the caller's transaction."""
    if not items:
        return [], []
    require_transaction()
    require_may_register(
        actor=actor,
        channel=channel,
        receiving_organisation=organisation,
        category=category,
        arrears=items[0].arrears,
    )
    if refusal := category_refusal(category):
        raise refusal
    if any(location_refusal(item.location) for item in items):
        raise ValueError("a location signal_create refuses")
    now = at or timezone.now()
    year = timezone.localtime(now).year
    numbers = next_numbers(ReferenceCounter, year, len(items))
    districts = {item.location.district_id for item in items} - {None}
    teams = {team.district_id: team for team in Team.objects.filter(district_id__in=districts)}
    signals = []
    for item, number in zip(items, numbers, strict=True):
        location = item.location
        team = teams.get(location.district_id)
        signals.append(
            Signal(
                reference=f"M-{year}-{number:05d}",
                category=category,
                main_category_id=category.parent_id,
                description="",
                occurred_at=None,
                channel=channel,
                receiving_organisation=organisation,
                created_by=actor if is_user(actor) else None,
                created_at=now,
                sensitivity=category.sensitivity,
                is_urgent=category.is_acute,
                is_tenant=True,
                external_reference=item.external_reference,
                team=team,
                **location.signal_fields(),
            )
        )
    Signal.objects.bulk_create(signals, batch_size=500)
    for district_id in {signal.district_id for signal in signals}:
        counts_stale(at=now, district_id=district_id)
    details = [
        ArrearsDetails(signal=signal, **item.arrears.__dict__)
        for signal, item in zip(signals, items, strict=True)
    ]
    ArrearsDetails.objects.bulk_create(details, batch_size=500)
    with in_default_language():
        label = actor_label(actor)
    text = Message(gettext_noop("Melding ontvangen (%(channel)s)."), channel=Channel(channel).label)
    public_text = Message(
        gettext_noop("Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt.")
    )
    _events_create(signals, actor, label, EventKind.CREATED, text, public_text, now, batch_size=500)
    audit = [
        [
            (
                "create",
                signal,
                {
                    "channel": channel,
                    "category": category.slug,
                    "receiving_organisation": organisation.pk,
                    "team": signal.team_id,
                },
            )
        ]
        for signal in signals
    ]
    return signals, audit


def signals_public_status_set(
    *,
    actor: Actor,
    signals: Sequence[Signal],
    status: str,
    public_texts: Sequence[Message],
    at: datetime | None = None,
) -> list[list[AuditRow]]:
    """``signal_public_status_set`` for many signals that all move from one status to
    ``status`` (new signals whose case is being worked), each with its message for the
    tracking page. A step of the case services, which checked their actor. Returns the audit
    rows of each signal."""
    if is_user(actor) and not may_register_signals(actor):
        raise DomainError(_("Alleen medewerkers die meldingen behandelen, wijzigen de status."))
    if not signals:
        return []
    require_transaction()
    before = {signal.status for signal in signals}
    if len(before) != 1 or status not in PUBLIC_STATUS_TRANSITIONS.get(next(iter(before)), ()):
        raise ValueError("signals_public_status_set moves signals of one status along a transition")
    before_status = next(iter(before))
    Signal.objects.filter(pk__in=[signal.pk for signal in signals]).update(status=status)
    for signal in signals:
        signal.status = status
    with in_default_language():
        label = actor_label(actor) if actor else _("melder")
    text = Message(
        gettext_noop("Status voor de melder: %(status)s."), status=PublicStatus(status).label
    )
    _events_create(signals, actor, label, EventKind.STATUS, text, public_texts, at)
    return [[("public_status", signal, {"status": [before_status, status]})] for signal in signals]


def arrears_details_save(*, details: Sequence[ArrearsDetails], fields: Sequence[str]) -> None:
    """Save these fields of many arrears details in one statement (``save(update_fields=...)``
    for each). Not ``bulk_update``: its CASE per field and row took a second per few hundred
    rows. A step of the service that checked the changes, inside its transaction."""
    if not details:
        return
    require_transaction()
    meta = ArrearsDetails._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # VALUES of parameters have no type of their own in PostgreSQL (a column of NULLs
        # would be text): say which.
        types = [meta.pk.rel_db_type(connection), *(c.db_type(connection) for c in columns[1:])]
        row = "(" + ", ".join(f"CAST(%s AS {kind})" for kind in types) + ")"
    else:
        row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    names = ", ".join(quote(column.column) for column in columns)
    table = quote(meta.db_table)
    key = quote(meta.pk.column)
    assignments = ", ".join(
        f"{quote(column.column)} = v.{quote(column.column)}" for column in columns[1:]
    )
    for start in range(0, len(details), 500):
        part = details[start : start + 500]
        values = [
            value
            for one in part
            for value in (
                one.pk,
                *(c.get_db_prep_save(getattr(one, c.attname), connection) for c in columns[1:]),
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH v ({names}) AS (VALUES {', '.join([row] * len(part))}) "  # noqa: S608
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{key} = v.{key}",
                values,
            )


def signals_note(
    *,
    actor: Actor,
    notes: Sequence[tuple[Signal, Message]],
    at: datetime | None = None,
) -> None:
    """A history line for each signal (``record_event`` of a note), as a step of the service
    that changed the signals."""
    with in_default_language():
        label = actor_label(actor) if actor else _("melder")
    at = at or timezone.now()
    SignalEvent.objects.bulk_create(
        [
            SignalEvent(
                signal=signal,
                at=at,
                actor=actor if is_user(actor) else None,
                actor_label=label,
                kind=EventKind.NOTE,
                text=message.dutch(),
                message=message.as_data(),
            )
            for signal, message in notes
        ],
        batch_size=500,
    )


def _events_create(
    signals: Sequence[Signal],
    actor: Actor,
    label: str,
    kind: str,
    text: Message,
    public_text: Message | Sequence[Message],
    at: datetime | None,
    batch_size: int = 500,
) -> None:
    """One history line per signal (``record_event``), the same text for each and the public
    text given once for all or once per signal."""
    at = at or timezone.now()
    dutch, data = text.dutch(), text.as_data()
    if isinstance(public_text, Message):
        public = [(public_text.dutch(), public_text.as_data())] * len(signals)
    else:
        public = [(message.dutch(), message.as_data()) for message in public_text]
    SignalEvent.objects.bulk_create(
        [
            SignalEvent(
                signal=signal,
                at=at,
                actor=actor if is_user(actor) else None,
                actor_label=label,
                kind=kind,
                text=dutch,
                public_text=public_dutch,
                message=data,
                public_message=public_data,
            )
            for signal, (public_dutch, public_data) in zip(signals, public, strict=True)
        ],
        batch_size=batch_size,
    )
