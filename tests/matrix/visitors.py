"""Who asks: every kind of visitor of Wijkteam, and what their role lets them do."""

from dataclasses import dataclass

from wijkteam.partners.models import OrganisationKind, Role, TeamFunction

K = OrganisationKind


@dataclass(frozen=True)
class Visitor:
    key: str
    kind: str | None = None
    role: str | None = None
    team: str | None = None
    # Halfway in: the password was right, the second step is still to come ("code": the user
    # has an authenticator app and gives its code; "app": the user sets one up first).
    halfway: str = ""

    @property
    def staff(self) -> bool:
        """Logged in with both steps."""
        return self.kind is not None and not self.halfway

    @property
    def reader(self) -> bool:
        return self.role == Role.LEZER


ANONYMOUS = Visitor("anoniem")
# The resident who just sent their report: their session holds the receipt, and they hold the
# tracking link of their own signal.
RESIDENT = Visitor("bewoner-met-eigen-volgcode")
KIND_ROLES = {
    K.GEMEENTE: [
        Role.MEDEWERKER,
        Role.LEZER,
        Role.WIJKMANAGER,
        Role.COORDINATOR,
        Role.FUNCTIONEEL_BEHEERDER,
        Role.PRIVACY_OFFICER,
    ],
    K.CORPORATIE: [Role.MEDEWERKER, Role.LEZER, Role.WIJKBEHEERDER],
    K.POLITIE: [Role.MEDEWERKER, Role.LEZER],
    K.WELZIJN: [Role.MEDEWERKER, Role.LEZER],
    K.ZORG: [Role.MEDEWERKER, Role.LEZER],
    K.BUURTBEMIDDELING: [Role.MEDEWERKER, Role.LEZER],
    K.BEWONERSORGANISATIE: [Role.MEDEWERKER, Role.LEZER],
}
STAFF = [
    Visitor(f"{kind}-{role}-{team}", kind, role, team)
    for kind, roles in KIND_ROLES.items()
    for role in roles
    for team in "AB"
]
# The corporation's rent administration: no member of any wijkteam; its arrears in every wijk.
RENT_ADMINISTRATION = Visitor("corporatie-huuradministratie", K.CORPORATIE, Role.HUURADMINISTRATIE)
STAFF.append(RENT_ADMINISTRATION)
HALFWAY = [
    Visitor("halverwege-code-nog-geven", K.GEMEENTE, Role.MEDEWERKER, "A", halfway="code"),
    Visitor("halverwege-app-nog-instellen", K.GEMEENTE, Role.MEDEWERKER, "A", halfway="app"),
]
VISITORS = [ANONYMOUS, RESIDENT, *STAFF, *HALFWAY]
FUNCTION = {
    Role.WIJKMANAGER: TeamFunction.WIJKMANAGER,
    Role.WIJKBEHEERDER: TeamFunction.WIJKBEHEERDER,
}
# The gemeente's staff member in each team is its debt counsellor; its other roles are not.
KIND_ROLE_FUNCTION = {(K.GEMEENTE, Role.MEDEWERKER): TeamFunction.SCHULDHULPVERLENER}
KIND_FUNCTION = {
    K.GEMEENTE: TeamFunction.OVERIG,
    K.CORPORATIE: TeamFunction.WIJKCONSULENT,
    K.POLITIE: TeamFunction.WIJKAGENT,
    K.WELZIJN: TeamFunction.OPBOUWWERKER,
    K.ZORG: TeamFunction.MAATSCHAPPELIJK_WERKER,
    K.BUURTBEMIDDELING: TeamFunction.BUURTBEMIDDELAAR,
    K.BEWONERSORGANISATIE: TeamFunction.BEWONERSVERTEGENWOORDIGER,
}


def team_function(visitor: Visitor) -> str:
    """The visitor's function in their wijkteam."""
    return KIND_ROLE_FUNCTION.get(
        (visitor.kind, visitor.role), FUNCTION.get(visitor.role, KIND_FUNCTION[visitor.kind])
    )


# --- what the role lets a visitor do (DESIGN §2, §6), whatever the record ----------------------


def oversees(visitor: Visitor) -> bool:
    """The gemeente's coordinator works across wijken: every team is theirs."""
    return visitor.role == Role.COORDINATOR


def works(visitor: Visitor) -> bool:
    """Staff who may act, not only read."""
    return visitor.staff and not visitor.reader


def in_team_a(visitor: Visitor) -> bool:
    """A member of wijk A's team (where the records are), or who oversees all teams."""
    return visitor.staff and (visitor.team == "A" or oversees(visitor))


def member_of_team_a(visitor: Visitor) -> bool:
    return visitor.staff and visitor.team == "A"


def chairs_team_a(visitor: Visitor) -> bool:
    """The wijkmanager chairs the wijkteam (DESIGN §2); the coordinator may stand in."""
    return works(visitor) and (
        oversees(visitor) or (visitor.role == Role.WIJKMANAGER and visitor.team == "A")
    )


def is_rent_administration(visitor: Visitor) -> bool:
    return visitor.staff and (visitor.kind, visitor.role) == (K.CORPORATIE, Role.HUURADMINISTRATIE)


def creates_arrears(visitor: Visitor) -> bool:
    """Arrears come in through the rent administration's own doors (issue point 3)."""
    return is_rent_administration(visitor)


def refers_arrears(visitor: Visitor) -> bool:
    """The corporation passes arrears on to debt help: its rent administration, or its staff
    in the arrears' wijkteam."""
    return (
        visitor.kind == K.CORPORATIE
        and works(visitor)
        and (visitor.team == "A" or is_rent_administration(visitor))
    )


def counsels_debt(visitor: Visitor) -> bool:
    """The gemeente's debt counsellor (schuldhulpverlener) in the visitor's team."""
    return visitor.staff and (visitor.kind, visitor.role) == (K.GEMEENTE, Role.MEDEWERKER)


def receives_debt_help(visitor: Visitor) -> bool:
    """DESIGN §6: arrears go to the gemeente's schuldhulp once the art. 2 steps are done: to its
    debt counsellor in the wijk's team, not to the rest of the gemeente."""
    return counsels_debt(visitor) and visitor.team == "A"


def is_functional_admin(visitor: Visitor) -> bool:
    return visitor.staff and visitor.role == Role.FUNCTIONEEL_BEHEERDER


def is_privacy_officer(visitor: Visitor) -> bool:
    return visitor.staff and visitor.role == Role.PRIVACY_OFFICER
