"""The measures a time chart marks: for a buurt those taken in it, for a wijk its own, for the
public only the public ones, and only those that ran during the period."""

from datetime import date

import pytest

from wijkteam.wijkbeeld.marks import Mark, measure_marks
from wijkteam.wijkbeeld.models import Measure
from wijkteam.wijkbeeld.periods import Period

YEAR_2025 = Period("jaar", date(2025, 1, 1), date(2025, 12, 1))


def _measure(world, title, buurten, started_on, ended_on=None, *, district=None, public=True):
    measure = Measure.objects.create(
        district=district or world.district_a,
        title=title,
        kind="anders",
        started_on=started_on,
        ended_on=ended_on,
        is_public=public,
    )
    measure.neighbourhoods.set(buurten)
    return measure


def _titles(marks: list[Mark]) -> list[str]:
    return [mark.title for mark in marks]


def test_a_buurt_gets_its_own_measures_a_wijk_all_of_its_own(world):
    _measure(world, "Verlichting Appelhof", [world.buurt_a1], date(2025, 3, 1))
    _measure(world, "Kooi in beide buurten", [world.buurt_a1, world.buurt_a2], date(2025, 5, 1))
    _measure(world, "Schoonmaak Perenlaan", [world.buurt_a2], date(2025, 6, 1))
    _measure(world, "Elders", [world.buurt_b1], date(2025, 6, 1), district=world.district_b)

    assert _titles(measure_marks(world.buurt_a1, YEAR_2025, public=False)) == [
        "Verlichting Appelhof",
        "Kooi in beide buurten",
    ]
    assert _titles(measure_marks(world.district_a, YEAR_2025, public=False)) == [
        "Verlichting Appelhof",
        "Kooi in beide buurten",
        "Schoonmaak Perenlaan",
    ]
    assert measure_marks(None, YEAR_2025, public=False) == []


def test_only_measures_that_ran_during_the_period(world):
    _measure(world, "Voorbij", [world.buurt_a1], date(2024, 1, 1), date(2024, 12, 31))
    _measure(world, "Liep door in januari", [world.buurt_a1], date(2024, 6, 1), date(2025, 1, 1))
    _measure(world, "Loopt nog", [world.buurt_a1], date(2023, 6, 1))
    _measure(world, "Begint in december", [world.buurt_a1], date(2025, 12, 31))
    _measure(world, "Later", [world.buurt_a1], date(2026, 1, 1))

    marks = measure_marks(world.buurt_a1, YEAR_2025, public=False)

    assert sorted(_titles(marks)) == ["Begint in december", "Liep door in januari", "Loopt nog"]
    running = next(mark for mark in marks if mark.title == "Loopt nog")
    assert (running.start, running.end) == (date(2023, 6, 1), None)


def test_the_public_sees_only_public_measures(world):
    _measure(world, "Openbaar", [world.buurt_a1], date(2025, 3, 1))
    _measure(world, "Intern", [world.buurt_a1], date(2025, 3, 1), public=False)

    assert _titles(measure_marks(world.district_a, YEAR_2025, public=True)) == ["Openbaar"]
    assert sorted(_titles(measure_marks(world.district_a, YEAR_2025, public=False))) == [
        "Intern",
        "Openbaar",
    ]


pytestmark = pytest.mark.django_db
