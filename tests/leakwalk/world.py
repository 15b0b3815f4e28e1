"""The walk's world: the matrix's visitors (every role of all seven organisation kinds, in wijk
A's team and in wijk B's), the rent administration, the addresses the walk reports about, and
the walk's own bookkeeping of what it wrote where (its names for cases and signals, the
tracking links it holds, the secrets with their audiences)."""

import copy
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from tests.conftest import build_world
from tests.factories import add_member, make_organisation, make_user
from tests.leakwalk.audience import Secrets, Who
from tests.matrix import STAFF, K, Visitor
from tests.matrix.visitors import team_function
from tests.matrix.world import session_of
from wijkteam.areas.models import RegisteredAddress
from wijkteam.cases.models import Case
from wijkteam.partners.models import Organisation, Role
from wijkteam.signals.models import Signal

User = get_user_model()

DISTRICTS = {"A": "WK099901", "B": "WK099902"}
from tests.matrix.visitors import RENT_ADMINISTRATION  # noqa: E402  (its own role, no team)

IN_TEAMS = [visitor for visitor in STAFF if visitor.team is not None]
# DESIGN §5: what a main category's signals are, by sensitivity. The walk's own table, so that
# the audience of what is written on a case does not come from the application.
TEAM_LEVEL, CASE_PARTNERS, CONFIDENTIAL = "team", "case_partners", "confidential"
SENSITIVITY = {
    "overlast": TEAM_LEVEL,
    "vervuiling": TEAM_LEVEL,
    "vernieling": TEAM_LEVEL,
    "onveiligheid": CASE_PARTNERS,
    "zorg": CASE_PARTNERS,
    "acuut": CASE_PARTNERS,
    "financieel": CONFIDENTIAL,
}
ORDER = [TEAM_LEVEL, CASE_PARTNERS, CONFIDENTIAL]


# After each step the walk crawls as one visitor per organisation and wijk (its staff member,
# who for the gemeente is the debt counsellor) and the roles that see records others of their
# organisation do not: wijk A's chair, the coordinator and the rent administration. The other
# roles of the matrix (read-only, the functional admin, the privacy officer, the wijkbeheerder,
# wijk B's chair and coordinator) see what their organisation's staff member sees, with fewer
# forms or with pages of their own; they are crawled after a walk's last step, over everything
# that changed during it (after the everyday walk: over everything).
EXTRA_EACH_STEP = {"gemeente-wijkmanager-A", "gemeente-coordinator-A", RENT_ADMINISTRATION.key}


def each_step(visitor: Visitor) -> bool:
    return visitor.role == Role.MEDEWERKER or visitor.key in EXTRA_EACH_STEP


@dataclass(frozen=True)
class Place:
    """An address in the register, its street a marker."""

    street: str
    postcode: str
    number: int
    buurt: str  # a1, a2 (wijk A) or b1 (wijk B)
    latitude: float
    longitude: float


# Appelhof (lon 5.50-5.51) and Perenlaan (5.51-5.52) in wijk A, Kersentuin (5.60-5.61) in B.
PLACES = {
    "geluid": Place("LWGELUIDSTRAAT", "3999AA", 3, "a1", 52.0021, 5.5021),
    "fraude": Place("LWFRAUDESTRAAT", "3999AA", 5, "a1", 52.0041, 5.5041),
    "drugs": Place("LWDRUGSSTRAAT", "3999AA", 7, "a1", 52.0061, 5.5061),
    "huur": Place("LWHUURSTRAAT", "3999AA", 15, "a1", 52.0091, 5.5091),
    "zorg": Place("LWZORGSTRAAT", "3999AB", 9, "a2", 52.0031, 5.5131),
    "buren": Place("LWBURENSTRAAT", "3999AB", 11, "a2", 52.0071, 5.5171),
    "verhuisd": Place("LWVERHUISDSTRAAT", "3999AB", 13, "a2", 52.0081, 5.5181),
    "kersen": Place("LWKERSENSTRAAT", "3999BA", 2, "b1", 52.0031, 5.6031),
    "portiek": Place("LWPORTIEKSTRAAT", "3999BA", 4, "b1", 52.0061, 5.6061),
    "kelder": Place("LWKELDERSTRAAT", "3999BA", 6, "b1", 52.0081, 5.6081),
    # Where the picture's walk corrects a noise report to (tests/leakwalk/walks.py).
    "verplaatst": Place("LWVERPLAATSTSTRAAT", "3999BA", 8, "b1", 52.0071, 5.6071),
}


