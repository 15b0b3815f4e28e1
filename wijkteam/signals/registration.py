"""Registering a signal through any door, and a resident who joins an earlier signal; each
checks by itself who may take a signal in through which door."""

from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_number
from wijkteam.core.tokens import hash_token
from wijkteam.core.translation import Message, in_default_language
from wijkteam.core.written_files import atomic_with_files
from wijkteam.partners.actors import Actor, is_system, is_user, require_actor
from wijkteam.partners.models import Organisation
from wijkteam.partners.team_partners import team_of_district
from wijkteam.signals.access import may_register_arrears, may_register_signals
from wijkteam.signals.counts import signal_counts_stale
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    RESIDENT_CHANNELS,
    ArrearsDetails,
    Category,
    Channel,
    EventKind,
    LocationStatus,
    PendingUpload,
    PublicStatus,
    ReferenceCounter,
    Reporter,
    Sensitivity,
    Signal,
)
from wijkteam.signals.photos import ProcessedPhoto
from wijkteam.signals.receipts import receipt_send
from wijkteam.signals.services import (
    ArrearsInput,
    ReporterAdded,
    ReporterInput,
    SignalCreated,
    new_tracking_token,
    receiving_organisation_for,
)
from wijkteam.signals.timeline import record_event
from wijkteam.signals.uploads import require_photo_count, store_photos

# The rent administration's doors: confidential arrears of the corporation's own tenants.
ARREARS_CHANNELS = frozenset({Channel.ARREARS_FORM, Channel.ARREARS_IMPORT})


def require_may_register(
    *,
    actor: Actor,
    channel: str,
    receiving_organisation: Organisation | None,
    category: Category | None = None,
    arrears: ArrearsInput | None = None,
) -> None:
    """Refuse (DomainError) who may not take a signal in through this door: the resident's
    door is the system's (a resident has no account); arrears (confidential categories) come in
    only through the rent administration's doors, for the corporation's own tenants; every
    other door is for staff who may register signals, for their own organisation or for one
    the category's routing sends it to (its first responder). The system (demo data, imports of
    the past) may use every door."""
    require_actor(actor)
    if receiving_organisation is not None and not receiving_organisation.is_active:
        raise DomainError(
            _("Kies een organisatie die nog actief is."), field="receiving_organisation"
        )
    if not is_user(actor):
        return  # the system
    if channel in RESIDENT_CHANNELS:
        raise DomainError(
            _("Via de website meldt een bewoner zelf. Kies hoe de melding binnenkwam."),
            field="channel",
        )
    if arrears is not None and channel not in ARREARS_CHANNELS:
        raise DomainError(_("Huurachterstand komt alleen binnen via de huuradministratie."))
    if channel in ARREARS_CHANNELS:
        if not may_register_arrears(actor):
            raise DomainError(
                _("Alleen de huuradministratie van een woningcorporatie legt huurachterstand vast.")
            )
        if (
            receiving_organisation is not None
            and receiving_organisation.pk != actor.organisation_id
        ):
            raise DomainError(
                _("Een corporatie legt alleen de huurachterstand van haar eigen huurders vast.")
            )
        return
    if not may_register_signals(actor):
        raise DomainError(_("Alleen medewerkers van een partnerorganisatie leggen meldingen vast."))
    if category is not None and category.sensitivity == Sensitivity.CONFIDENTIAL:
        raise DomainError(
            _(
                "Huurachterstand legt alleen de huuradministratie van de corporatie vast, met "
                "haar eigen formulier of import."
            ),
            field="category",
        )
    if receiving_organisation is not None and receiving_organisation.pk != actor.organisation_id:
        routed = routed_kinds(category) if category is not None else set()
        if receiving_organisation.kind not in routed:
            raise DomainError(
                _(
                    "U legt een melding vast voor uw eigen organisatie, of voor de organisatie "
                    "die dit soort melding volgens de afspraken ontvangt."
                ),
                field="receiving_organisation",
            )


def routed_kinds(category: Category) -> set[str]:
    """The kinds of organisation a category's routing sends its signals to: its first
    responder, for a tenant of the corporation or not."""
    return {kind for kind in (category.default_lead_kind, category.lead_kind_if_not_tenant) if kind}


