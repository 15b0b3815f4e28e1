"""State changes of signals: intake through every door, and extra reporters."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label, audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_number
from wijkteam.core.translation import Message
from wijkteam.partners.models import Organisation, OrganisationKind, Team
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    ArrearsDetails,
    Attachment,
    Category,
    Channel,
    EventKind,
    LocationStatus,
    PendingUpload,
    PublicStatus,
    ReferenceCounter,
    Reporter,
    Signal,
    SignalEvent,
    StoredPhoto,
)
from wijkteam.signals.photos import MAX_PHOTOS, ProcessedPhoto


@dataclass(frozen=True)
class ReporterInput:
    name: str = ""
    email: str = ""
    phone: str = ""
    is_anonymous: bool = False
    # The language the resident reads (the report form's), for the emails to them.
    language: str = ""


@dataclass(frozen=True)
class ArrearsInput:
    tenant_name: str
    amount: Decimal
    months: int
    signal_date: date
    contact_attempted_on: date | None = None
    debt_help_pointed_on: date | None = None
    written_reminder_on: date | None = None
    no_objection_on: date | None = None


@dataclass(frozen=True)
class SignalCreated:
    signal: Signal
    tracking_token: str | None


def in_default_language():
    """Texts that are stored (history, messages) are written in the default language."""
    return translation.override(settings.LANGUAGE_CODE)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_tracking_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def _add_reporter(
    signal: Signal, reporter: ReporterInput, *, is_primary: bool, at: datetime | None = None
) -> str:
    """Record a reporter (nothing about them when anonymous); returns their tracking token,
    of which only the hash is stored."""
    token, token_hash = _new_tracking_token()
    anonymous = reporter.is_anonymous
    Reporter.objects.create(
        signal=signal,
        name="" if anonymous else reporter.name.strip(),
        email="" if anonymous else reporter.email.strip().lower(),
        phone="" if anonymous else reporter.phone.strip(),
        is_anonymous=anonymous,
        is_primary=is_primary,
        language=reporter.language if reporter.language in dict(settings.LANGUAGES) else "",
        tracking_token_hash=token_hash,
        created_at=at or timezone.now(),
    )
    return token


def _next_reference(at: datetime) -> str:
    """M-<year>-<number>, numbered per year."""
    year = timezone.localtime(at).year
    return f"M-{year}-{next_number(ReferenceCounter, year):05d}"


def receiving_organisation_for(
    *, category: Category, team: Team | None, is_tenant: bool | None
) -> Organisation | None:
    """The organisation that receives a resident's report: the category's first responder
    (for a tenant of the corporation or not), as a partner in the wijk's team; the gemeente
    when the team has no such partner."""
    kind = category.default_lead_kind
    if is_tenant is False and category.lead_kind_if_not_tenant:
        kind = category.lead_kind_if_not_tenant
    for wanted in (kind, OrganisationKind.GEMEENTE):
        if not wanted:
            continue
        if team is not None:
            partner = (
                team.team_partners.filter(organisation__kind=wanted, organisation__is_active=True)
                .select_related("organisation")
                .order_by("-is_core", "organisation__name")
                .first()
            )
            if partner:
                return partner.organisation
        else:
            organisation = Organisation.objects.filter(kind=wanted, is_active=True).first()
            if organisation:
                return organisation
    return None


def _check_category(category: Category, channel: str) -> None:
    if category.parent_id is None or not category.is_active:
        raise DomainError(_("Kies wat voor probleem het is."), field="category")
    if channel == Channel.RESIDENT_WEB and not category.residents_may_report:
        raise DomainError(_("Dit soort melding kunt u hier niet doen."), field="category")


def _store_photos(
    signal: Signal, photos: Sequence[ProcessedPhoto], pending: Sequence[PendingUpload]
) -> None:
    if len(photos) + len(pending) > MAX_PHOTOS:
        raise DomainError(
            _("U kunt maximaal %(count)s foto's meesturen.") % {"count": MAX_PHOTOS},
            field="photos",
        )
    for upload in pending:
        Attachment.objects.create(
            signal=signal,
            file=upload.file.name,
            content_type=upload.content_type,
            size=upload.size,
            width=upload.width,
            height=upload.height,
            original_name=upload.original_name,
        )
        # The file now belongs to the attachment; only the pending row goes.
        PendingUpload.objects.filter(pk=upload.pk).delete()
    for photo in photos:
        _save_photo(Attachment(signal=signal), photo)


def _save_photo(stored: StoredPhoto, photo: ProcessedPhoto) -> None:
    """Write a processed photo's file and save the row that holds it."""
    stored.content_type = photo.content_type
    stored.size = len(photo.content)
    stored.width = photo.width
    stored.height = photo.height
    stored.original_name = photo.original_name
    stored.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
    stored.save()


