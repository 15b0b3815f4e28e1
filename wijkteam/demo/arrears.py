"""Rent arrears in the demo, in Wijk 02 Zuidoost: two early signals of Veenvesters' rent
administration. One has all four steps of art. 2 Besluit gemeentelijke schuldhulpverlening, so
the corporation can pass it on to the gemeente's debt help (and schuldhulp@gemeente.example then
finds it under "Schuldhulp"); the other still misses two steps, so its page says which."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from wijkteam.demo.places import demo_location
from wijkteam.intake.arrears.upsert import ARREARS_CATEGORY
from wijkteam.intake.services import signal_intake
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.models import ARREARS_STEP_FIELDS, Category, Channel, Signal
from wijkteam.signals.services import ArrearsInput

RENT_ADMINISTRATION = "huuradministratie@veenvesters.example"


@dataclass(frozen=True)
class DemoArrears:
    key: str  # the corporation's reference: loading the demo twice adds nothing
    tenant_name: str
    amount: Decimal
    months: int
    point: tuple[float, float]
    street: str
    house_number: int
    postcode: str
    signal_days_ago: int
    # Days ago of the steps that were taken, in the order of ARREARS_STEP_FIELDS.
    steps_days_ago: tuple[int, ...]


ARREARS = (
    DemoArrears(
        "DEMO-HA-1",
        "M. de Groot",
        Decimal("1845.30"),
        4,
        (52.0168, 5.5612),
        "Spanjaardsgoed",
        66,
        "3901HG",
        signal_days_ago=45,
        steps_days_ago=(40, 33, 26, 12),
    ),
    DemoArrears(
        "DEMO-HA-2",
        "J. Bakker",
        Decimal("712.45"),
        2,
        (52.0178, 5.5596),
        "Spanjaardsgoed",
        81,
        "3901HJ",
        signal_days_ago=20,
        steps_days_ago=(15, 15),
    ),
)


def arrears_stage_load(organisations: dict[str, Organisation]) -> int:
    """Register the demo's arrears signals that are not there yet; returns how many."""
    receiver = organisations["veenvesters"]
    rent_administration = User.objects.get(email=RENT_ADMINISTRATION)
    today = timezone.localdate()
    created = 0
    for demo in ARREARS:
        if Signal.objects.filter(
            receiving_organisation=receiver, external_reference=demo.key
        ).exists():
            continue
        steps = {
            name: today - timedelta(days=days)
            for name, days in zip(ARREARS_STEP_FIELDS, demo.steps_days_ago, strict=False)
        }
        signal_intake(
            actor=rent_administration,
            channel=Channel.ARREARS_FORM,
            category=Category.objects.get(slug=ARREARS_CATEGORY),
            description="",
            location=demo_location(
                demo.point,
                street=demo.street,
                house_number=demo.house_number,
                postcode=demo.postcode,
            ),
            receiving_organisation=receiver,
            external_reference=demo.key,
            is_tenant=True,
            arrears=ArrearsInput(
                tenant_name=demo.tenant_name,
                amount=demo.amount,
                months=demo.months,
                signal_date=today - timedelta(days=demo.signal_days_ago),
                **steps,
            ),
        )
        created += 1
    return created
