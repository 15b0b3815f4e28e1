"""Fixtures for the initiatives: the base world (tests/conftest.py: wijk A with its team, the
gemeente's wijkmanager and a corporation member; wijk B with its own team) and
``make_initiative``, which proposes and confirms an idea through the services."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from shapely.geometry import shape

from tests.initiatives.team_support import ROAD
from wijkteam.areas.models import Neighbourhood
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import (
    ContributionKind,
    Initiative,
    InitiatorKind,
    Stage,
)
from wijkteam.initiatives.plans import contribution_add, contribution_deliver, initiative_plan_set
from wijkteam.initiatives.proposals import IdeaInput, initiative_confirm, initiative_propose
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import TeamFunction, TeamMember
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import LocationStatus
from wijkteam.signals.photos import process_photo


def mails_to(address: str) -> list:
    """The emails the worker sent to ``address`` (the outbox keeps no text once sent)."""
    return [message for message in mail.outbox if message.to == [address]]


def link_in(message, path: str) -> str:
    """The path of the first link in an email's text that starts with ``path``."""
    found = re.search(re.escape(path) + r"\S+", message.body)
    assert found, message.body
    return found.group(0)


def page_of(response) -> str:
    """A page's text without its random CSRF token (which could hold any digits)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def png(name: str = "plek.png", size=(40, 30), colour=(30, 120, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def place_in(neighbourhood: Neighbourhood, **changes) -> ResolvedLocation:
    """A point in the middle of a buurt, resolved to it (as location_resolve would)."""
    centre = shape(neighbourhood.geometry).centroid
    fields = {
        "status": LocationStatus.RESOLVED,
        "latitude": centre.y,
        "longitude": centre.x,
        "district_id": neighbourhood.district_id,
        "neighbourhood_id": neighbourhood.pk,
    }
    fields.update(changes)
    return ResolvedLocation(**fields)


def idea_input(**changes) -> IdeaInput:
    fields = {
        "title": "Moestuin op het grasveld",
        "description": "Het grasveld ligt er kaal bij. Samen een moestuin maken.",
        "own_contribution": "Wij zaaien en wieden met de buren.",
        "cost_estimate": Decimal("750.00"),
        "initiator_kind": InitiatorKind.GROUP,
        "initiator_name": "Groep Grasveld",
        "initiator_email": "grasveld@example.test",
        "show_name": True,
        "wants_updates": True,
    }
    fields.update(changes)
    return IdeaInput(**fields)


def propose_idea(neighbourhood: Neighbourhood, *, photos=(), **changes) -> tuple[Initiative, str]:
    """An idea proposed (not confirmed yet) in ``neighbourhood``, and its confirmation token."""
    location = changes.pop("location", None) or place_in(neighbourhood)
    return initiative_propose(
        actor=SYSTEM,
        idea=idea_input(**changes),
        location=location,
        photos=[process_photo(upload=photo) for photo in photos],
    )


def wijkmanager_of(initiative: Initiative):
    return (
        TeamMember.objects.select_related("user")
        .get(team__district_id=initiative.district_id, function=TeamFunction.WIJKMANAGER)
        .user
    )


def make_initiative(
    neighbourhood: Neighbourhood,
    *,
    stage: str = Stage.IDEA,
    stop_reason: str = "Er bleek geen plek voor te zijn.",
    **changes,
) -> Initiative:
    """A confirmed (public) idea in ``neighbourhood``, taken by the team's wijkmanager to
    ``stage``."""
    initiative, token = propose_idea(neighbourhood, **changes)
    initiative_confirm(token=token)
    initiative.refresh_from_db()
    for step in ROAD[stage]:
        initiative = initiative_stage_set(
            actor=wijkmanager_of(initiative),
            initiative=initiative,
            stage=step,
            message=stop_reason if step == Stage.STOPPED else "",
        )
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def idea(world) -> Initiative:
    """A public idea in buurt Appelhof of wijk A, collecting support."""
    return make_initiative(world.buurt_a1)


@pytest.fixture
def realised(world):
    """A project with its plan, contributions, a published milestone with a photo and an
    unpublished one, made through the team's services (the milestones while it was underway,
    as the team would)."""
    initiative = make_initiative(world.buurt_a2, stage=Stage.UNDERWAY, title="Muurschildering")
    wijkmanager = wijkmanager_of(initiative)
    initiative_plan_set(
        actor=wijkmanager,
        initiative=initiative,
        plan="De gemeente haalt de struiken weg; de commissie schildert met de kinderen.",
    )
    money = contribution_add(
        actor=wijkmanager,
        initiative=initiative,
        organisation=world.gemeente,
        kind=ContributionKind.MONEY,
        amount=Decimal("2500.00"),
        description="Struiken weghalen en bestraten",
        promised_on=date(2026, 3, 1),
    )
    contribution_deliver(actor=wijkmanager, contribution=money, delivered_on=date(2026, 4, 1))
    contribution_add(
        actor=wijkmanager,
        initiative=initiative,
        organisation=None,
        kind=ContributionKind.HOURS,
        amount=Decimal("40"),
        description="Schilderen met de kinderen",
        promised_on=date(2026, 3, 2),
    )
    published = milestone_add(
        actor=wijkmanager,
        initiative=initiative,
        title="Muurschildering klaar",
        happened_on=date(2026, 5, 1),
        description="De kinderen zetten hun naam eronder.",
        photos=[process_photo(upload=SimpleUploadedFile("m.png", png().read()))],
    )
    milestone_publish(actor=wijkmanager, milestone=published)
    draft = milestone_add(
        actor=wijkmanager,
        initiative=initiative,
        title="Interne stap",
        happened_on=date(2026, 4, 15),
        photos=[process_photo(upload=SimpleUploadedFile("d.png", png().read()))],
    )
    initiative = initiative_stage_set(
        actor=wijkmanager, initiative=initiative, stage=Stage.REALISED
    )
    initiative.refresh_from_db()
    initiative.published_photo = published.photos.get()
    initiative.draft_photo = draft.photos.get()
    return initiative
