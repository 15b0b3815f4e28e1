"""The areas' version: a report's point lookup asks the database nothing about whether the
boundaries changed; a change made here is seen at once, one made by another process within
REFERENCE_DATA_CHECK_SECONDS."""

from uuid import uuid4

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.areas.test_import import BUURTEN, run_import
from tests.factories import square
from wijkteam.areas.models import Neighbourhood
from wijkteam.areas.resolve import resolve_point
from wijkteam.areas.version import AREAS, areas_version
from wijkteam.core.models import DataVersion


def test_a_second_point_lookup_asks_the_database_nothing(world):
    resolve_point(52.005, 5.515)

    with CaptureQueriesContext(connection) as queries:
        match = resolve_point(52.005, 5.515)

    assert match.neighbourhood_id == world.buurt_a2.pk
    assert len(queries) == 0


def test_saving_or_deleting_an_area_gives_a_new_version(world):
    before = areas_version()
    world.buurt_b1.save()
    saved = areas_version()
    world.buurt_b1.delete()

    assert len({before, saved, areas_version()}) == 3
    assert DataVersion.objects.get(name=AREAS).token == areas_version()


def test_the_import_gives_a_new_version(db):
    before = areas_version()

    run_import(str(BUURTEN), "--gemeente", "GM0345")

    assert Neighbourhood.objects.exists()
    assert areas_version() != before


def test_a_change_by_another_process_is_seen_after_the_check_interval(world, settings, monkeypatch):
    """Another process changed a boundary (here: written without this process's signals)."""
    settings.REFERENCE_DATA_CHECK_SECONDS = 10
    clock = [1000.0]
    monkeypatch.setattr("wijkteam.core.kept.monotonic", lambda: clock[0])
    assert resolve_point(52.005, 5.515).neighbourhood_id == world.buurt_a2.pk
    Neighbourhood.objects.filter(pk=world.buurt_a2.pk).update(geometry=square(5.90, 52.30, 0.01))
    DataVersion.objects.filter(name=AREAS).update(token=uuid4().hex)

    clock[0] += 9
    assert resolve_point(52.005, 5.515).neighbourhood_id == world.buurt_a2.pk  # not yet
    clock[0] += 2
    moved = resolve_point(52.005, 5.515)

    assert moved is None or moved.neighbourhood_id != world.buurt_a2.pk


def test_area_names_follow_a_rename_and_ask_nothing_in_between(world):
    from wijkteam.areas.names import area_name

    assert area_name(neighbourhood_id=world.buurt_a2.pk, district_id=None) == "Perenlaan"
    assert area_name(neighbourhood_id=None, district_id=world.district_a.pk) == "Wijk 01 Testoord"
    with CaptureQueriesContext(connection) as queries:
        area_name(neighbourhood_id=world.buurt_a1.pk, district_id=world.district_a.pk)
    assert len(queries) == 0

    world.buurt_a2.name = "Perenhof"
    world.buurt_a2.save()

    assert area_name(neighbourhood_id=world.buurt_a2.pk, district_id=None) == "Perenhof"
