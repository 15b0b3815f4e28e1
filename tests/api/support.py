"""Builders for the API's tests: a client (with its account) for an organisation, and the
header that sends its key."""

from wijkteam.api.models import ApiClient
from wijkteam.api.scopes import Scope
from wijkteam.api.services import api_client_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, Role, Team

ALL_SCOPES = tuple(Scope.values)


def make_client(
    organisation: Organisation,
    *,
    teams: tuple[Team, ...] = (),
    scopes=ALL_SCOPES,
    role: str = Role.MEDEWERKER,
    name: str = "Systeem",
    rate: int = 10_000,
) -> tuple[ApiClient, str]:
    return api_client_create(
        actor=SYSTEM,
        name=name,
        organisation=organisation,
        scopes=scopes,
        rate_limit_per_minute=rate,
        role=role,
        teams=teams,
    )


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
