"""The map data every map draws: our own boundaries, read once and then served from the cache
until a wijk or buurt changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_neighbourhood, square
from wijkteam.areas.map import areas_map_data
from wijkteam.areas.models import Neighbourhood


def test_map_data_holds_every_buurt_with_its_wijk(world):
    data = areas_map_data()

    assert [(n["name"], n["district_code"]) for n in data["neighbourhoods"]] == [
        ("Appelhof", "WK099901"),
        ("Perenlaan", "WK099901"),
        ("Kersentuin", "WK099902"),
    ]
    assert [d["code"] for d in data["districts"]] == ["WK099901", "WK099902"]
    assert data["approximate"] is False


def test_a_second_map_asks_the_database_nothing(world):
    areas_map_data()

    with CaptureQueriesContext(connection) as queries:
        again = areas_map_data()

    assert len(queries) == 0  # the areas' version is kept for a few seconds (areas/version.py)
    assert len(again["neighbourhoods"]) == 3


def test_a_changed_or_new_buurt_is_drawn_at_once(world):
    areas_map_data()

    buurt = Neighbourhood.objects.get(name="Kersentuin")
    buurt.name = "Kersenhof"
    buurt.geometry = square(5.60, 52.00, 0.005)
    buurt.save()
    make_neighbourhood(world.district_b, "BU09990201", "Druivenlaan", 5.61, 52.00)

    data = areas_map_data()
    names = [n["name"] for n in data["neighbourhoods"]]
    assert names == ["Appelhof", "Perenlaan", "Kersenhof", "Druivenlaan"]
    corners = data["neighbourhoods"][2]["geometry"]["coordinates"][0]
    assert max(lon for lon, _ in corners) == 5.605
