"""The demo's past for the wijk's picture: 31 months of signals in every wijk, at levels that
differ per wijk and move with the seasons, handled by the teams through the ordinary services;
the "Extra schoonmaakronde" in Engelenburg and Petenbos halves their litter from its start,
while comparable buurten elsewhere stay level."""

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from statistics import mean

import pytest
from django.utils import timezone

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.cases.figures import figures_rebuild
from wijkteam.cases.models import Case, CaseFigures, CaseStatus, Feedback, LeadBasis
from wijkteam.demo.picture_history import (
    MONTHS,
    QUIET_DAYS,
    TREATED,
    VERVUILING_STORY,
    cleaning_round_start,
    month_start,
)
from wijkteam.demo.picture_load import picture_history_load
from wijkteam.demo.picture_plan import picture_plan
from wijkteam.demo.services import HISTORY_SEED, demo_data_load
from wijkteam.signals.counts import counts_rebuild, month_of
from wijkteam.signals.models import Signal, SignalMonthCount

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2026, 11, 18, 12, 0))
TODAY = NOW.date()
ENGELENBURG, PETENBOS, SCHEPENBUURT = "BU03450200", "BU03450223", "BU03450101"
COMPARISON = [code for code in VERVUILING_STORY if code not in TREATED]


@pytest.fixture
def demo():
    """The demo's wijken, buurten, teams and categories, without any past."""
    demo_data_load(demo_mode=True, history_per_team=0, picture_percent=0)


def _vervuiling(counts: dict, buurt: str) -> tuple[list[int], list[int]]:
    """The buurt's vervuiling per whole month before and after the cleaning round's start."""
    start = cleaning_round_start(TODAY)
    months = [month_start(TODAY, ago) for ago in range(MONTHS - 1, 0, -1)]
    before = [counts.get((buurt, month), 0) for month in months if month < start]
    after = [counts.get((buurt, month), 0) for month in months if month >= start]
    return before, after


def test_every_wijk_has_thirty_months_at_its_own_level_with_the_seasons(demo):
    plan = picture_plan(scale=1, seed=HISTORY_SEED, now=NOW)

    assert plan == picture_plan(scale=1, seed=HISTORY_SEED, now=NOW)
    assert [item.received_at for item in plan] == sorted(item.received_at for item in plan)
    assert max(item.received_at for item in plan).date() <= TODAY - timedelta(days=QUIET_DAYS)
    months = defaultdict(set)
    for item in plan:
        months[item.district].add(month_of(item.received_at))
    assert set(months) == set(District.objects.values_list("code", flat=True))
    assert all(len(found) >= 30 for found in months.values())
    # Per 1,000 inhabitants a month, the wijken differ: Zuidoost (its litter) has the most,
    # quiet Noord the least.
    inhabitants = dict(District.objects.values_list("code", "inhabitants"))
    per_thousand = {
        code: count / inhabitants[code] * 1000 / MONTHS
        for code, count in Counter(item.district for item in plan).items()
    }
    assert len({round(value, 1) for value in per_thousand.values()}) >= 4
    assert max(per_thousand, key=per_thousand.get) == "WK034502"
    assert min(per_thousand, key=per_thousand.get) == "WK034503"
    # Nuisance on summer nights, litter after New Year (outside the cleaning round's story).
    by_calendar = Counter(
        (item.main_category, item.received_at.month)
        for item in plan
        if item.neighbourhood not in VERVUILING_STORY
    )
    summer = mean(by_calendar["overlast", m] for m in (6, 7, 8))
    winter = mean(by_calendar["overlast", m] for m in (12, 1, 2))
    assert summer > 1.25 * winter
    assert by_calendar["vervuiling", 1] > 1.3 * mean(by_calendar["vervuiling", m] for m in (10, 11))


