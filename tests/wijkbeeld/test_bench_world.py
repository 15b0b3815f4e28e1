"""The world of bench/wijkbeeld.py, built small: its rows are what the product's own rebuild
of the wijk's picture counts (COPY on PostgreSQL, bulk inserts on SQLite)."""

import pytest
from django.db.models import Sum

from bench.wijkbeeld_data import build
from wijkteam.cases.figures import figures_rebuild
from wijkteam.cases.models import Case, CaseFigures, CaseSignal, Feedback
from wijkteam.demo.services import demo_data_load
from wijkteam.signals.counts import counts_rebuild
from wijkteam.signals.models import Signal, SignalMonthCount, SignalSpotMonthCount

pytestmark = pytest.mark.django_db


def test_the_benchmark_world_is_counted_by_the_pictures_own_rebuild():
    demo_data_load(demo_mode=True, history_per_team=0, picture_percent=0)
    signals, cases = Signal.objects.count(), Case.objects.count()

    built = build(signals=1500, cases=450, years=5, seed=3)
    counts_rebuild()
    figures_rebuild()

    assert (built.signals, built.cases) == (1500, 450)
    assert Signal.objects.count() == signals + 1500
    assert Case.objects.count() == cases + 450
    assert CaseSignal.objects.filter(signal__reference__startswith="W-").count() == 1500
    assert SignalMonthCount.objects.aggregate(total=Sum("count"))["total"] == signals + 1500
    assert SignalSpotMonthCount.objects.exists()
    assert CaseFigures.objects.count() == Case.objects.count()
    months = set(SignalMonthCount.objects.values_list("month", flat=True))
    assert len({month.year for month in months}) >= 5
    figures = CaseFigures.objects.filter(case__reference__startswith="Z-W-")
    assert figures.filter(is_open=False).count() > 0.8 * 450
    assert figures.filter(had_objection=True).exists()
    assert figures.filter(feedback_count__gt=0).exists()
    # The database hands out the next ids after the ones the builder wrote itself.
    highest = Feedback.objects.order_by("-pk").values_list("pk", flat=True).first()
    case = Case.objects.first()
    answer = Feedback.objects.create(case=case, round=9, outcome="solved", satisfied=True)
    assert answer.pk > highest