@dataclass
class TrackingLink:
    """A tracking link the walk holds for a reporter: the receipt's token, the value in the
    email's link, and the walk's name of the signal reported."""

    token: str
    link: str
    signal: str


@dataclass
class State:
    """What the walk wrote and knows, copied for every walk."""

    secrets: Secrets = field(default_factory=Secrets)
    cases: dict[str, str] = field(default_factory=dict)  # the walk's name → reference
    signals: dict[str, str] = field(default_factory=dict)
    holders: dict[str, TrackingLink] = field(default_factory=dict)
    meetings: dict[str, int] = field(default_factory=dict)  # the walk's name → id


@dataclass
class World:
    base: object  # tests.conftest.World
    organisations: dict[str, Organisation]
    users: dict[str, User]
    sessions: dict[str, str]
    who: list[Who]
    state: State = field(default_factory=State)

    def user(self, key: str) -> User:
        return self.users[key]

    def team_of(self, code: str) -> str:
        return next(name for name, district in DISTRICTS.items() if district == code)

    def fresh(self) -> "World":
        """The same world with a copy of the bookkeeping, for one walk."""
        return World(
            self.base,
            self.organisations,
            self.users,
            self.sessions,
            self.who,
            copy.deepcopy(self.state),
        )

    # --- facts, read back from the database (where things are, not who may see them) ---------

    def case(self, name: str) -> Case:
        return Case.objects.get(reference=self.state.cases[name])

    def signal(self, name: str) -> Signal:
        return Signal.objects.get(reference=self.state.signals[name])

    def case_name(self, case: Case) -> str:
        for name, reference in self.state.cases.items():
            if reference == case.reference:
                return name
        raise AssertionError(f"The walk has no name for case {case.reference}")

    def case_of(self, signal: str) -> str:
        return self.case_name(Case.objects.get(links__signal__reference=self.state.signals[signal]))

    def signals_in(self, case: str) -> set[str]:
        references = set(
            Signal.objects.filter(case_link__case__reference=self.state.cases[case]).values_list(
                "reference", flat=True
            )
        )
        return {name for name, ref in self.state.signals.items() if ref in references}


def _users(world, organisations) -> tuple[dict, dict]:
    users = {}
    for visitor in IN_TEAMS:
        user = make_user(
            f"{visitor.key}@leakwalk.test",
            organisations[visitor.kind],
            visitor.role,
            full_name=f"Gebruiker {visitor.key}",
        )
        add_member(
            world.team_a if visitor.team == "A" else world.team_b, user, team_function(visitor)
        )
        users[visitor.key] = user
    # The rent administration registers arrears; it sits in no wijkteam.
    users[RENT_ADMINISTRATION.key] = make_user(
        "huuradministratie@leakwalk.test", organisations[K.CORPORATIE], Role.HUURADMINISTRATIE
    )
    sessions = {key: session_of(user, second_step=True) for key, user in users.items()}
    return users, sessions


def _addresses(world) -> None:
    buurten = {"a1": world.buurt_a1, "a2": world.buurt_a2, "b1": world.buurt_b1}
    for number, place in enumerate(PLACES.values(), start=1):
        buurt = buurten[place.buurt]
        RegisteredAddress.objects.create(
            bag_id=f"09992000000{number:05d}",
            postcode=place.postcode,
            house_number=place.number,
            street=place.street,
            city="Testoord",
            latitude=place.latitude,
            longitude=place.longitude,
            neighbourhood=buurt,
            district=buurt.district,
        )


def build_walk_world() -> World:
    """Organisations of all seven kinds, every visitor of the matrix with a session, the rent
    administration, and the register's addresses; no records yet (the setup steps add them)."""
    world = build_world()
    organisations = {
        K.GEMEENTE: world.gemeente,
        K.CORPORATIE: world.corporatie,
        K.POLITIE: world.politie,
        K.WELZIJN: world.welzijn,
        K.ZORG: make_organisation("Zorgteam Test", K.ZORG),
        K.BUURTBEMIDDELING: make_organisation("Buurtbemiddeling Test", K.BUURTBEMIDDELING),
        K.BEWONERSORGANISATIE: make_organisation("Bewonerscommissie Test", K.BEWONERSORGANISATIE),
    }
    users, sessions = _users(world, organisations)
    _addresses(world)
    who = [Who(visitor.key, visitor, each_step=each_step(visitor)) for visitor in IN_TEAMS]
    who.append(Who(RENT_ADMINISTRATION.key, RENT_ADMINISTRATION, rent_administration=True))
    return World(world, organisations, users, sessions, who)
