"""Need-to-know for signals (DESIGN §6). Every read of a signal for a user goes through here.

- team: all members of the wijk's team see the details;
- case partners: the receiving organisation and the organisations it is shared with (the lead
  and involved partners of its case) see the details; other team members see that it exists
  (category, buurt, status), nothing personal;
- confidential: only the receiving (source) organisation and those it is shared with know it
  exists at all;
- the reporter's identity: only the receiving organisation.
Team scope: members of the wijk's team and coordinators see a team's signals; an organisation
always sees the signals it received. "Missing" and "not yours" are the same 404.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from wijkteam.areas.distance import bounding_box, distance_metres
from wijkteam.partners.models import OrganisationKind, Role, Team, TeamFunction, TeamMember, User
from wijkteam.signals.models import (
    ArrearsImport,
    Attachment,
    Channel,
    DebtHelpReferral,
    PublicStatus,
    Reporter,
    Sensitivity,
    Signal,
)
from wijkteam.signals.services import hash_token

# Roles that oversee every wijkteam.
OVERSEEING_ROLES = frozenset({Role.COORDINATOR})


@dataclass(frozen=True)
class SignalAccess:
    details: bool  # description, address, point, photos, history
    reporter: bool  # who reported it


def _is_staff_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.organisation_id)


def _team_ids(user: User) -> set[int]:
    return set(TeamMember.objects.filter(user=user).values_list("team_id", flat=True))


def may_open_team_inbox(user: User, team: Team) -> bool:
    return _is_staff_member(user) and (
        user.role in OVERSEEING_ROLES or TeamMember.objects.filter(user=user, team=team).exists()
    )


def access_for(user: User, signal: Signal, *, in_team: bool) -> SignalAccess | None:
    """What ``user`` may see of ``signal``; None when they may not know it exists.
    ``in_team``: the user is in the signal's team (or oversees all teams)."""
    if not _is_staff_member(user):
        return None
    receiver = signal.receiving_organisation_id == user.organisation_id
    shared = user.organisation_id in {organisation.pk for organisation in signal.shared_with.all()}
    if signal.sensitivity == Sensitivity.CONFIDENTIAL:
        if receiver or shared:
            return SignalAccess(details=True, reporter=receiver)
        return None
    if not (in_team or receiver or shared):
        return None
    details = receiver or shared or signal.sensitivity == Sensitivity.TEAM
    return SignalAccess(details=details, reporter=receiver)


def team_signals_for_user(user: User, team: Team) -> QuerySet[Signal]:
    """The signals of a team's inbox that ``user`` may know exist (caller checked the inbox)."""
    hidden = Q(sensitivity=Sensitivity.CONFIDENTIAL) & ~Q(
        receiving_organisation_id=user.organisation_id
    )
    shared_ids = Signal.shared_with.through.objects.filter(
        organisation_id=user.organisation_id
    ).values("signal_id")
    return (
        Signal.objects.filter(team=team)
        .exclude(hidden & ~Q(pk__in=shared_ids))
        .prefetch_related("shared_with")
    )


def organisation_signals_for_user(user: User) -> QuerySet[Signal]:
    """Every signal the user's organisation received, in all wijken."""
    if not _is_staff_member(user):
        return Signal.objects.none()
    return Signal.objects.filter(receiving_organisation_id=user.organisation_id).prefetch_related(
        "shared_with"
    )


def signal_for_user(user: User, reference: str) -> tuple[Signal, SignalAccess]:
    """One signal with what the user may see of it, or 404."""
    signal = (
        Signal.objects.select_related(
            "category__parent", "neighbourhood", "district", "team", "receiving_organisation"
        )
        .prefetch_related("shared_with")
        .filter(reference=reference)
        .first()
    )
    if signal is None:
        raise Http404
    in_team = user.role in OVERSEEING_ROLES or (
        signal.team_id is not None and signal.team_id in _team_ids(user)
    )
    access = access_for(user, signal, in_team=in_team)
    if access is None:
        raise Http404
    return signal, access


# What the public may see of other people's signals: only open, team-level signals of the same
# category nearby, and of those only category, street name (no number), buurt and date.
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
    """Open signals of the same category near a point, as a resident may see them."""
    lat_range, lon_range = bounding_box(latitude, longitude, NEARBY_RADIUS_METRES)
    candidates = (
        Signal.objects.filter(
            category_id=category_id,
            sensitivity=Sensitivity.TEAM,
            created_at__gte=timezone.now() - timezone.timedelta(days=NEARBY_DAYS),
            latitude__range=lat_range,
            longitude__range=lon_range,
        )
        .exclude(status=PublicStatus.DONE)
        .select_related("category", "neighbourhood")
        .order_by("-created_at")[: limit * 4]
    )

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
        Reporter.objects.select_related("signal__category", "signal__neighbourhood")
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
    if reporter.is_primary and signal.channel != Channel.RESIDENT_WEB:
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


