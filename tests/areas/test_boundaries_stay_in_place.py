"""A wijk's or buurt's boundary is a GeoJSON polygon: for a real CBS buurt kilobytes (the Ermelo
recording: 6 KB for the median buurt, 46 KB for the largest), for a wijk more. The pages that
list or show records name the buurt and the wijk; they never read the boundary (tests/
boundaries.py says who does). With 45 KB boundaries the team inbox of 50 signals took ~370 ms
instead of ~45 ms, each row's polygon parsed again. Here the main pages with such boundaries;
the authorization matrix checks every page it asks (tests/test_authorization_matrix.py)."""

import math

import pytest
from django.urls import reverse

from tests.boundaries import boundary_reads
from tests.cases.support import address, case_of, intake
from wijkteam.areas.models import District, Neighbourhood


def _large_boundary(vertices: int = 2000, lon: float = 5.50, lat: float = 52.00) -> dict:
    """A round polygon of about 45 KB, the size of a large real buurt."""
    radius = 0.005
    ring = [
        [
            round(lon + radius + radius * math.cos(2 * math.pi * i / vertices), 6),
            round(lat + radius + radius * math.sin(2 * math.pi * i / vertices), 6),
        ]
        for i in range(vertices)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _boundary_reads(client, url: str) -> list[str]:
    with boundary_reads() as found:
        response = client.get(url)
    assert response.status_code == 200, url
    return found


@pytest.fixture
def records(world):
    for number in range(2, 6):
        intake("overlast-geluid", location=address(number=number))
    signal = intake("vervuiling-zwerfafval", location=address(number=9))
    Neighbourhood.objects.update(geometry=_large_boundary())
    District.objects.update(geometry=_large_boundary())
    return signal


def test_the_pages_of_records_read_no_boundary(client, world, records):
    case = case_of(records)
    client.force_login(world.wijkmanager_a)
    pages = [
        reverse("signals:team", args=["WK099901"]),
        reverse("signals:organisation"),
        reverse("signals:detail", args=[records.reference]),
        reverse("cases:detail", args=[case.reference]),
        reverse("cases:team", args=["WK099901"]),
        reverse("cases:team_triage", args=["WK099901"]),
        reverse("cases:triage"),
        reverse("cases:my_work"),
        reverse("search:search") + "?q=3999AA",
    ]
    reads = {url: _boundary_reads(client, url) for url in pages}

    assert not {url: found for url, found in reads.items() if found}


def test_the_boundaries_are_left_out_along_every_path(db):
    from wijkteam.areas.boundaries import without_boundaries
    from wijkteam.cases.models import CaseAction
    from wijkteam.partners.models import Team

    actions = without_boundaries(
        CaseAction.objects.select_related("case__team__district", "case__neighbourhood")
    )
    buurten = without_boundaries(Neighbourhood.objects.select_related("district"))
    teams = without_boundaries(Team.objects.all())

    assert actions.query.deferred_loading == (
        frozenset({"case__team__district__geometry", "case__neighbourhood__geometry"}),
        True,
    )
    assert buurten.query.deferred_loading == (
        frozenset({"geometry", "district__geometry"}),
        True,
    )
    assert teams.query.deferred_loading == (frozenset(), True)  # nothing to leave out
