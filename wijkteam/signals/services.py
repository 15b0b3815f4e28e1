"""State changes of signals: intake through every door, extra reporters, and shares."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_number
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.models import Organisation, OrganisationKind, Team
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    ArrearsDetails,
    Category,
    Channel,
    EventKind,
    LocationStatus,
    PendingUpload,
    ReferenceCounter,
    Reporter,
    Signal,
)
from wijkteam.signals.photos import ProcessedPhoto
from wijkteam.signals.timeline import record_event
from wijkteam.signals.uploads import store_photos


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
        store_photos(signal, photos, pending_uploads)
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
        store_photos(signal, photos, pending_uploads)
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
