"""The worker keeps the wijk's picture: the steps mark what changed in their own transaction,
the refresh counts those months and reads those cases again, and a rebuild from scratch gives
the same figures."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command

from tests.cases.support import case_of, intake, local, place
from wijkteam.cases.models import CaseFigures, CaseFiguresStale
from wijkteam.signals.models import (
    Signal,
    SignalCountsStale,
    SignalMonthCount,
    SignalSpotMonthCount,
)
from wijkteam.wijkbeeld.tasks import figures_catch_up


def _month_counts(district) -> dict:
    """The kept monthly counts of ``district`` (None: of every wijk)."""
    rows = SignalMonthCount.objects.select_related("category")
    if district is not None:
        rows = rows.filter(district=district)
    return {
        (row.month, row.district_id, row.neighbourhood_id, row.category.slug, row.channel): (
            row.count
        )
        for row in rows
    }


def test_new_signals_are_counted_per_month_buurt_category_and_door(world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 31, 23, 30), tick=False)
    intake("vervuiling-zwerfafval", location=place(52.005, 5.505))
    intake("vervuiling-zwerfafval", location=place(52.005, 5.5052))
    time_machine.move_to(local(2026, 4, 1, 0, 30), tick=False)
    intake("overlast-geluid", location=place(52.005, 5.515))
    run_worker()

    assert SignalCountsStale.objects.count() >= 1
    figures_catch_up()

    assert SignalCountsStale.objects.count() == 0
    a = world.district_a.pk
    assert _month_counts(world.district_a) == {
        (date(2026, 3, 1), a, world.buurt_a1.pk, "vervuiling-zwerfafval", "phone"): 2,
        (date(2026, 4, 1), a, world.buurt_a2.pk, "overlast-geluid", "phone"): 1,
    }
    spots = list(SignalSpotMonthCount.objects.filter(district=world.district_a))
    # Both litter reports lie in one cell of a thousandth of a degree; noise is a team matter
    # too, so it is a spot of its own.
    assert sorted((s.cell_lat, s.cell_lon, s.count) for s in spots) == [
        (52005, 5505, 2),
        (52005, 5515, 1),
    ]


def test_a_rebuild_from_scratch_gives_the_same_counts(world, run_worker):
    for lon in (5.505, 5.506, 5.515):
        intake("vervuiling-zwerfafval", location=place(52.005, lon))
    run_worker()
    figures_catch_up()
    kept = _month_counts(world.district_a)
    SignalMonthCount.objects.all().delete()

    from wijkteam.signals.counts import counts_rebuild

    counts_rebuild()

    assert _month_counts(world.district_a) == kept
    assert sum(kept.values()) == Signal.objects.filter(district=world.district_a).count() == 3


def _figures() -> dict:
    """Every case's kept figures, as they are (but when they were read)."""
    found = {}
    for row in CaseFigures.objects.values():
        del row["refreshed_at"]
        found[row.pop("case_id")] = row
    return found


def _spot_counts() -> dict:
    return {
        (row.month, row.neighbourhood_id, row.category_id, row.cell_lat, row.cell_lon): row.count
        for row in SignalSpotMonthCount.objects.all()
    }


def test_the_rebuild_command_reports_its_progress_and_gives_the_kept_figures(
    world, run_worker, time_machine
):
    """``manage.py wijkbeeld_rebuild``: counted from scratch, with a line per wijk and year and
    per batch of cases, the same as the worker kept them step by step (a wrong count and a
    missing case's figures are put right)."""
    time_machine.move_to(local(2025, 12, 30, 10, 0), tick=False)
    intake("vervuiling-zwerfafval", location=place(52.005, 5.505))
    time_machine.move_to(local(2026, 2, 3, 10, 0), tick=False)
    intake("overlast-geluid", location=place(52.005, 5.515))
    intake("overlast-geluid", location=place(52.005, 5.515))
    intake("vervuiling-graffiti", location=place(52.005, 5.605))  # wijk B
    run_worker()
    figures_catch_up()
    months, spots, figures = _month_counts(None), _spot_counts(), _figures()
    assert sum(months.values()) == 4 and len(figures) >= 3
    SignalMonthCount.objects.filter(district=world.district_a).update(count=99)
    SignalSpotMonthCount.objects.all().delete()
    CaseFigures.objects.filter(case_id=min(figures)).delete()

    out = io.StringIO()
    call_command("wijkbeeld_rebuild", stdout=out)

    assert _month_counts(None) == months
    assert _spot_counts() == spots
    assert _figures() == figures
    lines = out.getvalue().splitlines()
    # Two wijken (and the third of the base world, if any) × two years, then the cases.
    counted = [line for line in lines if line.startswith("Meldingen (wijk × jaar): ")]
    assert counted[-1].endswith("(100%)") and len(counted) >= 4
    assert re.fullmatch(r"Meldingen \(wijk × jaar\): 1 van (\d+) \(\d+%\)", counted[0])
    assert [line for line in lines if line.startswith("Casussen: ")][-1] == (
        f"Casussen: {len(figures)} van {len(figures)} (100%)"
    )
    assert lines[-1] == f"Wijkbeeld opnieuw geteld ({len(figures)} casussen)."

    quiet = io.StringIO()
    call_command("wijkbeeld_rebuild", stdout=quiet, verbosity=0)
    assert quiet.getvalue().splitlines() == [lines[-1]]


def test_case_figures_follow_the_case(world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    signal = intake("overlast-geluid")
    run_worker()
    figures_catch_up()

    figures = CaseFigures.objects.get(case=case_of(signal))
    assert figures.is_open and figures.month == date(2026, 3, 1)
    assert figures.decided_at is None and figures.hours_to_decision is None
    assert figures.district_id == world.district_a.pk
    assert CaseFiguresStale.objects.count() == 0


pytestmark = pytest.mark.django_db