def test_the_cleaning_round_halves_the_litter_where_it_runs_and_not_elsewhere(demo):
    plan = picture_plan(scale=1, seed=HISTORY_SEED, now=NOW)
    counts = Counter(
        (item.neighbourhood, month_of(item.received_at))
        for item in plan
        if item.main_category == "vervuiling"
    )

    inhabitants = dict(Neighbourhood.objects.values_list("code", "inhabitants"))
    for buurt in TREATED:
        before, after = _vervuiling(counts, buurt)
        assert len(before) >= 14 and len(after) >= 4
        assert sum(before) >= 20
        assert 10.5 <= mean(before) <= 13.5
        assert 5 <= mean(after) <= 8
    for buurt in COMPARISON:
        before, after = _vervuiling(counts, buurt)
        assert 9 <= mean(before) <= 13 and 9 <= mean(after) <= 13
        assert 0.8 <= mean(after) / mean(before) <= 1.25
        # Comparable: about as many inhabitants as the treated buurten.
        assert 3000 <= inhabitants[buurt] <= 5000
    # Other buurten have litter of their own, at their wijk's (lower) level.
    other = [b for b in inhabitants if b not in VERVUILING_STORY]
    assert all(sum(_vervuiling(counts, buurt)[0]) > 0 for buurt in other)


def test_the_past_comes_in_through_the_doors_and_the_picture_counts_it(demo):
    buurten = (ENGELENBURG, SCHEPENBUURT)
    options = {"scale": 0.35, "seed": 7, "now": NOW, "neighbourhoods": buurten}
    plan = picture_plan(**options)

    report = picture_history_load(**options)
    counts_rebuild()
    figures_rebuild()

    # Every signal landed in its buurt and month, by the intake's own location rules (beside
    # the demo's live signals of the last days).
    live = Signal.objects.exclude(external_reference="").select_related("neighbourhood")
    assert report.signals == len(plan) == Signal.objects.count() - live.count()
    counted = Counter()
    for row in SignalMonthCount.objects.select_related("neighbourhood"):
        counted[row.neighbourhood.code, row.month] += row.count
    planned = Counter((item.neighbourhood, month_of(item.received_at)) for item in plan)
    planned.update((signal.neighbourhood.code, month_of(signal.created_at)) for signal in live)
    assert counted == planned
    litter = Counter()
    for row in SignalMonthCount.objects.filter(main_category__slug="vervuiling"):
        litter[row.neighbourhood.code, row.month] += row.count
    before, after = _vervuiling(litter, ENGELENBURG)
    assert mean(after) < 0.7 * mean(before)
    before, after = _vervuiling(litter, SCHEPENBUURT)
    assert mean(after) > 0.8 * mean(before)
    # The teams handled it: triage by silence, by all partners' akkoord and in the overleg;
    # most cases closed, none waiting for triage, none very late; reporters answered.
    past = Case.objects.filter(opened_at__lt=NOW)
    assert report.cases == past.count() < report.signals  # some joined the case open there
    bases = Counter(CaseFigures.objects.filter(case__in=past).values_list("lead_basis", flat=True))
    assert {LeadBasis.SILENCE, LeadBasis.AGREED, LeadBasis.MEETING} <= set(bases)
    assert bases[LeadBasis.SILENCE] > bases[LeadBasis.AGREED]
    assert past.filter(status=CaseStatus.CLOSED).count() > 0.85 * report.cases
    assert not past.filter(status__in=(CaseStatus.CONSULTATION, CaseStatus.ESCALATED))
    assert not past.filter(status=CaseStatus.HANDLING, very_late_at__lt=NOW)
    answers = Counter(Feedback.objects.values_list("satisfied", flat=True))
    assert answers[True] > answers[False] > 0
    assert Feedback.objects.filter(created_at__gte=NOW).count() == 0
    assert report.feedback == sum(answers.values())
    assert CaseFigures.objects.filter(on_time=True).exists()
    assert CaseFigures.objects.filter(on_time=False).exists()


def test_the_demo_records_its_picture_once_and_shows_it_at_once(settings):
    settings.WIJKTEAM_DEMO_PICTURE_PERCENT = 3

    first = demo_data_load(demo_mode=True, history_per_team=0)

    assert first.picture is not None and first.picture.signals > 50
    # The aggregates are there without the worker: the pages show the past at once.
    assert SignalMonthCount.objects.filter(month__lt=month_start(timezone.localdate(), 24))
    assert CaseFigures.objects.count() == Case.objects.exclude(status=CaseStatus.MERGED).count()
    signals = Signal.objects.count()

    again = demo_data_load(demo_mode=True, history_per_team=0)

    assert again.picture is None
    assert Signal.objects.count() == signals
