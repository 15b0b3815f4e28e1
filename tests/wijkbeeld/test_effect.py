"""The effect estimate (wijkbeeld/effect.py) proved on synthetic data with a known effect: it
finds the effect within its 90% interval in most seeded runs, says there is no clear difference
when there is none, and refuses with its own message when the data is too thin."""

from datetime import date

import numpy as np
import pytest

from wijkteam.wijkbeeld.effect import (
    MIN_MONTHS_AFTER,
    MIN_MONTHS_BEFORE,
    MIN_SIGNALS_BEFORE,
    NO_COMPARISON,
    TOO_FEW_MONTHS_AFTER,
    TOO_FEW_MONTHS_BEFORE,
    TOO_FEW_SIGNALS,
    Effect,
    GroupFigures,
    Refusal,
    Window,
    effect_window,
    estimate_effect,
    subject_of,
)

RUNS = 100


def _months(first: date, count: int) -> list[date]:
    index = first.year * 12 + first.month - 1
    return [date((index + n) // 12, (index + n) % 12 + 1, 1) for n in range(count)]


def synthetic(
    seed: int,
    *,
    ratio: float,
    treated: int = 2,
    comparison: int = 5,
    before: int = 12,
    after: int = 10,
    level: tuple[float, float] = (4, 15),
):
    """Monthly counts of buurten with their own level, a season and shocks every buurt shares,
    overdispersed (a gamma-Poisson mixture, as real counts are); the treated buurten's counts
    are multiplied by ``ratio`` from the start on."""
    rng = np.random.default_rng(seed)
    months = _months(date(2023, 1, 1), before + after)
    window = Window(tuple(months[:before]), tuple(months[before:]))
    shared = np.exp(
        0.2 * np.sin(np.arange(len(months)) / 6 * np.pi) + rng.normal(0, 0.1, len(months))
    )
    series = []
    for buurt in range(treated + comparison):
        rate = rng.uniform(*level)
        counts = {}
        for t, month in enumerate(months):
            mean = rate * shared[t] * (ratio if buurt < treated and t >= before else 1.0)
            counts[month] = int(rng.poisson(rng.gamma(5, mean / 5)))
        series.append(counts)
    return (
        {f"t{n}": s for n, s in enumerate(series[:treated])},
        {f"c{n}": s for n, s in enumerate(series[treated:])},
        window,
    )


def _estimate(seed: int, ratio: float, **kwargs) -> Effect:
    treated, comparison, window = synthetic(seed, ratio=ratio, **kwargs)
    effect = estimate_effect(
        treated=treated, comparison=comparison, window=window, subject="meldingen van vervuiling"
    )
    assert isinstance(effect, Effect), effect
    return effect


def test_a_known_effect_lies_within_the_interval_in_most_seeded_runs():
    effects = [_estimate(seed, 0.7) for seed in range(RUNS)]

    covered = sum(effect.low <= 0.7 <= effect.high for effect in effects)
    assert covered >= 80, covered
    assert abs(np.mean([effect.ratio for effect in effects]) - 0.7) < 0.05
    # None of them calls the drop a rise.
    assert not any(effect.direction == "meer" for effect in effects)


def test_no_effect_gives_no_clear_difference_in_most_seeded_runs():
    effects = [_estimate(seed, 1.0) for seed in range(1000, 1000 + RUNS)]

    assert sum(effect.low <= 1.0 <= effect.high for effect in effects) >= 80
    assert sum(effect.direction == "onduidelijk" for effect in effects) >= 80
    assert abs(np.mean([effect.ratio for effect in effects]) - 1.0) < 0.05


def test_the_thinnest_data_that_is_still_judged_keeps_its_coverage():
    effects = [
        _estimate(seed, 0.7, before=MIN_MONTHS_BEFORE, after=MIN_MONTHS_AFTER)
        for seed in range(2000, 2000 + RUNS)
    ]

    assert sum(effect.low <= 0.7 <= effect.high for effect in effects) >= 80


def _figures(before=30, after=20) -> GroupFigures:
    return GroupFigures(buurten=1, before=before, after=after, months_before=6, months_after=4)


def _effect(ratio, low, high) -> Effect:
    window = Window((), ())
    return Effect(ratio, low, high, "meldingen van vervuiling", window, _figures(), _figures())


def test_the_estimate_reads_as_plain_dutch():
    assert _effect(0.70, 0.55, 0.88).text == (
        "Na de maatregel ongeveer 30% minder meldingen van vervuiling dan in vergelijkbare "
        "buurten (tussen 12% en 45% minder)."
    )
    assert _effect(1.25, 1.05, 1.49).text == (
        "Na de maatregel ongeveer 25% meer meldingen van vervuiling dan in vergelijkbare "
        "buurten (tussen 5% en 49% meer)."
    )
    assert _effect(0.95, 0.80, 1.13).text == (
        "Na de maatregel geen duidelijk verschil in meldingen van vervuiling met vergelijkbare "
        "buurten (tussen 20% minder en 13% meer)."
    )


def test_the_subject_names_the_target_categories():
    assert subject_of(["Vervuiling"]) == "meldingen van vervuiling"
    assert subject_of(["Vernieling", "Onveiligheid"]) == "meldingen van vernieling en onveiligheid"


def _refusal(treated, comparison, window) -> Refusal:
    result = estimate_effect(
        treated=treated, comparison=comparison, window=window, subject="meldingen"
    )
    assert isinstance(result, Refusal)
    return result


def test_too_few_months_before_the_start_is_refused_with_its_message():
    treated, comparison, _window = synthetic(1, ratio=0.7, before=12, after=10, level=(20, 30))
    months = sorted(next(iter(treated.values())))
    window = Window(tuple(months[7:12]), tuple(months[12:]))  # 5 months before

    refusal = _refusal(treated, comparison, window)

    assert refusal.reasons == (TOO_FEW_MONTHS_BEFORE,)
    assert "5 hele maanden" in refusal.messages[0]
    assert f"minstens {MIN_MONTHS_BEFORE}" in refusal.messages[0]


def test_too_few_months_after_the_start_is_refused_with_its_message():
    treated, comparison, window = synthetic(2, ratio=0.7, after=MIN_MONTHS_AFTER - 1)

    refusal = _refusal(treated, comparison, window)

    assert refusal.reasons == (TOO_FEW_MONTHS_AFTER,)
    assert "loopt 3 hele maanden" in refusal.messages[0]


def test_too_few_signals_before_the_start_is_refused_with_its_message():
    treated, comparison, window = synthetic(3, ratio=0.7, level=(0.5, 1.2), treated=1)
    assert sum(treated["t0"][m] for m in window.before) < MIN_SIGNALS_BEFORE

    refusal = _refusal(treated, comparison, window)

    assert refusal.reasons == (TOO_FEW_SIGNALS,)
    assert "Te weinig meldingen" in refusal.messages[0]


def test_no_comparison_buurten_is_refused_with_its_message():
    treated, _comparison, window = synthetic(4, ratio=0.7)

    refusal = _refusal(treated, {}, window)

    assert refusal.reasons == (NO_COMPARISON,)
    assert "Geen vergelijkingsbuurten" in refusal.messages[0]


def test_every_reason_is_told_at_once():
    refusal = _refusal({"t": {}}, {}, Window((date(2024, 1, 1),), ()))

    assert set(refusal.reasons) == {
        TOO_FEW_MONTHS_BEFORE,
        TOO_FEW_MONTHS_AFTER,
        TOO_FEW_SIGNALS,
        NO_COMPARISON,
    }


@pytest.mark.parametrize(
    ("started_on", "ended_on", "today", "before", "after"),
    [
        # Started on the first: its month counts after; ongoing, until the last month that is over.
        (date(2025, 3, 1), None, date(2026, 1, 15), (date(2024, 3, 1), date(2025, 2, 1)), 10),
        # Started mid-month: that month is neither before nor after.
        (date(2025, 3, 10), None, date(2026, 1, 15), (date(2024, 3, 1), date(2025, 2, 1)), 9),
        # Ended on the 20th of June: June was not a whole month of the measure.
        (date(2025, 3, 1), date(2025, 6, 20), date(2026, 1, 15), None, 3),
        # Ended on the last day of June: June counts.
        (date(2025, 3, 1), date(2025, 6, 30), date(2026, 1, 15), None, 4),
        # Three weeks ago: no whole month yet.
        (date(2025, 12, 25), None, date(2026, 1, 15), None, 0),
    ],
)
def test_the_window_holds_whole_months_only(started_on, ended_on, today, before, after):
    window = effect_window(
        started_on=started_on, ended_on=ended_on, today=today, data_since=date(2024, 3, 1)
    )

    if before:
        assert (window.before[0], window.before[-1]) == before
    assert len(window.after) == after


def test_the_window_looks_at_most_24_months_each_way_and_not_before_the_counts_began():
    window = effect_window(
        started_on=date(2023, 1, 1),
        ended_on=None,
        today=date(2026, 6, 1),
        data_since=date(2018, 1, 1),
    )
    assert len(window.before) == 24 and len(window.after) == 24
    assert window.before[0] == date(2021, 1, 1)

    window = effect_window(
        started_on=date(2023, 1, 1),
        ended_on=None,
        today=date(2026, 6, 1),
        data_since=date(2022, 9, 1),
    )
    assert window.before[0] == date(2022, 9, 1) and len(window.before) == 4