def reporter_by_link(value: str) -> Reporter:
    """The reporter for a signed link from one of our emails, or 404 (also when it expired)."""
    max_age = timedelta(days=settings.WIJKTEAM_REPORTER_LINK_DAYS)
    try:
        reporter_id, token_start = signing.loads(value, salt=REPORTER_LINK_SALT, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    reporter = (
        Reporter.objects.select_related("signal__category", "signal__neighbourhood")
        .filter(pk=reporter_id)
        .first()
    )
    if reporter is None or reporter.tracking_token_hash[:16] != token_start:
        raise Http404
    return reporter


def may_register_signals(user: User) -> bool:
    """Staff of a partner organisation may register signals; read-only users may not."""
    return _is_staff_member(user) and user.role != Role.LEZER


def may_register_arrears(user: User) -> bool:
    """Staff of a housing corporation (not read-only) register arrears signals."""
    return (
        _is_staff_member(user)
        and user.organisation.kind == OrganisationKind.CORPORATIE
        and user.role != Role.LEZER
    )


def may_edit_signal(user: User, signal: Signal) -> bool:
    """The receiving organisation looks after a signal's own data (not read-only users)."""
    return (
        _is_staff_member(user)
        and user.role != Role.LEZER
        and signal.receiving_organisation_id == user.organisation_id
    )


def arrears_imports_for_user(user: User) -> QuerySet[ArrearsImport]:
    """The CSV imports of the user's corporation (the report names its tenants' references)."""
    if not may_register_arrears(user):
        return ArrearsImport.objects.none()
    return ArrearsImport.objects.filter(organisation_id=user.organisation_id).defer("content")


# --- debt help (schuldhulp): an arrears signal's contact details passed on to the gemeente ----
# The corporation that registered the signal passes it on; the gemeente's staff who are members
# of the signal's wijkteam see what was passed on there. Nobody else: not the police, not
# welfare, not the gemeente's staff of other wijken.


def may_refer_to_debt_help(user: User, signal: Signal) -> bool:
    """The corporation that registered an arrears signal passes it on (not read-only users)."""
    return may_register_arrears(user) and signal.receiving_organisation_id == user.organisation_id


def _is_gemeente_staff(user: User) -> bool:
    return _is_staff_member(user) and user.organisation.kind == OrganisationKind.GEMEENTE


def _debt_help_memberships(user: User) -> QuerySet[TeamMember]:
    """The user's places in wijkteams as the gemeente's debt counsellor (DESIGN §6: arrears
    are shared with the gemeente's schuldhulp, not with all of the gemeente)."""
    return TeamMember.objects.filter(user=user, function=TeamFunction.SCHULDHULPVERLENER)


def may_open_debt_help(user: User) -> bool:
    """The gemeente's debt counsellors in a wijkteam have a list of what was passed on to them."""
    return _is_gemeente_staff(user) and _debt_help_memberships(user).exists()


def debt_help_referrals_for_user(user: User) -> QuerySet[DebtHelpReferral]:
    """What was passed on to the user's gemeente in the wijkteams where the user is its debt
    counsellor, newest first; nothing for anyone else. Reads only the referral, never the
    signal."""
    if not _is_gemeente_staff(user):
        return DebtHelpReferral.objects.none()
    return (
        DebtHelpReferral.objects.filter(
            gemeente_id=user.organisation_id,
            team_id__in=_debt_help_memberships(user).values("team_id"),
        )
        .select_related("team__district", "corporation", "referred_by", "picked_up_by")
        .order_by("-referred_at", "-id")
    )


def debt_help_referral_for_user(user: User, reference: str) -> DebtHelpReferral:
    """One referral for its gemeente's debt counsellors in its wijkteam, or 404 (missing and
    not yours)."""
    referral = debt_help_referrals_for_user(user).filter(reference=reference).first()
    if referral is None:
        raise Http404
    return referral


def debt_help_referral_of(signal: Signal) -> DebtHelpReferral | None:
    """The referral of a signal, for the corporation's page of it (the caller checked access)."""
    return (
        DebtHelpReferral.objects.select_related("gemeente", "referred_by", "picked_up_by")
        .filter(signal_id=signal.pk)
        .first()
    )


def debt_help_menu(user: User) -> int | None:
    """For the navigation, in one query: None when the user has no debt help list, else how
    many referrals nobody picked up yet."""
    if not _is_gemeente_staff(user):
        return None
    new = (
        debt_help_referrals_for_user(user)
        .filter(picked_up_at__isnull=True)
        .order_by()
        .values("gemeente_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            member=Exists(
                TeamMember.objects.filter(
                    user=OuterRef("pk"), function=TeamFunction.SCHULDHULPVERLENER
                )
            ),
            new=Subquery(new),
        )
        .values("member", "new")
        .first()
    )
    if not row or not row["member"]:
        return None
    return row["new"] or 0


def may_pick_up_debt_help(user: User, referral: DebtHelpReferral) -> bool:
    """The gemeente's debt counsellors in the referral's wijkteam mark it picked up (not
    read-only)."""
    return (
        _is_gemeente_staff(user)
        and user.role != Role.LEZER
        and referral.gemeente_id == user.organisation_id
        and _debt_help_memberships(user).filter(team_id=referral.team_id).exists()
    )


def debt_help_recipients(*, team_id: int, gemeente_id: int) -> QuerySet[User]:
    """Who hears of a new referral: the gemeente's active debt counsellors in the wijkteam who
    can act on it."""
    return (
        User.objects.filter(
            is_active=True,
            organisation_id=gemeente_id,
            team_memberships__team_id=team_id,
            team_memberships__function=TeamFunction.SCHULDHULPVERLENER,
        )
        .exclude(role=Role.LEZER)
        .distinct()
    )


def signal_to_join(reference: str, offered: list[PublicNearbySignal]) -> Signal:
    """The signal a resident says is 'the same problem': only one of those just offered."""
    if reference not in {item.reference for item in offered}:
        raise Http404
    return Signal.objects.get(reference=reference)
