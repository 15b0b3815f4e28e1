"""Taking a signal in: every door (resident, staff, wijkbeheerder, rent administration, demo, a
future API) calls ``signal_intake``, so that every signal is checked, located, registered,
placed in a case and acknowledged the same way."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction

from wijkteam.cases.models import CaseSignal
from wijkteam.cases.placement import case_place_signal
from wijkteam.cases.steps import require_personal_data_kept
from wijkteam.core.batching import writes_together
from wijkteam.core.followups import followups_together
from wijkteam.core.written_files import atomic_with_files
from wijkteam.intake.form_keys import FormKey, form_key_record, tracking_token_for
from wijkteam.notifications.events import EventType, event_publish
from wijkteam.partners.actors import Actor
from wijkteam.partners.models import Organisation
from wijkteam.signals.locations import LocationInput, ResolvedLocation, location_resolve
from wijkteam.signals.models import Category, Channel, PendingUpload, Signal
from wijkteam.signals.pdok import default_client
from wijkteam.signals.photos import ProcessedPhoto
from wijkteam.signals.receipts import receipt_later
from wijkteam.signals.registration import require_may_register, signal_create
from wijkteam.signals.relocation import signal_relocate
from wijkteam.signals.services import ArrearsInput, ReporterInput, SignalCreated


def signal_intake(
    *,
    actor: Actor,
    channel: Channel,
    category: Category,
    description: str,
    location: LocationInput | ResolvedLocation,
    occurred_at: datetime | None = None,
    reporter: ReporterInput | None = None,
    is_tenant: bool | None = None,
    is_urgent: bool = False,
    receiving_organisation: Organisation | None = None,
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
    external_reference: str = "",
    arrears: ArrearsInput | None = None,
    received_at: datetime | None = None,
    lookup_addresses: bool = True,
    form_key: FormKey | None = None,
) -> SignalCreated:
    """Take a signal in through any door, in one go:

    1. refuse who may not use this door (``require_may_register``), before anything is
       looked up;
    2. resolve the place to buurt and wijk when the door collected a ``LocationInput``: the
       address register first, then PDOK (not when ``lookup_addresses`` is False, e.g. for the
       rest of a bulk import once PDOK failed); a door that already resolved it (the resident's
       form, which looks for similar reports nearby first) passes the ``ResolvedLocation``;
    3. register it (``signal_create``) and give it its place in a case: the open case about
       the same address or spot, or a new case that goes into triage. One transaction: a
       signal never exists without its case;
    4. send the reporter who left an email address the receipt with their tracking link
       (after commit). Not for a signal ``received_at`` an earlier moment: that is a record of
       the past, whose reporter heard back then.

    A door's ``form_key`` is recorded in the same transaction (``intake.form_keys``): a
    second intake with the same key raises IntegrityError and registers nothing; the door then
    answers with what the key brought in before. The writes are a block of their own (a
    savepoint inside a caller's transaction), so that a caller that catches the IntegrityError
    goes on in its transaction; photo files written by an intake that fails are deleted
    (``atomic_with_files``).

    Raises DomainError (with the field it is about) for anything the door should show."""
    require_may_register(
        actor=actor,
        channel=channel,
        receiving_organisation=receiving_organisation,
        category=category,
        arrears=arrears,
    )
    if isinstance(location, LocationInput):
        location = location_resolve(
            given=location, client=default_client() if lookup_addresses else None
        )
    # One transaction; the timeline lines and audit rows of every step written together at its
    # end, and what follows after commit (the partners told, the receipt, the proposal's
    # deadline) queued as one task row.
    with (
        atomic_with_files(),
        writes_together(),
        followups_together(),
    ):
        created = signal_create(
            actor=actor,
            channel=channel,
            category=category,
            description=description,
            location=location,
            reporter=reporter,
            occurred_at=occurred_at,
            is_tenant=is_tenant,
            is_urgent=is_urgent,
            receiving_organisation=receiving_organisation,
            photos=photos,
            pending_uploads=pending_uploads,
            external_reference=external_reference,
            arrears=arrears,
            received_at=received_at,
            tracking_token=tracking_token_for(form_key),
        )
        case = case_place_signal(actor=actor, signal=created.signal, just_created=True)
        form_key_record(form_key=form_key, actor=actor, signal=created.signal)
        emailed = False
        if received_at is None:
            event_publish(
                kind=EventType.SIGNAL_RECEIVED,
                at=created.signal.created_at,
                signal_id=created.signal.pk,
                case_id=case.pk if case else None,
            )
            if created.tracking_token:
                emailed = receipt_later(reporter=created.reporter, token=created.tracking_token)
    return SignalCreated(
        signal=created.signal, tracking_token=created.tracking_token, receipt_emailed=emailed
    )


def signal_relocated(*, actor: Actor, signal: Signal, location: ResolvedLocation) -> Signal:
    """Correct a signal's location (see ``signal_relocate``, which checks that the actor is
    of the receiving organisation). A signal that had no wijk yet (its address could not be
    checked) gets its place in a case now that it has one. Not once the retention run removed
    its case's personal data: an address added now would stay for good."""
    link = CaseSignal.objects.select_related("case").filter(signal_id=signal.pk).first()
    with transaction.atomic():
        signal = signal_relocate(actor=actor, signal=signal, location=location)
        if link is not None:
            # After the actor's check, so that only who may move it learns why not; the
            # transaction takes the move back.
            require_personal_data_kept(link.case)
        if signal.team_id is not None and link is None:
            case_place_signal(actor=actor, signal=signal)
    return signal
