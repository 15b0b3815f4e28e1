"""Small builders for test data. Geometry is a square (lon/lat) so that points are easy to
reason about."""

from shapely.geometry import box, mapping

from wijkteam.areas.models import BoundarySource, District, Neighbourhood
from wijkteam.partners.models import (
    Organisation,
    OrganisationKind,
    Role,
    Team,
    TeamFunction,
    TeamMember,
    TeamPartner,
    User,
)

PASSWORD = "een-lang-testwachtwoord"


def square(min_lon: float, min_lat: float, size: float = 0.01) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [
                list(p)
                for p in mapping(box(min_lon, min_lat, min_lon + size, min_lat + size))[
                    "coordinates"
                ][0]
            ]
        ],
    }


def make_district(
    code: str, name: str, min_lon: float, min_lat: float, size: float = 0.02
) -> District:
    return District.objects.create(
        code=code,
        name=name,
        municipality_code="GM" + code[2:6],
        inhabitants=1000,
        homes=400,
        geometry=square(min_lon, min_lat, size),
        boundary_source=BoundarySource.OFFICIAL,
    )


def make_neighbourhood(
    district: District, code: str, name: str, min_lon: float, min_lat: float, size: float = 0.01
) -> Neighbourhood:
    return Neighbourhood.objects.create(
        district=district,
        code=code,
        name=name,
        municipality_code=district.municipality_code,
        geometry=square(min_lon, min_lat, size),
        boundary_source=BoundarySource.OFFICIAL,
    )


def make_organisation(name: str, kind: OrganisationKind) -> Organisation:
    return Organisation.objects.create(
        name=name, kind=kind, phone="0318 111 222", email=f"{kind}@example.org"
    )


def make_user(
    email: str, organisation: Organisation | None, role: Role = Role.MEDEWERKER, **fields
) -> User:
    return User.objects.create_user(
        email,
        PASSWORD,
        full_name=fields.pop("full_name", email.split("@")[0].title()),
        organisation=organisation,
        role=role,
        **fields,
    )


def add_member(team: Team, user: User, function: TeamFunction) -> TeamMember:
    TeamPartner.objects.get_or_create(
        team=team, organisation=user.organisation, defaults={"is_core": True}
    )
    return TeamMember.objects.create(team=team, user=user, function=function, availability="ma–vr")
