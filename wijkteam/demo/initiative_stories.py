"""The demo's residents' initiatives as data: what each idea says, where it is, who proposed
it, how many support it, and for the projects the team took on, their stages, contributions
and milestones, each with how many days ago it happened (demo/initiatives.py loads them)."""

from dataclasses import dataclass
from decimal import Decimal

from wijkteam.initiatives.models import ContributionKind, InitiatorKind, Stage


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