def _add_reporter(
    signal: Signal,
    reporter: ReporterInput,
    *,
    is_primary: bool,
    at: datetime | None = None,
    tracking_token: str | None = None,
) -> tuple[Reporter, str]:
    """Record a reporter (nothing about them when anonymous); returns the row and their
    tracking token (``tracking_token``, or a new random one), of which only the hash is
    stored. The hash is unique: a token given twice raises IntegrityError."""
    if tracking_token:
        token, token_hash = tracking_token, hash_token(tracking_token)
    else:
        token, token_hash = new_tracking_token()
    anonymous = reporter.is_anonymous
    row = Reporter.objects.create(
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
    return row, token


def _next_reference(at: datetime) -> str:
    """M-<year>-<number>, numbered per year."""
    year = timezone.localtime(at).year
    return f"M-{year}-{next_number(ReferenceCounter, year):05d}"


def _check_category(category: Category, channel: str) -> None:
    if category.parent_id is None or not category.is_active:
        raise DomainError(_("Kies wat voor probleem het is."), field="category")
    if channel in RESIDENT_CHANNELS and not category.residents_may_report:
        raise DomainError(_("Dit soort melding kunt u hier niet doen."), field="category")


def signal_create(
    *,
    actor: Actor,
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
    tracking_token: str | None = None,
) -> SignalCreated:
    """Register a signal from any door (``require_may_register`` says who may use which).
    Returns the signal and, when a reporter was recorded, their tracking token (shown once;
    only its hash is stored): ``tracking_token`` when the door made it (the resident's form,
    from its key: the same report sent twice fails on the token's unique hash), else a new
    random one. ``received_at`` is for importing signals received earlier; it
    defaults to now. The intake (``intake.services.signal_intake``) also places it in a case
    and sends the receipt."""
    require_may_register(
        actor=actor,
        channel=channel,
        receiving_organisation=receiving_organisation,
        category=category,
        arrears=arrears,
    )
    _check_category(category, channel)
    if location.status == LocationStatus.OUTSIDE:
        raise DomainError(
            _("Deze plek ligt buiten de wijken van het wijkteam. Kies een plek in de gemeente."),
            field="location",
        )
    now = received_at or timezone.now()
    if occurred_at and occurred_at > now + timezone.timedelta(minutes=5):
        raise DomainError(_("Dit tijdstip ligt in de toekomst."), field="occurred_at")
    require_photo_count(photos, pending_uploads)

    # Every refusal is above; what follows only writes. Inside the intake's transaction it
    # needs no savepoint of its own (one round trip less each way).
    with atomic_with_files(savepoint=False):
        team = team_of_district(location.district_id) if location.district_id else None
        if receiving_organisation is None and channel in ARREARS_CHANNELS and is_user(actor):
            receiving_organisation = actor.organisation
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
            created_by=actor if is_user(actor) else None,
            created_at=now,
            sensitivity=category.sensitivity,
            is_urgent=is_urgent or category.is_acute,
            is_tenant=is_tenant,
            external_reference=external_reference,
            team=team,
            **location.signal_fields(),
        )
        signal_counts_stale(signal)
        # A new signal is shared with nobody: said here, so that sharing it reads nothing back.
        signal._prefetched_objects_cache = {"shared_with": Organisation.objects.none()}
        first_reporter, token = (
            _add_reporter(
                signal,
                reporter,
                is_primary=True,
                at=signal.created_at,
                tracking_token=tracking_token,
            )
            if reporter
            else (None, None)
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
                # A resident's own report: the system takes it in, the resident made it.
                label=_("melder") if channel in RESIDENT_CHANNELS else "",
                # The receipt is the first reporter's, not of who may join later.
                for_reporter=first_reporter,
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
    return SignalCreated(signal=signal, tracking_token=token, reporter=first_reporter)


def signal_add_reporter(
    *,
    actor: Actor,
    signal: Signal,
    reporter: ReporterInput,
    photos: Sequence[ProcessedPhoto] = (),
    pending_uploads: Sequence[PendingUpload] = (),
    tracking_token: str | None = None,
) -> ReporterAdded:
    """Add a resident who reports the same problem as an extra reporter of ``signal``, instead
    of creating a duplicate; their photos join the signal, and one who left an email address
    gets the receipt. Only a resident through the report form (the system acts for them), and
    only to an open signal the whole wijkteam sees, of a category that offers "Is dit
    hetzelfde probleem?" (litter, graffiti: never a report about people, which the person it
    is about could otherwise join and follow), as the form offered it. The joiner's tracking
    page shows the public status and, of the messages, only what is theirs
    (``resident_access.reporter_messages``). ``tracking_token``: as for ``signal_create``."""
    require_actor(actor)
    if not is_system(actor):
        raise DomainError(_("Alleen een bewoner sluit zich met een eigen melding aan."))
    with atomic_with_files():
        # One reporter joins at a time, and their photos are stored after their own row: the
        # tracking page tells each reporter's photos apart by time (reporter_photos).
        locked = (
            Signal.objects.select_for_update(of=("self",))
            .select_related("category")
            .get(pk=signal.pk)
        )
        if locked.sensitivity != Sensitivity.TEAM or not locked.category.offers_same_problem:
            raise DomainError(
                _("Bij deze melding kunt u zich niet aansluiten. Doe een nieuwe melding.")
            )
        if locked.status == PublicStatus.DONE or locked.retention_applied_at is not None:
            raise DomainError(_("Deze melding is al afgehandeld. Doe een nieuwe melding."))
        row, token = _add_reporter(
            locked, reporter, is_primary=False, tracking_token=tracking_token
        )
        store_photos(locked, photos, pending_uploads)
        with in_default_language():
            record_event(
                locked,
                actor,
                EventKind.REPORTER_ADDED,
                text=Message(gettext_noop("Nog een bewoner meldt hetzelfde probleem.")),
                public_text=Message(
                    gettext_noop(
                        "U meldt hetzelfde probleem als een eerdere melder. Uw melding is "
                        "bij die melding gevoegd."
                    )
                ),
                label=_("melder"),
                for_reporter=row,
            )
        audit_record(actor=actor, action="reporter_added", instance=locked, changes={})
        emailed = receipt_send(reporter=row, token=token)
    return ReporterAdded(tracking_token=token, receipt_emailed=emailed)
