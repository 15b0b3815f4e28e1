"""The rent administration's door: arrears signals from a form or a CSV batch.

Arrears signals are confidential (DESIGN §6): only the corporation that registered them sees
them. A signal is identified by the corporation's own reference, so that registering or
importing the same row again updates it (or changes nothing) instead of duplicating it.
"""

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.partners.models import Organisation
from wijkteam.signals.access import may_edit_signal, may_register_arrears
from wijkteam.signals.arrears_csv.rows import ArrearsRow
from wijkteam.signals.locations import LocationInput
from wijkteam.signals.models import (
    ARREARS_STEP_FIELDS,
    ArrearsDetails,
    Category,
    Channel,
    EventKind,
    Signal,
)
from wijkteam.signals.services import ArrearsInput
from wijkteam.signals.timeline import record_event

ARREARS_CATEGORY = "financieel-huurachterstand"


DETAIL_FIELDS = ("tenant_name", "amount", "months", "signal_date", *ARREARS_STEP_FIELDS)


@dataclass(frozen=True)
class UpsertResult:
    result: str  # "created", "updated" or "unchanged"
    signal: Signal


def arrears_of(row: ArrearsRow) -> dict[str, Any]:
    """The arrears details a row holds (``DETAIL_FIELDS``)."""
    return {
        "tenant_name": row.tenant_name,
        "amount": row.amount,
        "months": row.months,
        "signal_date": row.signal_date,
        "contact_attempted_on": row.contact_attempted_on,
        "debt_help_pointed_on": row.debt_help_pointed_on,
        "written_reminder_on": row.written_reminder_on,
        "no_objection_on": row.no_objection_on,
    }


def location_of(row: ArrearsRow) -> LocationInput:
    """The tenant's address as the door hands it to the intake."""
    return LocationInput(
        postcode=row.postcode,
        house_number=row.house_number,
        house_number_addition=row.house_number_addition,
        street=f"{row.street} {row.house_number}{row.house_number_addition}",
        city=row.city,
    )


def require_rent_administration(actor: Actor, organisation: Organisation) -> None:
    """Only the corporation's own rent administration, for its own tenants."""
    require_actor(actor)
    if not (is_user(actor) and may_register_arrears(actor)):
        raise DomainError(
            _("Alleen de huuradministratie van een woningcorporatie legt huurachterstand vast.")
        )
    if organisation.pk != actor.organisation_id:
        raise DomainError(
            _("Een corporatie legt alleen de huurachterstand van haar eigen huurders vast.")
        )


def arrears_upsert(
    *,
    actor: Actor,
    organisation: Organisation,
    row: ArrearsRow,
    channel: Channel,
    lookup_addresses: bool = True,
) -> UpsertResult:
    """Create the arrears signal for ``row`` or bring the existing one (same external
    reference, same corporation) up to date. Only the corporation's own staff, for its own
    tenants. Raises DomainError when the row cannot be placed. ``lookup_addresses``: see
    ``signal_intake``. Of two submits of one reference at the same moment, the second updates
    what the first registered. The import takes many rows at once the same way (``bulk.py``)."""
    require_rent_administration(actor, organisation)
    existing = _registered(organisation, row.external_reference)
    if existing is not None:
        return _update(actor, existing, row)
    try:
        # signal_intake writes in a block of its own (a savepoint inside a caller's
        # transaction, such as the import's batch): when the insert loses to another submit,
        # only its writes are taken back and the caller's transaction goes on. Not a block
        # here: the address is looked up before signal_intake's, with no transaction open.
        created = signal_intake(
            actor=actor,
            channel=channel,
            category=Category.objects.get(slug=ARREARS_CATEGORY),
            description="",
            location=location_of(row),
            receiving_organisation=organisation,
            external_reference=row.external_reference,
            is_tenant=True,
            arrears=ArrearsInput(**arrears_of(row)),
            lookup_addresses=lookup_addresses,
        )
    except IntegrityError:
        # Another submit registered the same reference between the look-up above and the
        # insert (the unique index refused this one): the row came second, so it updates.
        existing = _registered(organisation, row.external_reference)
        if existing is None:
            raise
        return _update(actor, existing, row)
    return UpsertResult("created", created.signal)


def _registered(organisation: Organisation, reference: str) -> Signal | None:
    """The corporation's signal with this reference of its own, if any."""
    return (
        Signal.objects.select_related("arrears")
        .filter(receiving_organisation=organisation, external_reference=reference)
        .first()
    )


def arrears_changes(*, signal: Signal, row: ArrearsRow, may_edit: bool) -> dict[str, list]:
    """What ``row`` changes in an existing signal's arrears details ({field: [old, new]}; empty:
    nothing). DomainError when the row may not update it: the signal is no arrears signal, the
    actor may not edit it (``may_edit``: ``may_edit_signal``), or it is about another address."""
    details: ArrearsDetails | None = getattr(signal, "arrears", None)
    if details is None:  # the corporation's own references: saying so tells it nothing new
        raise DomainError(
            _("referentie %(reference)s hoort bij een melding die geen huurachterstand is.")
            % {"reference": row.external_reference}
        )
    if not may_edit:
        raise DomainError(_("Alleen de organisatie die de melding ontving, werkt hem bij."))
    address_before = {name: getattr(signal, name) for name in ("postcode", "house_number")}
    if address_before != {"postcode": row.postcode, "house_number": row.house_number}:
        raise DomainError(
            _(
                "referentie %(reference)s hoort bij een ander adres (%(address)s). Gebruik een "
                "nieuwe referentie voor een ander adres."
            )
            % {"reference": row.external_reference, "address": signal.address_line}
        )
    before = {name: getattr(details, name) for name in DETAIL_FIELDS}
    return field_changes(before, arrears_of(row))


def update_message(changes: dict[str, list]) -> Message:
    """The signal's history line for updated arrears details."""
    return Message(
        gettext_noop("Gegevens huurachterstand bijgewerkt: %(fields)s."),
        fields=[ArrearsDetails._meta.get_field(name).verbose_name for name in changes],
    )


def update_audit(changes: dict[str, list]) -> dict[str, list[str]]:
    return {name: [str(old), str(new)] for name, (old, new) in changes.items()}


def _update(actor: Actor, signal: Signal, row: ArrearsRow) -> UpsertResult:
    changes = arrears_changes(
        signal=signal, row=row, may_edit=is_user(actor) and may_edit_signal(actor, signal)
    )
    if not changes:
        return UpsertResult("unchanged", signal)
    details = signal.arrears
    with transaction.atomic():
        for name, (_old, new) in changes.items():
            setattr(details, name, new)
        details.save(update_fields=list(changes))
        with in_default_language():
            record_event(signal, actor, EventKind.NOTE, text=update_message(changes))
        audit_record(actor=actor, action="update", instance=details, changes=update_audit(changes))
    return UpsertResult("updated", signal)
