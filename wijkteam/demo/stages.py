"""Live cases in the demo, in Wijk 02 Zuidoost, so that starting the demo shows the whole flow.

Two proposals are a few days old: when the background worker starts, it handles their deadlines
as it would any other, so silence turns into consent in one case and a standing objection puts
the other on the wijkteamoverleg list. A third case, a resident's report, is being worked by
Veenvesters with an action and a note: the lead can close it with a message the resident reads
by email and on the tracking page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from wijkteam.cases.handling import case_action_create, case_note_add
from wijkteam.cases.models import Case, NoteVisibility, ProposalStatus, ResponseKind
from wijkteam.cases.triage.responses import case_decide, proposal_respond
from wijkteam.demo.places import demo_location
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.models import Category, Channel, Signal
from wijkteam.signals.services import ReporterInput

DAYS_AGO = 5  # long enough for any deadline of one working day, holidays included


@dataclass(frozen=True)
class Stage:
    key: str  # external reference: loading the demo twice adds nothing
    category: str
    description: str
    point: tuple[float, float]
    street: str
    house_number: int
    postcode: str
    receiver: str
    # (user email, response kind, reason): responses given an hour after the signal came in
    responses: tuple[tuple[str, str, str], ...] = ()


STAGES = (
    Stage(
        "DEMO-TRIAGE-1",
        "overlast-burenruzie",
        "Al maanden ruzie tussen twee gezinnen in het portiek; er wordt gescholden en gedreigd.",
        (52.0195, 5.5560),
        "Spanjaardsgoed",
        17,
        "3901HD",
        "veenvesters",
        (
            ("wijkconsulent.zuidoost@veenvesters.example", ResponseKind.AGREE, ""),
            ("opbouwwerker.zuidoost@veens.example", ResponseKind.AGREE, ""),
        ),
    ),
    Stage(
        "DEMO-TRIAGE-2",
        "overlast-huis-tuin",
        "Tuin vol afval en ongedierte; de buren klagen over ratten.",
        (52.0160, 5.5620),
        "Spanjaardsgoed",
        42,
        "3901HE",
        "veenvesters",
        (
            ("wijkconsulent.zuidoost@veenvesters.example", ResponseKind.AGREE, ""),
            (
                "wijkagent.zuidoost@politie.example",
                ResponseKind.OBJECT,
                "Geen strafbaar feit; eerst een gesprek met Veens over de zorg achter deze "
                "vervuiling.",
            ),
        ),
    ),
)


def _create(stage: Stage, organisations: dict[str, Organisation], at: datetime) -> Signal:
    location = demo_location(
        stage.point,
        street=stage.street,
        house_number=stage.house_number,
        postcode=stage.postcode,
    )
    return signal_intake(
        actor=SYSTEM,
        channel=Channel.PHONE,
        category=Category.objects.get(slug=stage.category),
        description=stage.description,
        location=location,
        receiving_organisation=organisations[stage.receiver],
        external_reference=stage.key,
        is_tenant=True,
        received_at=at,
    ).signal


def triage_stages_load(organisations: dict[str, Organisation]) -> int:
    """Create the stage cases that are not there yet; returns how many were created."""
    created = 0
    at = timezone.now() - timedelta(days=DAYS_AGO)
    for stage in STAGES:
        receiver = organisations[stage.receiver]
        if Signal.objects.filter(
            receiving_organisation=receiver, external_reference=stage.key
        ).exists():
            continue
        signal = _create(stage, organisations, at)
        case = Case.objects.get(links__signal=signal)
        proposal = case.proposals.filter(status=ProposalStatus.OPEN).first()
        for email, kind, reason in stage.responses:
            if proposal is None:
                break
            proposal_respond(
                actor=User.objects.get(email=email),
                proposal=proposal,
                kind=kind,
                reason=reason,
                at=at + timedelta(hours=1),
            )
        created += 1
    return created


HANDLING_KEY = "DEMO-HANDLING-1"
HANDLING_REPORTER = ReporterInput(name="Demo Bewoner", email="bewoner@voorbeeld.example")


def handling_stage_load(organisations: dict[str, Organisation]) -> str | None:
    """A resident's noise report that the overleg gave to Veenvesters three days ago, with an
    action and a note. Returns the resident's tracking token when it was created now (it is
    stored hashed: this is the only moment it can be shown), else None."""
    receiver = organisations["veenvesters"]
    if Signal.objects.filter(external_reference=HANDLING_KEY).exists():
        return None
    at = timezone.now() - timedelta(days=3)
    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description=(
            "De bovenburen draaien bijna elke avond tot na middernacht harde muziek. "
            "Aanbellen helpt niet meer."
        ),
        location=demo_location(
            (52.0172, 5.5604), street="Spanjaardsgoed", house_number=9, postcode="3901HF"
        ),
        reporter=HANDLING_REPORTER,
        is_tenant=True,
        external_reference=HANDLING_KEY,
        received_at=at,
    )
    case = Case.objects.get(links__signal=created.signal)
    chair = User.objects.get(email="wijkmanager.zuidoost@gemeente.example")
    consulent = User.objects.get(email="wijkconsulent.zuidoost@veenvesters.example")
    case_decide(
        actor=chair,
        case=case,
        lead=receiver,
        reasoning="Huurders van Veenvesters; de wijkconsulent kent het gezin boven.",
        at=at + timedelta(hours=20),
    )
    case_action_create(
        actor=consulent,
        case=case,
        description="Gesprek met de bovenburen over geluid na 22.00 uur",
        owner_organisation=receiver,
        owner_user=consulent,
        due_date=timezone.localdate() + timedelta(days=2),
    )
    case_note_add(
        actor=consulent,
        case=case,
        text="Bovenburen zijn aangeschreven; ze reageren nog niet op de brief.",
        visibility=NoteVisibility.PARTNERS,
    )
    return created.tracking_token
