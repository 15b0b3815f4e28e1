"""Records the browser journeys start from, made through the real intake."""

from dataclasses import replace

from wijkteam.cases.models import Case
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import Category

ZUIDOOST = "WK034502"


def zuidoost_noise_case(*, house_number: int, description: str) -> Case:
    """Noise at a tenant's home on the Dragonderweg in Zuidoost (an address the demo has no
    case for): a new case waiting for its first responder."""
    location = location_resolve(
        given=LocationInput(latitude=52.0185, longitude=5.5570), client=None
    )
    location = replace(
        location,
        street="Dragonderweg",
        house_number=house_number,
        postcode="3902AB",
        city="Veenendaal",
    )
    created = signal_intake(
        actor=SYSTEM,
        channel="resident_web",
        category=Category.objects.get(slug="overlast-geluid"),
        description=description,
        location=location,
        is_tenant=True,
    )
    case = Case.objects.get(links__signal=created.signal)
    assert case.team.district.code == ZUIDOOST
    return case
