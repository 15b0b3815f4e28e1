"""Who asks: every kind of visitor of Wijkteam."""

from dataclasses import dataclass

from wijkteam.partners.models import OrganisationKind, Role, TeamFunction

K = OrganisationKind

# --- who asks ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    key: str
    kind: str | None = None
    role: str | None = None
    team: str | None = None

    @property
    def staff(self) -> bool:
        return self.kind is not None

    @property
    def reader(self) -> bool:
        return self.role == Role.LEZER


ANONYMOUS = Visitor("anoniem")
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
VISITORS = [ANONYMOUS, RESIDENT, *STAFF]
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
