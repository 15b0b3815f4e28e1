"""Builders for the team side's tests: initiatives made the way residents make them
(``initiative_propose`` + ``initiative_confirm``), supporters, and initiatives taken to a stage
by the wijkmanager. Fixtures here are imported by the test modules that use them (the public
side's tests have their own conftest)."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.factories import add_member, make_user
from wijkteam.initiatives.models import (
    Contribution,
    ContributionKind,
    Initiative,
    InitiatorKind,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.initiatives.plans import contribution_add
from wijkteam.initiatives.proposals import IdeaInput, initiative_confirm, initiative_propose
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, TeamFunction, User
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import LocationStatus

INITIATOR_EMAIL = "initiatiefnemer@bewoner.test"
INITIATOR_NAME = "Ineke Initiatief"

# The way from IDEA to each stage (the table's main road).
ROAD = {
    Stage.IDEA: [],
    Stage.TEAM: [Stage.TEAM],
    Stage.PLAN: [Stage.TEAM, Stage.PLAN],
    Stage.UNDERWAY: [Stage.TEAM, Stage.PLAN, Stage.UNDERWAY],
    Stage.REALISED: [Stage.TEAM, Stage.PLAN, Stage.UNDERWAY, Stage.REALISED],
    Stage.STOPPED: [Stage.STOPPED],
}


def place_in(world, *, district: str = "a") -> ResolvedLocation:
    if district == "b":
        return ResolvedLocation(
            status=LocationStatus.RESOLVED,
            latitude=52.005,
            longitude=5.605,
            district_id=world.district_b.pk,
            neighbourhood_id=world.buurt_b1.pk,
        )
    return ResolvedLocation(
        status=LocationStatus.RESOLVED,
        latitude=52.005,
        longitude=5.505,
        street="Appellaan",
        house_number=1,
        postcode="3999AA",
        city="Testoord",
        district_id=world.district_a.pk,
        neighbourhood_id=world.buurt_a1.pk,
    )


def propose(
    world,
    *,
    title: str = "Voetbalkooi op het grasveld",
    district: str = "a",
    email: str = INITIATOR_EMAIL,
    wants_updates: bool = True,
    confirm: bool = True,
    description: str = "De kinderen hebben geen plek om te voetballen.",
    own_contribution: str = "Wij helpen met opbouwen.",
) -> Initiative:
    """An idea as a resident proposes it, confirmed by its link unless ``confirm`` is false."""
    initiative, token = initiative_propose(
        actor=SYSTEM,
        idea=IdeaInput(
            title=title,
            description=description,
            own_contribution=own_contribution,
            cost_estimate=Decimal("25000.00"),
            initiator_kind=InitiatorKind.COMMITTEE,
            initiator_name=INITIATOR_NAME,
            initiator_email=email,
            show_name=False,
            wants_updates=wants_updates,
            language="nl",
        ),
        location=place_in(world, district=district),
    )
    if confirm:
        initiative, _first = initiative_confirm(token=token)
    return initiative


def to_stage(world, initiative: Initiative, stage: str) -> Initiative:
    """Take the initiative along the main road to ``stage`` (from where it is) as its
    wijkmanager."""
    manager = world.wijkmanager_b if initiative.district_id == world.district_b.pk else None
    manager = manager or world.wijkmanager_a
    road = ROAD[stage]
    if initiative.stage in road:
        road = road[road.index(initiative.stage) + 1 :]
    for step in road:
        message = "Te weinig draagvlak in de buurt." if step == Stage.STOPPED else ""
        initiative_stage_set(actor=manager, initiative=initiative, stage=step, message=message)
    initiative.refresh_from_db()
    return initiative


def support(
    initiative: Initiative,
    email: str,
    *,
    comment: str = "",
    wants_updates: bool = True,
    wijk_check: str = WijkCheck.IN_WIJK,
    confirmed: bool = True,
) -> Supporter:
    """A resident's support as the public side stores it once confirmed."""
    return Supporter.objects.create(
        initiative=initiative,
        email=email,
        comment=comment,
        wants_updates=wants_updates,
        wijk_check=wijk_check,
        language="nl",
        confirmed_at=timezone.now() if confirmed else None,
    )


def promise(
    world,
    initiative: Initiative,
    *,
    organisation=None,
    kind: str = ContributionKind.MONEY,
    amount: str | None = "100.00",
    description: str = "",
    promised_on: date | None = None,
    actor=None,
) -> Contribution:
    return contribution_add(
        actor=actor or world.wijkmanager_a,
        initiative=initiative,
        organisation=organisation,
        kind=kind,
        amount=Decimal(amount) if amount is not None else None,
        description=description,
        promised_on=promised_on or timezone.localdate(),
    )


def reader_in_team_a(world) -> User:
    """A read-only user who is a member of team A: sees, may not change anything."""
    reader = make_user("lezer.a@gemeente.test", world.gemeente, Role.LEZER, full_name="Lea Lezer")
    add_member(world.team_a, reader, TeamFunction.OVERIG)
    return reader


def coordinator(world) -> User:
    return make_user(
        "coordinator@gemeente.test", world.gemeente, Role.COORDINATOR, full_name="Coby Coördinator"
    )


def png_upload(name: str = "mijlpaal.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