def pending_uploads_keep(*, key: str, photos: Sequence[ProcessedPhoto]) -> None:
    """Keep photos that passed the checks under a report form's key, so that a form sent
    back for a correction does not ask for them again."""
    for photo in photos:
        _save_photo(PendingUpload(key=key), photo)


def _uploads_delete(uploads: QuerySet[PendingUpload]) -> int:
    count = 0
    for upload in uploads.order_by("id").iterator():
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count


def pending_uploads_discard(*, key: str) -> None:
    """Drop what is still pending under a form's key (the form was sent, or gave up)."""
    _uploads_delete(PendingUpload.objects.filter(key=key))


def pending_uploads_expire(*, before: datetime) -> int:
    """Remove the photos of report forms that nobody sent again, uploaded before ``before``:
    rows and files. Returns how many went."""
    return _uploads_delete(PendingUpload.objects.filter(created_at__lt=before))


def record_event(
    signal: Signal,
    actor: Any,
    kind: str,
    text: str | Message = "",
    public_text: str | Message = "",
    at: datetime | None = None,
) -> None:
    """Add a line to the signal's history (``public_text`` also shows on the tracking page).
    A line the system writes is a ``Message`` (``Message(gettext_noop("..."), ...)``), read
    in each reader's language: a resident reads it in the language of their page, whatever a
    staff member had chosen. A plain ``str`` is free text someone typed, shown as it is."""
    message = text if isinstance(text, Message) else None
    public_message = public_text if isinstance(public_text, Message) else None
    with in_default_language():
        label = actor_label(actor) if actor else _("melder")
    SignalEvent.objects.create(
        signal=signal,
        at=at or timezone.now(),
        actor=actor,
        actor_label=label,
        kind=kind,
        text=message.dutch() if message else text,
        public_text=public_message.dutch() if public_message else public_text,
        message=message.as_data() if message else None,
        public_message=public_message.as_data() if public_message else None,
    )


def signal_public_status_set(
    *,
    actor: Any,
    signal: Signal,
    status: str,
    public_text: str | Message = "",
    at: datetime | None = None,
) -> bool:
    """Set the status the reporter sees, with a message for the tracking page when there is
    one (a ``Message``, or the free text someone wrote). Returns whether anything changed."""
    if signal.status == status and not public_text:
        return False
    before = signal.status
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


def signal_create(
    *,
    actor: Any,
    channel: str,
    category: Category,
    description: str,
    location: ResolvedLocation,
    reporter: ReporterInput | None = None,
    occurred_at: datetime | None = None,
    is_tenant: bool | None = None,
    is_urgent: bool = False,
    receiving_organisation: Organisation | None = None,
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
    external_reference: str = "",
    arrears: ArrearsInput | None = None,
    received_at: datetime | None = None,
) -> SignalCreated:
    """Register a signal from any door. Returns the signal and, when a reporter was recorded,
    their tracking token (shown once; only its hash is stored). ``received_at`` is for
    importing signals received earlier; it defaults to now."""
    _check_category(category, channel)
    if location.status == LocationStatus.OUTSIDE:
        raise DomainError(
            _("Deze plek ligt buiten de wijken van het wijkteam. Kies een plek in de gemeente."),
            field="location",
        )
    now = received_at or timezone.now()
    if occurred_at and occurred_at > now + timezone.timedelta(minutes=5):
        raise DomainError(_("Dit tijdstip ligt in de toekomst."), field="occurred_at")

    with transaction.atomic():
        team = (
            Team.objects.filter(district_id=location.district_id).first()
            if location.district_id
            else None
        )
        if receiving_organisation is None:
            receiving_organisation = receiving_organisation_for(
                category=category, team=team, is_tenant=is_tenant
            )
        signal = Signal.objects.create(
            reference=_next_reference(now),
            category=category,
            main_category_id=category.parent_id,
            description=description.strip(),
            occurred_at=occurred_at,
            channel=channel,
            receiving_organisation=receiving_organisation,
            created_by=actor,
            created_at=now,
            sensitivity=category.sensitivity,
            is_urgent=is_urgent or category.is_acute,
            is_tenant=is_tenant,
            external_reference=external_reference,
            team=team,
            district_id=location.district_id,
            neighbourhood_id=location.neighbourhood_id,
            latitude=location.latitude,
            longitude=location.longitude,
            street=location.street,
            house_number=location.house_number,
            house_number_addition=location.house_number_addition,
            postcode=location.postcode,
            city=location.city,
            bag_id=location.bag_id,
            location_note=location.note,
            location_status=location.status,
        )
        token = (
            _add_reporter(signal, reporter, is_primary=True, at=signal.created_at)
            if reporter
            else None
        )
        _store_photos(signal, photos, pending_uploads)
        if arrears is not None:
            ArrearsDetails.objects.create(signal=signal, **arrears.__dict__)
        with in_default_language():
            record_event(
                signal,
                actor,
                EventKind.CREATED,
                text=Message(
                    gettext_noop("Melding ontvangen (%(channel)s)."),
                    channel=Channel(signal.channel).label,
                ),
                public_text=Message(
                    gettext_noop("Uw melding is ontvangen. Het wijkteam bekijkt wie hem oppakt.")
                ),
                at=now,
            )
        audit_record(
            actor=actor,
            action="create",
            instance=signal,
            changes={
                "channel": channel,
                "category": category.slug,
                "receiving_organisation": getattr(receiving_organisation, "pk", None),
                "team": getattr(team, "pk", None),
            },
        )
    return SignalCreated(signal=signal, tracking_token=token)


