"""What may be read of a signal through Open311 (GET requests). GeoReport v2 has no account for
reading, so what anyone may read is what the whole world may know (DESIGN §6); an app that sends
its own key also reads the requests it posted itself. Every read of a signal for Open311 goes
through ``readable_signals``; every answer through ``public_request``.

Which signals anyone may read: those of the categories whose reports anyone may already see, a
spot in public space without people in it (litter, graffiti: SAME_PROBLEM_RULE, the categories
that show "Is dit hetzelfde probleem?" to anyone reporting nearby), that residents may report
and the whole wijkteam sees. A report about people (neighbours' noise, youths, someone's care
or safety, an acute one) and rent arrears do not exist for the public: asked by their number
they are the same 404 as a number never given out, and no list holds them, so that the person
a report is about cannot find it, and Open311 tells no more than the public figures. Their
reporter follows them through the tracking link in the receipt; the app that posted one sends
its key (``api_key``) to read its status too.

What of them: the public status as the tracking page names it (*ontvangen*, *in behandeling*,
*afgehandeld*), the category, when it was received and when its status last changed, and the
organisation that handles it once the team agreed on it. Never a description, a message to the
reporters (written for them), who reported, a photo, an address, a postcode or a BAG id. Where
it is, only for a signal anyone may read whose place was checked: the street (never a house
number) and buurt, and the point rounded to about a hundred metres."""

import re

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Q, QuerySet, Subquery

from wijkteam.areas.boundaries import without_boundaries
from wijkteam.core.compiled import compiled
from wijkteam.open311.formats import moment
from wijkteam.open311.models import Open311App
from wijkteam.signals.models import (
    EventKind,
    LocationStatus,
    PublicStatus,
    Sensitivity,
    Signal,
    SignalEvent,
    same_problem_q,
)

HOUSE_NUMBER_ON = re.compile(r"\d.*", re.DOTALL)
# Three decimals of a degree: about 110 m north-south and 70 m east-west here.
POINT_DECIMALS = 3
MAX_REFERENCE = Signal._meta.get_field("reference").max_length

# What anyone may read, besides SAME_PROBLEM_RULE on the category: read per object
# (``is_public``) and as a filter (``public_q``).
PUBLIC_RULE = {"sensitivity": Sensitivity.TEAM, "category__residents_may_report": True}


def is_public(signal: Signal) -> bool:
    """Whether anyone may read this signal through Open311."""
    for path, wanted in PUBLIC_RULE.items():
        value = signal
        for name in path.split("__"):
            value = getattr(value, name)
        if value != wanted:
            return False
    return signal.category.offers_same_problem


def public_q() -> Q:
    """``is_public`` as a filter."""
    return Q(**PUBLIC_RULE) & same_problem_q("category__")


def readable_signals(app: Open311App | int | None = None) -> QuerySet[Signal]:
    """The signals anyone may read, and those ``app`` (or the app of that id) posted itself;
    each with what its answer reads, in one query: its category and main category, buurt, the
    lead of its case and when its status last changed."""
    readable = public_q()
    if app is not None:
        readable |= Q(open311_request__app=app)
    last_status_change = (
        SignalEvent.objects.filter(
            signal=OuterRef("pk"), kind=EventKind.STATUS, for_reporter__isnull=True
        )
        .order_by("-at")
        .values("at")[:1]
    )
    return without_boundaries(
        Signal.objects.filter(readable).select_related(
            "category__parent", "neighbourhood", "case_link__case__lead"
        )
    ).annotate(status_changed_at=Subquery(last_status_change))


@compiled(reference=str)
def _readable_by_anyone(reference: str) -> QuerySet[Signal]:
    return readable_signals().filter(reference=reference)


@compiled("app_id", reference=str)
def _readable_by_app(reference: str, app_id: int) -> QuerySet[Signal]:
    return readable_signals(app_id).filter(reference=reference)


def readable_signal(reference: str, app: Open311App | None = None) -> Signal | None:
    """The signal with this number as anyone (or ``app``) may read it, or None: never given
    out, or not theirs to read (one answer for both). Compiled once per process
    (core/compiled.py)."""
    if not reference or len(reference) > MAX_REFERENCE or "\x00" in reference:
        return None
    if app is None:
        return _readable_by_anyone.one(reference=reference)
    return _readable_by_app.one(reference=reference, app_id=app.pk)


def _lead_name(signal: Signal) -> str | None:
    try:
        lead = signal.case_link.case.lead
    except ObjectDoesNotExist:
        return None
    return lead.name if lead is not None else None


def _street_level(signal: Signal) -> str | None:
    """The street and buurt (and town) of a spot in public space, most specific first. The
    street without anything from its first digit on: what a door kept as typed while the
    address service was down may hold a house number ("Spanjaardsgoed 3")."""
    street = HOUSE_NUMBER_ON.sub("", signal.street).strip(" ,.-")
    buurt = signal.neighbourhood.name if signal.neighbourhood else ""
    parts = [part for part in (street, buurt, signal.city) if part]
    return ", ".join(dict.fromkeys(parts)) or None


def _rounded(value: float | None) -> float | None:
    return round(value, POINT_DECIMALS) if value is not None else None


def public_request(signal: Signal) -> dict:
    """One service request of GET requests, every field of the specification in its order
    (what is never told is there, empty)."""
    category = signal.category
    # Where it is only for a spot in public space whose place was checked.
    shows_place = category.offers_same_problem and signal.location_status == LocationStatus.RESOLVED
    return {
        "service_request_id": signal.reference,
        "status": "closed" if signal.status == PublicStatus.DONE else "open",
        "status_notes": str(PublicStatus(signal.status).label),
        "service_name": category.display_public_name,
        "service_code": category.slug,
        "description": None,
        "agency_responsible": _lead_name(signal),
        "service_notice": None,
        "requested_datetime": moment(signal.created_at),
        "updated_datetime": moment(signal.status_changed_at or signal.created_at),
        "expected_datetime": None,
        "address": _street_level(signal) if shows_place else None,
        "address_id": None,
        "zipcode": None,
        "lat": _rounded(signal.latitude) if shows_place else None,
        "long": _rounded(signal.longitude) if shows_place else None,
        "media_url": None,
    }
