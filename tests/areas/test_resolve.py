import random

import pytest

from tests.factories import make_district, make_neighbourhood
from wijkteam.areas.resolve import resolve_point, resolve_points


def test_point_resolves_to_its_buurt_and_wijk(world):
    match = resolve_point(52.005, 5.505)

    assert match.neighbourhood_code == "BU09990100"
    assert match.district_code == "WK099901"
    assert match.neighbourhood_id == world.buurt_a1.pk
    assert match.district_id == world.district_a.pk


def test_neighbouring_buurt_and_other_wijk(world):
    assert resolve_point(52.005, 5.515).neighbourhood_code == "BU09990101"
    assert resolve_point(52.005, 5.605).district_code == "WK099902"


def test_point_in_wijk_outside_its_buurten_gets_only_the_wijk(world):
    # Wijk A is 0.02 wide, its buurten cover the lower half only.
    match = resolve_point(52.015, 5.505)

    assert match.district_code == "WK099901"
    assert match.neighbourhood_code is None


def test_point_outside_every_area_resolves_to_none(world):
    assert resolve_point(51.0, 4.0) is None


def test_lat_lon_order_matters(world):
    # (lat, lon) swapped would be somewhere in the sea: no match.
    assert resolve_point(5.505, 52.005) is None


def test_index_follows_new_boundaries(world):
    assert resolve_point(52.005, 5.705) is None
    district = make_district("WK099903", "Wijk 03", 5.70, 52.00)
    make_neighbourhood(district, "BU09990300", "Nieuwbouw", 5.70, 52.00)

    assert resolve_point(52.005, 5.705).neighbourhood_code == "BU09990300"


def test_bulk_resolution_matches_single_lookups(world):
    generator = random.Random(7)
    points = [(generator.uniform(51.99, 52.03), generator.uniform(5.49, 5.63)) for _ in range(2000)]

    bulk = resolve_points(points)

    assert len(bulk) == len(points)
    assert bulk == [resolve_point(lat, lon) for lat, lon in points[:200]] + bulk[200:]
    assert any(m and m.neighbourhood_code == "BU09990200" for m in bulk)
    assert any(m is None for m in bulk)


@pytest.mark.django_db
def test_no_areas_at_all_resolves_to_none():
    assert resolve_points([(52.0, 5.5), (52.1, 5.6)]) == [None, None]
    assert resolve_points([]) == []
