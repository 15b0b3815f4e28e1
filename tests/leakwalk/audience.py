"""The oracle: who may see each secret, written down in the test when the secret is written,
from DESIGN §6 as this test reads it, never from the application's rule code.

An audience is a set of seats. A seat is a group of people:
- ``team(t)``: every member of wijk t's team (team records);
- ``organisation(kind, t)``: the members, in wijk t's team, of the organisation of that kind
  (case partners, reporter identity, notes for one's own organisation);
- ``rent(kind)``: the corporation's rent administration, outside every wijkteam (confidential
  arrears come from it);
- ``debt(t)``: the gemeente's debt counsellors in wijk t's team (arrears passed on to them);
- ``holder(name)``: whoever holds that reporter's tracking link (their own report).
Roles that work across wijken (the gemeente's coordinator) sit in every team's seats and in
every seat of their own organisation: their role needs that. They do not sit with the rent
administration or debt help.

Each marker is a string that occurs nowhere else. The same text may live in more than one
secret (a street two signals share): who sits in the audience of any of them may see it.

What a secret's audience is when it is written is decided in actions.py: a signal's details
for its wijk's team (team signals) or its receiving organisation (case partners, confidential);
who reported it for the receiving organisation; what is written on a case for the organisations
taking part in it then (the whole team while it holds only team signals). An audience grows
only by an explicit sharing decision (the lead agreed or decided, a partner involved, arrears
passed on to debt help): ``widen`` is called by the steps that are such a decision, for the
case's secrets and those of the signals in it at that moment. Grouping, moving, merging and
splitting never call it.

``every_wijk`` reads an organisation's seat as its members in every wijk, as the application
does today: the tests use it to tell that known gap apart from every other sighting.
"""

from dataclasses import dataclass, field

from tests.matrix import Visitor, counsels_debt, oversees

TEAM, ORGANISATION, RENT, DEBT, HOLDER = "team", "organisation", "rent", "debt", "holder"
# What kind of secret it is (for the failure messages, and to tell the known gaps apart).
TEAM_RECORD = "team record"
PARTNERS_RECORD = "case partners' record"
CONFIDENTIAL_RECORD = "confidential record"
REPORTER = "reporter identity"
OWN_ORGANISATION = "note for one organisation"


@dataclass(frozen=True)
class Seat:
    what: str
    team: str | None = None
    kind: str | None = None
    holder: str | None = None

    def __str__(self) -> str:
        return "/".join(part for part in (self.what, self.kind, self.team, self.holder) if part)


def team(name: str) -> Seat:
    return Seat(TEAM, team=name)


def organisation(kind: str, name: str) -> Seat:
    return Seat(ORGANISATION, team=name, kind=kind)


def rent(kind: str) -> Seat:
    return Seat(RENT, kind=kind)


def debt(name: str) -> Seat:
    return Seat(DEBT, team=name)


def holder(name: str) -> Seat:
    return Seat(HOLDER, holder=name)


@dataclass(frozen=True)
class Who:
    """Someone the walk crawls as: a staff visitor of the matrix, the rent administration (a
    corporation member in no wijkteam), or the holder of a reporter's tracking link."""

    key: str
    visitor: Visitor | None = None
    rent_administration: bool = False
    holds: str | None = None
    each_step: bool = True  # crawled after every step (see world.py), or only at the ends

    @property
    def staff(self) -> bool:
        return self.visitor is not None and self.visitor.staff


def seated(seat: Seat, who: Who, *, every_wijk: bool = False) -> bool:
    """Whether ``who`` sits in ``seat``. ``every_wijk``: read an organisation's seat as its
    members in every wijk, as the application does today (to tell that known gap apart)."""
    if seat.what == HOLDER:
        return who.holds == seat.holder
    if not who.staff:
        return False
    visitor = who.visitor
    if every_wijk and seat.what in (ORGANISATION, RENT):
        return visitor.kind == seat.kind
    in_team = visitor.team == seat.team or oversees(visitor)
    if seat.what == TEAM:
        return in_team
    if seat.what == ORGANISATION:
        return visitor.kind == seat.kind and in_team
    if seat.what == RENT:
        return who.rent_administration and visitor.kind == seat.kind
    if seat.what == DEBT:
        return counsels_debt(visitor) and visitor.team == seat.team
    raise AssertionError(f"Unknown seat {seat}")


@dataclass
class Secret:
    """One secret: what it is (for the failure message), its markers, its kind, its audience,
    and what a sharing decision widens it with: ``case`` for what lives on a case (notes for
    the partners, documents, actions, the address, messages), ``signal`` for a signal's details
    (its case is looked up when the decision is taken); neither for reporter identity and
    notes for one's own organisation, which no decision shares."""

    what: str
    markers: tuple[str, ...]
    kind: str
    seats: set[Seat]
    case: str | None = None
    signal: str | None = None

    def admits(self, who: Who, *, every_wijk: bool = False) -> bool:
        return any(seated(seat, who, every_wijk=every_wijk) for seat in self.seats)


@dataclass
class Secrets:
    secrets: list[Secret] = field(default_factory=list)

    def write(self, what: str, markers, kind: str, seats, **more) -> Secret:
        markers = tuple(marker for marker in markers if marker)
        assert markers, f"{what}: a secret needs its markers"
        secret = Secret(what, markers, kind, set(seats), **more)
        self.secrets.append(secret)
        return secret

    def widen(self, seats, *, case: str, signals: set[str]) -> None:
        """An explicit sharing decision on ``case``: its secrets and the details of the
        ``signals`` in it now reach ``seats`` as well."""
        for secret in self.secrets:
            if secret.case == case or (secret.signal is not None and secret.signal in signals):
                secret.seats |= set(seats)

    def widen_markers(self, markers, seats) -> None:
        """An explicit decision about some markers only (arrears passed on to debt help)."""
        for secret in self.secrets:
            if set(secret.markers) & set(markers):
                secret.seats |= set(seats)

    def by_marker(self) -> dict[str, list[Secret]]:
        """Per marker, the secrets that hold it: who sits in the audience of any may see it."""
        found: dict[str, list[Secret]] = {}
        for secret in self.secrets:
            for marker in secret.markers:
                found.setdefault(marker, []).append(secret)
        return found
