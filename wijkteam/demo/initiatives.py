"""The demo's residents' initiatives, each as the people named would have taken it through
Wijkteam's own services, at the moments it happened:

- Engelenburg (Zuidoost): the big football cage on the field at the Engelenburgerweg, asked for
  by the bewonerscommissie with the youths, built with the gemeente's, the corporation's and
  Veens' contributions: *gerealiseerd*, with its milestones.
- Jan Roeckplantsoen (West): the blind wall the bewonerscommissie painted with the
  neighbourhood's children, after the gemeente removed the shrubs and paved the ground:
  *gerealiseerd*.
- Petenbos (Zuidoost): picnic tables at the pond; it reached the wijk's support threshold and
  lies with the wijkteam, so today's wijkteamoverleg has it on its agenda.
- Buurtstede (Oost): raised vegetable beds, a new idea collecting support.
- Oudeveen (Noord): a jeu-de-boules court that did not go ahead, with its reason.

Loaded once: a second run leaves the initiatives alone."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from wijkteam.areas.models import District
from wijkteam.demo.pictures import blind_wall, football_cage, vegetable_garden
from wijkteam.demo.places import demo_location
from wijkteam.initiatives.milestones import MILESTONE_STAGES, milestone_add, milestone_publish
from wijkteam.initiatives.models import (
    Contribution,
    ContributionKind,
    Initiative,
    InitiatorKind,
    Stage,
)
from wijkteam.initiatives.plans import contribution_add, contribution_deliver, initiative_plan_set
from wijkteam.initiatives.proposals import IdeaInput, initiative_confirm, initiative_propose
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.support import SupportInput, support_confirm, support_request
from wijkteam.initiatives.thresholds import district_threshold_set
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.photos import ProcessedPhoto

# Each wijk's own threshold (Zuidoost and Oost ask for support before the team takes an idea).
THRESHOLDS = {"WK034502": 10, "WK034505": 15}


@dataclass(frozen=True)
class DemoContribution:
    partner: str | None  # an organisation's demo key; None: the residents themselves
    kind: str
    amount: Decimal | None
    description: str
    promised_days_ago: int
    delivered_days_ago: int | None


@dataclass(frozen=True)
class DemoMilestone:
    title: str
    description: str
    days_ago: int
    picture: str = ""  # a key of PICTURES


@dataclass(frozen=True)
class DemoInitiative:
    district: str
    point: tuple[float, float]
    street: str
    title: str
    description: str
    own_contribution: str
    cost: Decimal | None
    initiator_kind: str
    initiator_name: str
    initiator_email: str
    show_name: bool
    proposed_days_ago: int
    pictures: tuple[str, ...]
    supporters_in_wijk: int
    supporters_elsewhere: int
    # The stages it went through, with how many days ago each was reached.
    stages: tuple[tuple[str, int], ...] = ()
    stop_reason: str = ""
    plan: str = ""
    contributions: tuple[DemoContribution, ...] = ()
    milestones: tuple[DemoMilestone, ...] = ()


PICTURES = {
    "cage": lambda: football_cage(with_players=False),
    "cage-opened": lambda: football_cage(with_players=True),
    "wall-before": lambda: blind_wall(stage="before"),
    "wall-paved": lambda: blind_wall(stage="paved"),
    "wall-mural": lambda: blind_wall(stage="mural"),
    "garden": vegetable_garden,
}

FOOTBALL_CAGE = DemoInitiative(
    district="WK034502",
    point=(52.0183, 5.5562),
    street="Engelenburgerweg",
    title="Een grote voetbalkooi in de Engelenburg",
    description=(
        "De jongeren in de Engelenburg voetballen op straat en tussen de auto's, want het "
        "grasveld aan de Engelenburgerweg is na een regenbui een modderpoel. Wij vragen een "
        "grote voetbalkooi op dat veld: een plek voor de jongeren, en minder ballen tegen ramen "
        "en auto's."
    ),
    own_contribution=(
        "De bewonerscommissie organiseert met de jongeren de opening en maakt met hen "
        "afspraken over het gebruik (tot 22.00 uur, geen muziek). Buurtouders houden een oogje "
        "in het zeil."
    ),
    cost=Decimal("45000"),
    initiator_kind=InitiatorKind.COMMITTEE,
    initiator_name="Bewonerscommissie Engelenburg",
    initiator_email="bc-engelenburg@bewoners.example",
    show_name=True,
    proposed_days_ago=430,
    pictures=("cage",),
    supporters_in_wijk=41,
    supporters_elsewhere=6,
    stages=(
        (Stage.TEAM, 400),
        (Stage.PLAN, 330),
        (Stage.UNDERWAY, 250),
        (Stage.REALISED, 160),
    ),
    plan=(
        "De gemeente legt op het grasveld aan de Engelenburgerweg een voetbalkooi van 12 bij "
        "24 meter aan, met kunstgras en een hekwerk dat weinig geluid maakt. Veenvesters betaalt "
        "mee, omdat de kooi naast haar woningen ligt. Veens begeleidt met het jongerenwerk de "
        "afspraken over het gebruik, de wijkagent komt bij de opening en loopt de eerste "
        "maanden 's avonds vaker langs."
    ),
    contributions=(
        DemoContribution(
            "gemeente", ContributionKind.MONEY, Decimal("36500"), "Aanleg voetbalkooi", 330, 170
        ),
        DemoContribution(
            "gemeente",
            ContributionKind.PERMIT,
            None,
            "Omgevingsvergunning voor het hekwerk",
            330,
            280,
        ),
        DemoContribution(
            "veenvesters", ContributionKind.MONEY, Decimal("7500"), "Bijdrage aanleg", 320, 170
        ),
        DemoContribution(
            "veens",
            ContributionKind.HOURS,
            Decimal("40"),
            "Jongerenwerk: afspraken over het gebruik en de opening",
            320,
            160,
        ),
        DemoContribution(
            "politie",
            ContributionKind.HOURS,
            Decimal("12"),
            "Wijkagent bij de opening en extra avondrondes",
            320,
            150,
        ),
        DemoContribution(
            None,
            ContributionKind.HOURS,
            Decimal("60"),
            "Opening organiseren, buurtouders",
            320,
            160,
        ),
    ),
    milestones=(
        DemoMilestone(
            "Plek gekozen met de buurt",
            "Op de buurtavond kozen 35 bewoners en jongeren voor het veld aan de "
            "Engelenburgerweg, niet te dicht bij de woningen.",
            315,
        ),
        DemoMilestone(
            "Kooi geplaatst",
            "De aannemer heeft het kunstgras gelegd en het hekwerk geplaatst.",
            175,
            "cage",
        ),
        DemoMilestone(
            "Feestelijke opening",
            "Met een toernooi van de jongeren, de wethouder en de wijkagent in het doel.",
            162,
            "cage-opened",
        ),
    ),
)

MURAL = DemoInitiative(
    district="WK034504",
    point=(52.0142, 5.5378),
    street="Jan Roeckplantsoen",
    title="Muurschildering op de blinde muur aan het Jan Roeckplantsoen",
    description=(
        "De blinde muur aan het Jan Roeckplantsoen is grauw, en de struiken ervoor zijn een "
        "plek voor zwerfafval en hondenpoep. Wij willen de struiken weg, de grond verhard en "
        "met de kinderen uit de buurt een vrolijke schildering op de muur."
    ),
    own_contribution=(
        "De bewonerscommissie schildert de muur met de kinderen uit de buurt, op drie "
        "zaterdagen, en houdt het plein daarna schoon."
    ),
    cost=Decimal("6500"),
    initiator_kind=InitiatorKind.COMMITTEE,
    initiator_name="Bewonerscommissie Jan Roeckplantsoen",
    initiator_email="bc-janroeck@bewoners.example",
    show_name=True,
    proposed_days_ago=300,
    pictures=("wall-before",),
    supporters_in_wijk=23,
    supporters_elsewhere=2,
    stages=(
        (Stage.TEAM, 285),
        (Stage.PLAN, 250),
        (Stage.UNDERWAY, 150),
        (Stage.REALISED, 60),
    ),
    plan=(
        "De gemeente haalt de struiken weg en verhardt de grond voor de muur. Veenvesters, "
        "eigenaar van de muur, geeft toestemming en betaalt de verf. De bewonerscommissie "
        "schildert met de kinderen; Veens begeleidt de kinderactiviteit."
    ),
    contributions=(
        DemoContribution(
            "gemeente",
            ContributionKind.MONEY,
            Decimal("4200"),
            "Struiken verwijderen en de grond verharden",
            250,
            130,
        ),
        DemoContribution(
            "veenvesters",
            ContributionKind.PERMIT,
            None,
            "Toestemming voor een schildering op de muur",
            245,
            240,
        ),
        DemoContribution(
            "veenvesters", ContributionKind.MONEY, Decimal("1500"), "Verf en materiaal", 245, 100
        ),
        DemoContribution(
            "veens", ContributionKind.HOURS, Decimal("16"), "Kinderactiviteit begeleiden", 240, 70
        ),
        DemoContribution(
            None, ContributionKind.HOURS, Decimal("80"), "Schilderen met de kinderen", 240, 60
        ),
    ),
    milestones=(
        DemoMilestone(
            "Struiken weggehaald",
            "De gemeente heeft de struiken voor de muur verwijderd.",
            140,
            "wall-before",
        ),
        DemoMilestone(
            "Grond verhard",
            "Waar de struiken stonden, ligt nu bestrating.",
            125,
            "wall-paved",
        ),
        DemoMilestone(
            "Muurschildering klaar",
            "Op drie zaterdagen schilderden 28 kinderen met de bewonerscommissie de muur.",
            62,
            "wall-mural",
        ),
    ),
)

PICNIC = DemoInitiative(
    district="WK034502",
    point=(52.0061, 5.5745),
    street="",
    title="Picknicktafels en bankjes bij de vijver in het Petenbos",
    description=(
        "Bij de vijver in het Petenbos is geen plek om te zitten. Met twee picknicktafels en "
        "een paar bankjes wordt het een plek waar buren elkaar tegenkomen, ook ouderen die "
        "niet ver kunnen lopen."
    ),
    own_contribution="Wij helpen bij het plaatsen en houden de plek samen schoon.",
    cost=Decimal("3000"),
    initiator_kind=InitiatorKind.GROUP,
    initiator_name="Marieke van Dam",
    initiator_email="marieke.vandam@bewoners.example",
    show_name=False,
    proposed_days_ago=20,
    pictures=(),
    supporters_in_wijk=9,
    supporters_elsewhere=2,
)

GARDEN = DemoInitiative(
    district="WK034505",
    point=(52.0361, 5.5763),
    street="",
    title="Moestuinbakken bij de Buurtstede",
    description=(
        "Op het grasveld naast de Buurtstede willen wij drie moestuinbakken, om samen groente "
        "te kweken met buren en de kinderen van de school om de hoek."
    ),
    own_contribution="Wij zaaien, wieden en oogsten; de school doet mee met een klas.",
    cost=Decimal("900"),
    initiator_kind=InitiatorKind.RESIDENT,
    initiator_name="Joost Verbeek",
    initiator_email="joost.verbeek@bewoners.example",
    show_name=True,
    proposed_days_ago=6,
    pictures=("garden",),
    supporters_in_wijk=4,
    supporters_elsewhere=2,
)

BOULES = DemoInitiative(
    district="WK034503",
    point=(52.0372, 5.5512),
    street="",
    title="Jeu-de-boulesbaan op het grasveld in Oudeveen",
    description=(
        "Een jeu-de-boulesbaan op het grasveld midden in Oudeveen, voor de oudere bewoners "
        "en iedereen die een balletje wil gooien."
    ),
    own_contribution="Wij beheren de baan en organiseren elke week een speelmiddag.",
    cost=Decimal("5000"),
    initiator_kind=InitiatorKind.GROUP,
    initiator_name="Henk de Bruin",
    initiator_email="henk.debruin@bewoners.example",
    show_name=False,
    proposed_days_ago=120,
    pictures=(),
    supporters_in_wijk=8,
    supporters_elsewhere=0,
    stages=((Stage.TEAM, 110), (Stage.STOPPED, 75)),
    stop_reason=(
        "Het grasveld is een waterberging: bij hevige regen staat het onder water, en een baan "
        "mag er niet liggen. Het wijkteam zocht met de indieners naar een andere plek in "
        "Oudeveen; die is er niet. Bij de Dragonder ligt een baan waar de indieners welkom zijn."
    ),
)

DEMO_INITIATIVES = (FOOTBALL_CAGE, MURAL, BOULES, PICNIC, GARDEN)
# Where supporters from outside the wijk live: somewhere in Centrum.
ELSEWHERE = (52.0290, 5.5520)


def _moment(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def _day(days_ago: int) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _wijkmanager(district_code: str) -> User:
    slug = {
        "WK034500": "centrum",
        "WK034501": "noordwest",
        "WK034502": "zuidoost",
        "WK034503": "noord",
        "WK034504": "west",
        "WK034505": "oost",
    }[district_code]
    return User.objects.get(email=f"wijkmanager.{slug}@gemeente.example")


def _pictures(keys: tuple[str, ...]) -> list[ProcessedPhoto]:
    return [PICTURES[key]() for key in keys]


def _propose(demo: DemoInitiative) -> Initiative:
    proposed = _moment(demo.proposed_days_ago)
    initiative, token = initiative_propose(
        actor=SYSTEM,
        idea=IdeaInput(
            title=demo.title,
            description=demo.description,
            own_contribution=demo.own_contribution,
            cost_estimate=demo.cost,
            initiator_kind=demo.initiator_kind,
            initiator_name=demo.initiator_name,
            initiator_email=demo.initiator_email,
            show_name=demo.show_name,
            # The demo's realised projects do not mail their initiators on every step again.
            wants_updates=not demo.stages,
            language="nl",
        ),
        location=demo_location(demo.point, street=demo.street),
        photos=_pictures(demo.pictures),
        at=proposed,
    )
    initiative, _confirmed = initiative_confirm(token=token, now=proposed + timedelta(hours=1))
    return initiative


def _support(demo: DemoInitiative, initiative: Initiative) -> None:
    """The supporters, confirmed on the days after the proposal; the first two of a live idea
    asked for updates."""
    slug = initiative.reference.lower()
    for number in range(demo.supporters_in_wijk + demo.supporters_elsewhere):
        in_wijk = number < demo.supporters_in_wijk
        asked = _moment(max(demo.proposed_days_ago - 1 - number % 10, 0), hour=12)
        lat, lon = demo.point if in_wijk else ELSEWHERE
        token = support_request(
            actor=SYSTEM,
            initiative=initiative,
            support=SupportInput(
                email=f"steun{number + 1:02d}.{slug}@bewoners.example",
                comment="Goed idee, ik help graag mee!" if number == 0 else "",
                wants_updates=not demo.stages and number < 2,
                language="nl",
            ),
            address=demo_location((lat + 0.0004 * (number % 5), lon)),
            at=asked,
        )
        if token:
            support_confirm(token=token, now=asked + timedelta(minutes=30))


def _realise(demo: DemoInitiative, initiative: Initiative, organisations: dict) -> None:
    """The team's part: its stages, plan, contributions and milestones, each on its day. A
    milestone is published in the stage the project was in when it happened."""
    wijkmanager = _wijkmanager(demo.district)
    contributions = []
    for index, (stage, days_ago) in enumerate(demo.stages):
        if not (stage == Stage.TEAM and initiative.stage == Stage.TEAM):
            # (the support threshold may have taken it to the team already)
            initiative = initiative_stage_set(
                actor=wijkmanager,
                initiative=initiative,
                stage=stage,
                message=demo.stop_reason if stage == Stage.STOPPED else "",
                at=_moment(days_ago),
            )
        if stage == Stage.PLAN:
            initiative_plan_set(actor=wijkmanager, initiative=initiative, plan=demo.plan)
            contributions = [
                (_contribute(initiative, wijkmanager, organisations, row), row)
                for row in demo.contributions
            ]
        if stage in MILESTONE_STAGES:
            next_days = demo.stages[index + 1][1] if index + 1 < len(demo.stages) else -1
            for milestone in demo.milestones:
                if next_days < milestone.days_ago <= days_ago:
                    _publish(initiative, wijkmanager, milestone)
    for row, contribution in contributions:
        if contribution.delivered_days_ago is not None:
            contribution_deliver(
                actor=wijkmanager,
                contribution=row,
                delivered_on=_day(contribution.delivered_days_ago),
            )


def _contribute(
    initiative: Initiative, actor: User, organisations: dict, row: DemoContribution
) -> Contribution:
    return contribution_add(
        actor=actor,
        initiative=initiative,
        organisation=organisations[row.partner] if row.partner else None,
        kind=row.kind,
        amount=row.amount,
        description=row.description,
        promised_on=_day(row.promised_days_ago),
    )


def _publish(initiative: Initiative, actor: User, milestone: DemoMilestone) -> None:
    added = milestone_add(
        actor=actor,
        initiative=initiative,
        title=milestone.title,
        happened_on=_day(milestone.days_ago),
        description=milestone.description,
        photos=_pictures((milestone.picture,)) if milestone.picture else (),
    )
    milestone_publish(actor=actor, milestone=added, at=_moment(milestone.days_ago, hour=16))


def initiatives_stage_load(organisations: dict[str, Organisation]) -> int:
    """Load the demo's initiatives once. Returns how many were made."""
    if Initiative.objects.exists():
        return 0
    for code, threshold in THRESHOLDS.items():
        district = District.objects.filter(code=code).first()
        if district is not None:
            district_threshold_set(actor=SYSTEM, district=district, threshold=threshold)
    made = 0
    for demo in DEMO_INITIATIVES:
        initiative = _propose(demo)
        _support(demo, initiative)
        initiative.refresh_from_db()
        _realise(demo, initiative, organisations)
        made += 1
    return made
