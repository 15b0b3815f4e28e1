"""Live triage in the demo: cases in Wijk 02 Zuidoost at each stage of the consultation, so that
starting the demo shows the whole flow. Two proposals are a few days old: when the background
worker starts, it handles their deadlines as it would any other, so silence turns into consent
in one case and a standing objection puts the other on the wijkteamoverleg list."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from wijkteam.cases.models import Case, ProposalStatus, ResponseKind
from wijkteam.cases.triage import proposal_respond
from wijkteam.demo.places import demo_location
from wijkteam.intake.services import signal_intake
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.models import Category, Channel, Signal

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
        actor=None,
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
