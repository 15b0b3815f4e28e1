"""What Wijkteam tells the MOR system about a case: one new signal in Signalen's fields, made of
the case's signals whose details the gemeente may see (DESIGN §6, as an organisation of the
case's wijkteam: the lead sees them all, as their details are shared with it).

Nothing about the reporters goes along. Signalen's ``reporter`` holds an email address and a
phone number for the gemeente's own contact with the reporter; in Wijkteam a reporter told the
receiving organisation who they are, and only that organisation sees it (DESIGN §6). They never
agreed to be passed on to the gemeente's MOR system, which would send them its own emails.
"""

import re
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from wijkteam.cases.models import Case
from wijkteam.mor.models import MorCategory
from wijkteam.partners.access import organisation_viewer
from wijkteam.signals.models import Signal
from wijkteam.signals.visibility import signal_access

# Signalen's own limits (its Signal model): longer text is refused.
TEXT_LIMIT = 3000
TEXT_EXTRA_LIMIT = 10000
CASE_PROPERTY = "wijkteam_casus"
HOUSE_LETTER = re.compile(r"^[A-Za-z]$")


class NotForwardable(Exception):
    """The case cannot be sent as it is; a person must look. ``message`` is a catalogue string
    (Dutch, ``gettext_noop``), to be read as part of a sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def visible_signals(case: Case, organisation_id: int) -> list[Signal]:
    """The case's signals, oldest first, whose details the organisation may see in the case's
    wijkteam."""
    viewer = organisation_viewer(organisation_id, team_id=case.team_id)
    signals = (
        Signal.objects.filter(case_link__case=case)
        .select_related("category")
        .prefetch_related("shared_with")
        .order_by("created_at", "id")
    )
    visible = []
    for signal in signals:
        access = signal_access(viewer, signal)
        if access is not None and access.details:
            visible.append(signal)
    return visible


def _address(signal: Signal) -> dict[str, Any] | None:
    """The BAG-style address Signalen takes, when the signal has a whole one."""
    if not (signal.street and signal.house_number and signal.city):
        return None
    address: dict[str, Any] = {
        "openbare_ruimte": signal.street,
        "huisnummer": signal.house_number,
        "woonplaats": signal.city,
    }
    addition = signal.house_number_addition.strip().lstrip("-").strip()
    if HOUSE_LETTER.match(addition):
        address["huisletter"] = addition.upper()
    elif addition:
        address["huisnummer_toevoeging"] = addition
    if signal.postcode:
        address["postcode"] = signal.postcode.replace(" ", "").upper()
    return address


def signalen_body(*, case: Case, organisation_id: int, mapping: MorCategory, source: str) -> dict:
    """The new signal for Signalen's create endpoint. Raises NotForwardable."""
    signals = visible_signals(case, organisation_id)
    if not signals:
        raise NotForwardable(
            gettext_noop("de gemeente mag de details van geen van de meldingen van deze casus zien")
        )
    first = signals[0]
    latitude = first.latitude if first.latitude is not None else case.latitude
    longitude = first.longitude if first.longitude is not None else case.longitude
    if latitude is None or longitude is None:
        raise NotForwardable(
            gettext_noop("van deze casus is geen plek op de kaart bekend, en die is nodig")
        )
    location: dict[str, Any] = {
        # GeoJSON: longitude first.
        "geometrie": {"type": "Point", "coordinates": [longitude, latitude]},
    }
    address = _address(first)
    if address:
        location["address"] = address
    text = first.description.strip() or first.category.public_name
    body: dict[str, Any] = {
        "text": _cut(text, TEXT_LIMIT),
        "location": location,
        "category": {"sub_category": mapping.sub_category_url.strip()},
        # Required by Signalen; left empty on purpose (see the module's docstring).
        "reporter": {"sharing_allowed": False},
        "incident_date_start": _when(first.occurred_at or first.created_at),
        "source": source,
        "extra_properties": [
            {
                "id": CASE_PROPERTY,
                "label": "Casus in Wijkteam",
                "answer": case.reference,
                "category_url": mapping.sub_category_path,
            }
        ],
    }
    later = [
        f"{timezone.localtime(signal.created_at):%d-%m-%Y}: {signal.description.strip()}"
        for signal in signals[1:]
        if signal.description.strip()
    ]
    if later:
        body["text_extra"] = _cut(
            "Meer meldingen over deze plek in Wijkteam:\n" + "\n".join(later), TEXT_EXTRA_LIMIT
        )
    return body
