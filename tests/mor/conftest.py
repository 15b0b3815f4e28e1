"""The forwarding's tests: a fake Signalen installation started per test, the gemeente of the
world fixture connected to it, and litter cases whose first responder is agreed."""

from datetime import timedelta

import pytest

from tests.cases.support import case_of, intake, open_proposal, place
from tests.mor.signalen_fake import FakeSignalen
from wijkteam.cases.models import Case, CaseStatus
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.mor.models import Forwarding, MorCategory, MorConnection
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Category

TOKEN = "token-van-de-gemeente-123"
SOURCE = "Wijkteam Testoord"
LITTER = "/signals/v1/public/terms/categories/afval/sub_categories/veeg-zwerfvuil"
FURNITURE = (
    "/signals/v1/public/terms/categories/wegen-verkeer-straatmeubilair/sub_categories/"
    "straatmeubilair"
)


@pytest.fixture
def signalen():
    fake = FakeSignalen(token=TOKEN, sub_categories=[LITTER, FURNITURE], sources=[SOURCE])
    yield fake
    fake.stop()


@pytest.fixture
def connection(world, signalen) -> MorConnection:
    """The gemeente's MOR system, taking its litter (and broken street furniture)."""
    connection = MorConnection.objects.create(
        organisation=world.gemeente,
        base_url=signalen.url,
        auth_token=TOKEN,
        source=SOURCE,
    )
    MorCategory.objects.create(
        connection=connection,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        sub_category_url=LITTER,
    )
    MorCategory.objects.create(
        connection=connection,
        category=Category.objects.get(slug="vernieling-openbare-ruimte"),
        sub_category_url=f"{signalen.url}{FURNITURE}",
    )
    return connection


def litter(slug: str = "vervuiling-zwerfafval", **extra) -> Case:
    """A report of litter at a spot in wijk A (a new case, its triage started)."""
    location = extra.pop(
        "location",
        place(lat=52.0052, lon=5.5051, street="Appellaan", city="Testoord"),
    )
    signal = intake(
        slug,
        location=location,
        description=extra.pop("description", "Vuilniszakken en een kapotte stoel naast de bank"),
        **extra,
    )
    return case_of(signal)


def agreed(case: Case) -> Case:
    """The partners' silence agrees the proposed lead."""
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    return case


def forwarding_of(case: Case) -> Forwarding:
    return Forwarding.objects.get(case=case)


def timeline(case: Case) -> list[str]:
    return [event.display_text for event in case.events.order_by("at", "id")]
