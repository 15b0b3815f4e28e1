"""What a delivery says, built for the organisation it goes to under the need-to-know rule
(DESIGN §6, signals/visibility.py and cases/visibility.py).

Who the organisation is to the rule: its system stands for the organisation in the wijkteams
it is a partner of (``TeamPartner``), as its members there would see, and for nothing a
person's role adds (a coordinator's view of every team, the rent administration's of every
wijk). An organisation that may not know a record exists gets no delivery about it at all.

What goes out is what every organisation that may know a record sees of it on its pages:
references, category, wijk and buurt, status, the lead and the partners involved, the times of
the steps, and whether the organisation may read the details. The details themselves (the
description, the address or spot, photos, notes, who reported it) never go out in a webhook,
not even to an organisation that may see them: each reading of the details of a case-partners or
confidential record is written to the access log, so the partner's system reads them through
the API (the link in the payload), as the organisation, and is logged like a person reading
them. A payload carries no personal data and no free text."""

from typing import Any

from django.conf import settings
from django.urls import reverse

from wijkteam.access.rules import Viewer
from wijkteam.cases.models import Case
from wijkteam.cases.visibility import case_access
from wijkteam.notifications.events import Event, EventType
from wijkteam.partners.access import ACROSS_WIJKEN, ORGANISATION, OVERSEES, STAFF, TEAMS
from wijkteam.partners.models import Organisation, TeamPartner
from wijkteam.signals.models import Signal
from wijkteam.signals.visibility import signal_access

# The REST API's addresses of a signal and a case (wijkteam/api), for the partner's system to
# read what it may see of them.
API_ROOT = "/api/v1"


def organisation_reader(organisation_id: int) -> Viewer:
    """The organisation as the need-to-know rule sees its system: a member of each wijkteam it
    is a partner of, nothing more."""
    teams = tuple(
        TeamPartner.objects.filter(organisation_id=organisation_id).values_list(
            "team_id", flat=True
        )
    )
    return Viewer(
        flags={STAFF: True, OVERSEES: False},
        values={ORGANISATION: (organisation_id,), TEAMS: teams, ACROSS_WIJKEN: ()},
    )


def load_signal(signal_id: int | None) -> Signal | None:
    if signal_id is None:
        return None
    return (
        Signal.objects.select_related(
            "category", "main_category", "district", "neighbourhood", "receiving_organisation"
        )
        .prefetch_related("shared_with")
        .filter(pk=signal_id)
        .first()
    )


def load_case(case_id: int | None) -> Case | None:
    if case_id is None:
        return None
    return (
        Case.objects.select_related(
            "category", "main_category", "district", "neighbourhood", "lead"
        )
        .prefetch_related("involved")
        .filter(pk=case_id)
        .first()
    )


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _category(category) -> dict[str, str]:
    return {"code": category.slug, "name": category.name}


def _area(area) -> dict[str, str] | None:
    return {"code": area.code, "name": area.name} if area is not None else None


def _organisation(organisation: Organisation | None) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": organisation.name}


def _moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def signal_facts(signal: Signal, *, details: bool) -> dict[str, Any]:
    """What an organisation that may know the signal exists sees of it."""
    return {
        "reference": signal.reference,
        "category": _category(signal.category),
        "main_category": _category(signal.main_category),
        "wijk": _area(signal.district),
        "buurt": _area(signal.neighbourhood),
        "status": signal.status,
        "received_at": _moment(signal.created_at),
        "channel": signal.channel,
        "receiving_organisation": _organisation(signal.receiving_organisation),
        "urgent": signal.is_urgent,
        "sensitivity": signal.sensitivity,
        "details_visible": details,
        "links": {
            "api": _link(f"{API_ROOT}/signals/{signal.reference}"),
            "page": _link(reverse("signals:detail", kwargs={"reference": signal.reference})),
        },
    }


def case_facts(case: Case, *, details: bool) -> dict[str, Any]:
    """What an organisation that may know the case exists sees of it."""
    return {
        "reference": case.reference,
        "category": _category(case.category),
        "main_category": _category(case.main_category),
        "wijk": _area(case.district),
        "buurt": _area(case.neighbourhood),
        "status": case.status,
        "urgent": case.is_urgent,
        "sensitivity": case.sensitivity,
        "lead": _organisation(case.lead),
        "lead_basis": case.lead_basis or None,
        "involved": [_organisation(organisation) for organisation in case.involved.all()],
        "outcome": case.outcome or None,
        "opened_at": _moment(case.opened_at),
        "decided_at": _moment(case.decided_at),
        "resolved_at": _moment(case.resolved_at),
        "closed_at": _moment(case.closed_at),
        "details_visible": details,
        "links": {
            "api": _link(f"{API_ROOT}/cases/{case.reference}"),
            "page": _link(reverse("cases:detail", kwargs={"reference": case.reference})),
        },
    }


def payload_for(
    event: Event,
    *,
    organisation: Organisation,
    reader: Viewer,
    signal: Signal | None,
    case: Case | None,
) -> dict[str, Any] | None:
    """The payload of ``event`` for ``organisation``, or None when it may not know the record
    the event is about. A signal received names its case only when the organisation may know
    that too."""
    data: dict[str, Any] = {}
    if event.kind == EventType.SIGNAL_RECEIVED:
        access = signal_access(reader, signal) if signal is not None else None
        if access is None:
            return None
        data["signal"] = signal_facts(signal, details=access.details)
        case_seen = case_access(reader, case) if case is not None else None
        if case_seen is not None:
            data["case"] = case_facts(case, details=case_seen.details)
    else:
        access = case_access(reader, case) if case is not None else None
        if access is None:
            return None
        data["case"] = case_facts(case, details=access.details)
    return {
        "type": event.kind,
        "timestamp": _moment(event.at),
        "organisation": _organisation(organisation),
        "data": data,
    }
