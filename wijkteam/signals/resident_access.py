"""What residents may see, without an account (DESIGN §6): their own signal through its
tracking link (the token is stored hashed), their own photos, and of other people's signals
only the few facts that let them say "this is the same problem"."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.areas.distance import bounding_box, distance_metres
from wijkteam.core.errors import DomainError
from wijkteam.core.tokens import hash_token
from wijkteam.signals.models import (
    RESIDENT_CHANNELS,
    Attachment,
    EventKind,
    PublicStatus,
    Reporter,
    Sensitivity,
    Signal,
    SignalEvent,
    same_problem_q,
)

# What the public may see of other people's signals: only open, team-level signals of the same
# category nearby, and only of a category that offers "Is dit hetzelfde probleem?" (a spot in
# public space without people in it: Category.offers_same_problem); of those only category,
# street name (no number), buurt and date.
NEARBY_RADIUS_METRES = 150
NEARBY_DAYS = 90


@dataclass(frozen=True)
class PublicNearbySignal:
    reference: str
    category: str
    street: str
    neighbourhood: str
    created_at: datetime


def public_nearby_signals(
    *, category_id: int, latitude: float, longitude: float, limit: int = 5
) -> list[PublicNearbySignal]:
    """Open signals of the same category near a point, as a resident may see them: none for
    a category that does not offer "Is dit hetzelfde probleem?"."""
    lat_range, lon_range = bounding_box(latitude, longitude, NEARBY_RADIUS_METRES)
    candidates = without_boundaries(
        Signal.objects.filter(
            same_problem_q("category__"),
            category_id=category_id,
            sensitivity=Sensitivity.TEAM,
            created_at__gte=timezone.now() - timezone.timedelta(days=NEARBY_DAYS),
            latitude__range=lat_range,
            longitude__range=lon_range,
        )
        .exclude(status=PublicStatus.DONE)
        .select_related("category", "neighbourhood")
    ).order_by("-created_at")[: limit * 4]

    def metres(signal: Signal) -> float:
        return distance_metres(latitude, longitude, signal.latitude, signal.longitude)

    return [
        PublicNearbySignal(
            reference=signal.reference,
            category=signal.category.display_public_name,
            street=signal.street,
            neighbourhood=signal.neighbourhood.name if signal.neighbourhood else "",
            created_at=signal.created_at,
        )
        for signal in candidates
        if metres(signal) <= NEARBY_RADIUS_METRES
    ][:limit]


def signal_by_tracking_token(token: str) -> Reporter:
    """The reporter and their signal for a tracking link, or 404."""
    if not token or len(token) > 100:
        raise Http404
    reporter = (
        without_boundaries(
            Reporter.objects.select_related("signal__category", "signal__neighbourhood")
        )
        .filter(tracking_token_hash=hash_token(token))
        .first()
    )
    if reporter is None:
        raise Http404
    return reporter


def reporter_photos(reporter: Reporter) -> list[Attachment]:
    """The photos this reporter sent, for their tracking page: never those of another
    reporter who joined the same signal (a neighbour's photo can show who took it).

    A reporter's photos are stored right after their reporter row, with the signal locked
    (signal_create, signal_add_reporter), so they are the photos from their own row up to the
    next reporter's. Signals registered by staff show no photos: they are not the reporter's.
    """
    signal = reporter.signal
    if reporter.is_primary and signal.channel not in RESIDENT_CHANNELS:
        return []
    photos = signal.attachments.filter(
        created_at__gte=reporter.created_at,
        content_type__in=["image/jpeg", "image/png"],
    )
    next_reporter_at = (
        signal.reporters.filter(created_at__gt=reporter.created_at)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if next_reporter_at is not None:
        photos = photos.filter(created_at__lt=next_reporter_at)
    return list(photos.order_by("created_at", "id"))


def reporter_photo(reporter: Reporter, photo_id: int) -> Attachment:
    """One of the reporter's own photos, or 404 (another signal's or reporter's alike)."""
    for photo in reporter_photos(reporter):
        if photo.pk == photo_id:
            return photo
    raise Http404


REPORTER_LINK_SALT = "wijkteam.signals.reporter-link"


def reporter_link_value(reporter: Reporter) -> str:
    """A signed value that opens the reporter's tracking page from an email we send later
    (the tracking token itself is only stored hashed). Bound to the reporter's token hash."""
    return signing.dumps([reporter.pk, reporter.tracking_token_hash[:16]], salt=REPORTER_LINK_SALT)


def reporters_by_email(email: str, *, newest: int) -> list[Reporter]:
    """The reporters who left this email address (any case), the ``newest`` first, each with
    its signal and category: for sending the owner of the address their own links again. An
    anonymous reporter, or one whose details the retention run removed, is not found."""
    return list(
        Reporter.objects.annotate(address=Lower("email"))
        .filter(address=email.lower(), is_anonymous=False)
        .select_related("signal__category")
        .order_by("-created_at", "-pk")[:newest]
    )


def reporter_by_link(value: str) -> Reporter:
    """The reporter for a signed link from one of our emails, or 404 (also when it expired)."""
    max_age = timedelta(days=settings.WIJKTEAM_REPORTER_LINK_DAYS)
    try:
        reporter_id, token_start = signing.loads(value, salt=REPORTER_LINK_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    reporter = (
        without_boundaries(
            Reporter.objects.select_related("signal__category", "signal__neighbourhood")
        )
        .filter(pk=reporter_id)
        .first()
    )
    if reporter is None or reporter.tracking_token_hash[:16] != token_start:
        raise Http404
    return reporter


def signal_to_join(reference: str, offered: list[PublicNearbySignal]) -> Signal:
    """The signal a resident says is 'the same problem': only one of those just offered. Any
    other reference gets the same refusal, whether it exists or what it is about, so that the
    form cannot be used to find out. (signal_add_reporter checks the signal again.)"""
    if reference not in {item.reference for item in offered}:
        raise DomainError(
            _("Bij deze melding kunt u zich niet aansluiten. Doe een nieuwe melding.")
        )
    return Signal.objects.get(reference=reference)


def reporter_messages(reporter: Reporter) -> QuerySet[SignalEvent]:
    """The messages on a reporter's tracking page, oldest first. Their own part of the
    signal's history, and no more:

    - the lines addressed to them alone (``SignalEvent.for_reporter``): their receipt or the
      note that they joined, their answer to "Bent u tevreden?" and the lead's answer to it;
    - the lines addressed to every reporter of the signal, which are changes of the public
      status with their message ("in behandeling bij ...", the lead's message when it is
      handled, "wordt opnieuw bekeken"): for a resident who joined an earlier report only
      those written after the line that records their joining (in the order they were
      written, not by the moment a line carries, which a service may set in the past). What
      was said to the reporters before them is not theirs; the status itself shows on the
      page as it is now.

    Never a line addressed to another reporter, whether they reported first or joined later.
    A line for every reporter that is not a status change is shown to no one: a message for a
    person must say for whom. Lines whose text was emptied are left out (the page also leaves
    out those the retention run replaced)."""
    events = reporter.signal.events
    for_everyone = Q(for_reporter__isnull=True, kind=EventKind.STATUS)
    if not reporter.is_primary:
        joined_line = (
            events.filter(for_reporter=reporter, kind=EventKind.REPORTER_ADDED)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        # Without the line of their joining nothing said to everyone is known to be theirs.
        for_everyone &= Q(pk__gt=joined_line) if joined_line is not None else Q(pk__in=[])
    return (
        events.filter(Q(for_reporter=reporter) | for_everyone)
        .exclude(public_text="")
        .order_by("at", "id")
    )