def signal_add_reporter(
    *,
    signal: Signal,
    reporter: ReporterInput,
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
) -> str:
    """Add a resident who reports the same problem as an extra reporter of ``signal``, instead
    of creating a duplicate; their photos join the signal. Returns their own tracking token."""
    with transaction.atomic():
        # One reporter joins at a time, and their photos are stored after their own row: the
        # tracking page tells each reporter's photos apart by time (reporter_photos).
        Signal.objects.select_for_update().filter(pk=signal.pk).first()
        token = _add_reporter(signal, reporter, is_primary=False)
        _store_photos(signal, photos, pending_uploads)
        with in_default_language():
            record_event(
                signal,
                None,
                EventKind.REPORTER_ADDED,
                text=Message(gettext_noop("Nog een bewoner meldt hetzelfde probleem.")),
                public_text=Message(
                    gettext_noop(
                        "U meldt hetzelfde probleem als een eerdere melder. Uw melding is "
                        "bij die melding gevoegd."
                    )
                ),
            )
        audit_record(actor=None, action="reporter_added", instance=signal, changes={})
    return token


LOCATION_FIELDS = (
    "latitude",
    "longitude",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
    "bag_id",
    "location_note",
    "location_status",
    "district_id",
    "neighbourhood_id",
)


def signal_relocate(*, actor: Any, signal: Signal, location: ResolvedLocation) -> Signal:
    """Correct where a signal is (e.g. an address that could not be checked while PDOK was
    down). The signal moves to the team of its new wijk; history and audit say what changed.
    A correction must place the signal: one that is still unchecked is refused, so that nobody
    is told the location was corrected while the buurt is as unknown as before."""
    if location.status == LocationStatus.OUTSIDE:
        raise DomainError(
            _("Deze plek ligt buiten de wijken van het wijkteam. Kies een plek in de gemeente."),
            field="location",
        )
    if location.status == LocationStatus.NEEDS_REVIEW:
        raise DomainError(
            _(
                "Dit adres kon niet worden gecontroleerd: de adresservice is niet bereikbaar en "
                "het adres staat niet in het adresregister. De buurt is dus nog onbekend; er is "
                "niets opgeslagen. Wijs de plek aan op de kaart, of probeer het later opnieuw."
            ),
            field="location",
        )
    values = {
        "latitude": location.latitude,
        "longitude": location.longitude,
        "street": location.street,
        "house_number": location.house_number,
        "house_number_addition": location.house_number_addition,
        "postcode": location.postcode,
        "city": location.city,
        "bag_id": location.bag_id,
        "location_note": location.note,
        "location_status": location.status,
        "district_id": location.district_id,
        "neighbourhood_id": location.neighbourhood_id,
    }
    before_line = signal.address_line
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        changes = {
            name: [getattr(locked, name), value]
            for name, value in values.items()
            if getattr(locked, name) != value
        }
        if not changes:
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        locked.team = (
            Team.objects.filter(district_id=location.district_id).first()
            if location.district_id
            else None
        )
        locked.save(update_fields=[*values, "team"])
        with in_default_language():
            record_event(
                locked,
                actor,
                EventKind.NOTE,
                text=Message(
                    gettext_noop("Locatie aangepast: %(before)s → %(after)s."),
                    before=before_line or Message(gettext_noop("geen adres")),
                    after=locked.address_line or Message(gettext_noop("plek op de kaart")),
                ),
            )
        audit_record(
            actor=actor,
            action="relocate",
            instance=locked,
            changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
        )
    return locked


def signal_shares_set(
    *, actor: Any, signal: Signal, organisation_ids: set[int], reason: str
) -> None:
    """Share a signal's details with exactly these organisations besides the receiving one
    (the lead and involved partners of its case). Reporter details are never shared."""
    wanted = set(organisation_ids) - {signal.receiving_organisation_id}
    current = set(signal.shared_with.values_list("pk", flat=True))
    if wanted == current:
        return
    signal.shared_with.set(wanted)
    audit_record(
        actor=actor,
        action="share",
        instance=signal,
        changes={"shared_with": [sorted(current), sorted(wanted)], "reason": reason},
    )
