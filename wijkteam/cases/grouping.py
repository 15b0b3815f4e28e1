"""Which case a new signal belongs to, and how often something was reported at the same place.

A signal joins an open case of its wijk's team about the same address (the same BAG id, or the
same postcode, number and addition), or, for public-space categories, about the same spot (the
same main category, within WIJKTEAM_CASE_SPOT_METRES, last signal at most WIJKTEAM_CASE_SPOT_DAYS
old) — but only a case of the same sensitivity whose details the signal's receiving organisation
may already see (``cases_to_join_q`` in cases/visibility.py). Grouping must not widen who sees
what: a signal that may not join opens a case of its own, which the team may merge by a decision
of its lead.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from wijkteam.areas.distance import bounding_box, distance_metres
from wijkteam.cases.models import OPEN_STATUSES, Case
from wijkteam.cases.visibility import cases_to_join_q
from wijkteam.signals.models import Signal

HISTORY_MONTHS = 6


def address_key(postcode: str, house_number: int | None, addition: str) -> str:
    """A normalised address ("3901HC-12-A"), or "" when the signal has no full address."""
    postcode = postcode.replace(" ", "").upper()
    if not postcode or not house_number:
        return ""
    return f"{postcode}-{house_number}-{addition.strip().upper()}".rstrip("-")


def signal_address_key(signal: Signal) -> str:
    return address_key(signal.postcode, signal.house_number, signal.house_number_addition)


def _open_cases_for(signal: Signal) -> QuerySet[Case]:
    return Case.objects.filter(team_id=signal.team_id, status__in=OPEN_STATUSES).filter(
        cases_to_join_q(
            organisation_id=signal.receiving_organisation_id,
            team_id=signal.team_id,
            sensitivity=signal.sensitivity,
        )
    )


def _at_a_spot(signal: Signal) -> bool:
    """A public-space report at a point: it groups by spot. Asked only when the signal has no
    address to group by (its category is read only then)."""
    return signal.latitude is not None and signal.category.is_public_space


def case_to_join(signal: Signal, *, now: datetime | None = None) -> Case | None:
    """The open case a new signal belongs to, or None when it starts a new one."""
    key = signal_address_key(signal)
    if signal.team_id is None or not (signal.bag_id or key or _at_a_spot(signal)):
        # Nothing to group by (a report about people at a point on the map): no query.
        return None
    cases = _open_cases_for(signal).order_by("-last_signal_at", "-id")
    if now is not None:
        # A signal entered afterwards (an import of older signals) never joins a case that
        # was opened after it came in.
        cases = cases.filter(opened_at__lte=now)
    if signal.bag_id:
        case = cases.filter(bag_id=signal.bag_id).first()
        if case:
            return case
    if key:
        case = cases.filter(address_key=key).first()
        if case:
            return case
    if _at_a_spot(signal):
        now = now or timezone.now()
        radius = settings.WIJKTEAM_CASE_SPOT_METRES
        lat_range, lon_range = bounding_box(signal.latitude, signal.longitude, radius)
        nearby = cases.filter(
            is_public_space=True,
            main_category_id=signal.main_category_id,
            last_signal_at__gte=now - timedelta(days=settings.WIJKTEAM_CASE_SPOT_DAYS),
            latitude__range=lat_range,
            longitude__range=lon_range,
        )[:20]
        measured = sorted(
            (distance_metres(signal.latitude, signal.longitude, c.latitude, c.longitude), c.pk, c)
            for c in nearby
        )
        if measured and measured[0][0] <= radius:
            return measured[0][2]
    return None


def same_place_signals(case: Case, *, now: datetime | None = None) -> QuerySet[Signal]:
    """Signals of the last six months at the case's address (any channel, any partner, open or
    closed), or for a spot: the case's own signals. The caller limits them to what the viewer
    may know exists."""
    since = (now or timezone.now()) - timedelta(days=HISTORY_MONTHS * 30)
    if case.bag_id or case.address_key:
        place = Q()
        if case.bag_id:
            place |= Q(bag_id=case.bag_id)
        if case.postcode and case.house_number:
            place |= Q(
                postcode=case.postcode,
                house_number=case.house_number,
                # As in the address key: "12a" typed while PDOK was down is "12A".
                house_number_addition__iexact=case.house_number_addition,
            )
        return Signal.objects.filter(place, created_at__gte=since)
    return Signal.objects.filter(case_link__case=case, created_at__gte=since)
