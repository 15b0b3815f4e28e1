from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from wijkteam.access.models import AuditEntry
from wijkteam.areas.models import BoundarySource, District, Neighbourhood
from wijkteam.areas.resolve import resolve_point
from wijkteam.partners.models import Organisation, OrganisationKind, Role, Team, TeamFunction, User

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def test_demo_has_the_six_veenendaal_wijken_with_cbs_figures():
    load()

    figures = {d.code: (d.inhabitants, d.homes, d.area_hectares) for d in District.objects.all()}
    assert figures == {
        "WK034500": (5755, 3384, 77),
        "WK034501": (17515, 6641, 372),
        "WK034502": (14280, 6368, 598),
        "WK034503": (7210, 3234, 141),
        "WK034504": (9585, 4096, 247),
        "WK034505": (15090, 6063, 536),
    }
    assert District.objects.get(code="WK034502").name == "Wijk 02 Zuidoost"
    assert Neighbourhood.objects.get(code="BU03450200").name == "Engelenburg"
    assert Neighbourhood.objects.get(code="BU03450223").district.code == "WK034502"
    assert Neighbourhood.objects.get(code="BU03450099").district.code == "WK034500"
    assert set(District.objects.values_list("boundary_source", flat=True)) == {"approximate"}


def test_demo_boundaries_tile_and_agree_with_bag():
    load()
    # Spanjaardsgoed 3, 3901HC: buurt Engelenburg according to the BAG (PDOK lookup).
    match = resolve_point(52.02009336, 5.55488748)
    assert (match.district_code, match.neighbourhood_code) == ("WK034502", "BU03450200")
    # Every buurt's own centre resolves to that buurt.
    from shapely.geometry import shape

    for buurt in Neighbourhood.objects.all():
        centre = shape(buurt.geometry).representative_point()
        assert resolve_point(centre.y, centre.x).neighbourhood_code == buurt.code


def test_demo_has_partners_teams_and_every_role():
    load()

    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    for name in (
        "Gemeente Veenendaal",
        "Veenvesters",
        "Politie basisteam Heuvelrug",
        "Veens",
        "Buurtbemiddeling Veenendaal",
    ):
        assert Organisation.objects.filter(name=name).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Team.objects.count() == 6
    for team in Team.objects.all():
        functions = set(team.members.values_list("function", flat=True))
        assert {
            TeamFunction.WIJKMANAGER,
            TeamFunction.WIJKAGENT,
            TeamFunction.WIJKCONSULENT,
            TeamFunction.WIJKBEHEERDER,
            TeamFunction.OPBOUWWERKER,
        } <= functions
        assert team.team_partners.filter(is_core=True).count() == 4
    assert User.objects.filter(is_demo=False).count() == 0


def test_demo_prints_the_accounts_and_the_password_works():
    output = load()

    assert "wachtwoord voor allemaal: wijkteam-demo" in output
    assert "wijkmanager.zuidoost@gemeente.example" in output
    assert "Functioneel beheerder" in output
    user = authenticate(username="wijkmanager.zuidoost@gemeente.example", password="wijkteam-demo")
    assert user is not None
    assert user.role == Role.WIJKMANAGER


def test_demo_data_is_idempotent():
    load()
    counts = (District.objects.count(), Neighbourhood.objects.count(), User.objects.count())
    audit_rows = AuditEntry.objects.count()

    output = load()

    assert (District.objects.count(), Neighbourhood.objects.count(), User.objects.count()) == counts
    assert AuditEntry.objects.count() == audit_rows
    assert "Buurten: 0 nieuw, 0 bijgewerkt, 19 ongewijzigd" in output


def test_demo_data_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False

    with pytest.raises(CommandError, match="alleen in demomodus"):
        load()
    assert not User.objects.exists()


def test_demo_never_replaces_official_boundaries():
    load()
    District.objects.filter(code="WK034502").update(
        boundary_source=BoundarySource.OFFICIAL,
        geometry={
            "type": "Polygon",
            "coordinates": [[[5.5, 52.0], [5.6, 52.0], [5.6, 52.1], [5.5, 52.0]]],
        },
    )

    output = load()

    zuidoost = District.objects.get(code="WK034502")
    assert zuidoost.boundary_source == BoundarySource.OFFICIAL
    assert zuidoost.geometry["coordinates"][0][0] == [5.5, 52.0]
    assert "1 wijken hebben officiële grenzen" in output
