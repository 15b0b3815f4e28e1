"""Builders for the case tests: signals through the real intake, places, frozen moments."""

from dataclasses import replace
from datetime import datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from wijkteam.cases.models import Case, CaseStatus, LeadBasis, Proposal, ProposalStatus
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, Team
from wijkteam.signals.locations import LocationInput, ResolvedLocation, location_resolve
from wijkteam.signals.models import Category, Channel, Signal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
METRES_PER_DEGREE_LATITUDE = 111_320
_numbers = count(1)


def local(*parts: int) -> datetime:
    """A moment in Dutch local time."""
    return datetime(*parts, tzinfo=AMSTERDAM)


def place(lat: float = 52.005, lon: float = 5.505, **address) -> ResolvedLocation:
    """A point resolved to its buurt (offline), with address fields as a door would give them."""
    located = location_resolve(given=LocationInput(latitude=lat, longitude=lon), client=None)
    return replace(located, **address)


def north_of(location: ResolvedLocation, metres: float) -> ResolvedLocation:
    return replace(location, latitude=location.latitude + metres / METRES_PER_DEGREE_LATITUDE)


def address(postcode: str = "3999AA", number: int = 1, addition: str = "", **extra):
    return place(postcode=postcode, house_number=number, house_number_addition=addition, **extra)


def intake(
    slug: str = "overlast-geluid",
    *,
    location: ResolvedLocation | None = None,
    channel: str = Channel.PHONE,
    **extra,
) -> Signal:
    """A signal through the one intake door (which places it in a case and starts triage)."""
    return signal_intake(
        actor=extra.pop("actor", SYSTEM),
        channel=channel,
        category=Category.objects.get(slug=slug),
        description=extra.pop("description", "Iets aan de hand"),
        location=location or place(),
        **extra,
    ).signal


def case_of(signal: Signal) -> Case:
    return Case.objects.get(links__signal=signal)


def open_proposal(case: Case) -> Proposal:
    return Proposal.objects.get(case=case, status=ProposalStatus.OPEN)


def decided_case(
    team: Team,
    lead: Organisation,
    *,
    decided_at: datetime,
    slug: str = "overlast-geluid",
    basis: str = LeadBasis.AGREED,
    is_tenant: bool | None = None,
) -> Case:
    """An earlier case of ``team`` whose lead was decided (the history the learning reads)."""
    category = Category.objects.get(slug=slug)
    return Case.objects.create(
        reference=f"Z-1999-{next(_numbers):05d}",
        team=team,
        district=team.district,
        category=category,
        main_category=category.parent,
        sensitivity=category.sensitivity,
        is_tenant=is_tenant,
        status=CaseStatus.HANDLING,
        lead=lead,
        lead_basis=basis,
        opened_at=decided_at - timedelta(days=1),
        decided_at=decided_at,
    )


def fan_out() -> None:
    """Tell the partners and the reporters now: what the worker does after commit with each
    queued fan-out (cases/fanout.py) and receipt (signals/receipts.py), in the order queued,
    also those an intake collected into one row (core/followups.py); not the deadlines.
    tests/cases/test_fanout.py runs the real worker."""
    from django_tasks_db.models import DBTaskResult

    from wijkteam.cases.fanout import case_fanout
    from wijkteam.core.followups import queue_followups
    from wijkteam.signals.receipts import receipt_deliver

    for work in (queue_followups, case_fanout, receipt_deliver):
        queued = DBTaskResult.objects.filter(task_path=work.module_path)
        for task in queued.order_by("enqueued_at"):
            work.call(**task.args_kwargs["kwargs"])
            task.delete()
