"""A measure's comparison buurten (suggested, or chosen by the team) and its effect read from
the kept counts, as a viewer may read it."""

from datetime import date

import pytest

from tests.factories import make_district, make_neighbourhood
from tests.wijkbeeld.measure_support import category, lay_counts, months, record
from wijkteam.wijkbeeld.access import picture_viewer
from wijkteam.wijkbeeld.comparison import suggest_comparison
from wijkteam.wijkbeeld.effect import TOO_FEW_MONTHS_AFTER, Effect, Refusal
from wijkteam.wijkbeeld.effect_data import NOTHING_VISIBLE, TOO_SMALL, measure_effect
from wijkteam.wijkbeeld.measures import measure_comparison_set

START = date(2025, 3, 1)
BEFORE = months(date(2024, 3, 1), 12)
AFTER = months(START, 10)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-01-15 10:00 +01:00", tick=False)


@pytest.fixture
def buurten(world):
    """Buurten of the gemeente with their inhabitants: the measure's (Appelhof, 2,000), and
    others of another size and signal level."""
    for buurt, inhabitants in (
        (world.buurt_a1, 2000),
        (world.buurt_a2, 2100),
        (world.buurt_b1, 900),
    ):
        buurt.inhabitants = inhabitants
        buurt.save()
    made = {}
    for n, (name, inhabitants) in enumerate(
        (("Gelijkoord", 1900), ("Reuzenwijk", 9000), ("Drukdorp", 2000), ("Zonderinwoners", None))
    ):
        buurt = make_neighbourhood(world.district_b, f"BU099902{n + 1:02d}", name, 5.6, 52.0)
        buurt.inhabitants = inhabitants
        buurt.save()
        made[name] = buurt
    # Appelhof: 10 a month before the start; Perenlaan and Gelijkoord alike; Drukdorp five
    # times as many.
    for buurt, per_month in (
        (world.buurt_a1, 10),
        (world.buurt_a2, 10),
        (made["Gelijkoord"], 9),
        (made["Drukdorp"], 50),
        (world.buurt_b1, 5),
    ):
        lay_counts(buurt, "vervuiling-zwerfafval", dict.fromkeys(BEFORE, per_month))
    return made


def test_the_suggestion_is_the_nearest_in_size_and_level_first(world, buurten):
    measure = record(world)

    suggestion = suggest_comparison(measure)

    names = [c.neighbourhood.name for c in suggestion.candidates]
    assert names[:2] == ["Perenlaan", "Gelijkoord"]
    assert "Appelhof" not in names and "Zonderinwoners" not in names
    assert names.index("Drukdorp") > 1 and names.index("Reuzenwijk") > 1
    assert suggestion.inhabitants == 2000 and suggestion.per_thousand == 60.0
    assert suggestion.candidates[0].per_thousand == pytest.approx(57.1)


def test_buurten_of_another_gemeente_are_never_suggested(world, buurten):
    elsewhere = make_district("WK088801", "Elders", 6.0, 52.0)
    far = make_neighbourhood(elsewhere, "BU08880100", "Verweg", 6.0, 52.0)
    far.inhabitants = 2000
    far.save()

    names = [c.neighbourhood.name for c in suggest_comparison(record(world)).candidates]

    assert "Verweg" not in names


def test_a_buurt_with_another_measure_against_the_same_signals_is_not_suggested(world, buurten):
    record(
        world,
        actor=world.wijkmanager_b,
        district=world.district_b,
        title="Graffiti weg",
        neighbourhoods=[buurten["Gelijkoord"]],
        started_on=date(2024, 6, 1),
        ended_on=date(2024, 9, 30),
        target_categories=[category("vervuiling-graffiti")],
    )
    # Against other signals, or long before: no matter.
    record(
        world,
        actor=world.wijkmanager_a,
        title="Licht",
        neighbourhoods=[world.buurt_a2],
        target_categories=[category("onveiligheid")],
    )
    record(
        world,
        title="Oude ronde",
        neighbourhoods=[world.buurt_b1] and [world.buurt_a2],
        started_on=date(2021, 6, 1),
        ended_on=date(2022, 1, 31),
    )
    measure = record(world)

    names = [c.neighbourhood.name for c in suggest_comparison(measure).candidates]

    assert "Gelijkoord" not in names and names[0] == "Perenlaan"


def test_the_effect_uses_the_suggestion_until_the_team_chooses(world, buurten):
    measure = record(world)
    # Appelhof from 10 a month to 4 (with a little noise); the others as before.
    lay_counts(
        world.buurt_a1,
        "vervuiling-zwerfafval",
        dict(zip(AFTER, [4, 5, 3, 4, 4, 5, 3, 4, 4, 4], strict=True)),
    )
    for buurt, per_month in (
        (world.buurt_a2, 10),
        (buurten["Gelijkoord"], 9),
        (buurten["Drukdorp"], 50),
        (world.buurt_b1, 5),
    ):
        lay_counts(buurt, "vervuiling-zwerfafval", dict.fromkeys(AFTER, per_month))

    suggested = measure_effect(measure, picture_viewer(world.agent_a))

    assert suggested.suggested and len(suggested.comparison) == 5
    assert isinstance(suggested.result, Effect)
    assert suggested.result.direction == "minder"
    assert suggested.result.window.before == tuple(BEFORE)
    assert suggested.result.window.after == tuple(AFTER)
    assert suggested.rows[0].before == "120" and suggested.rows[0].after == "40"
    assert "minder meldingen van vervuiling dan in vergelijkbare buurten" in suggested.result.text

    measure_comparison_set(
        actor=world.wijkmanager_a, measure=measure, neighbourhoods=[buurten["Drukdorp"]]
    )
    chosen = measure_effect(measure, picture_viewer(world.agent_a))
    assert not chosen.suggested and chosen.comparison == [buurten["Drukdorp"]]
    assert chosen.rows[1].before == "600" and chosen.rows[1].after == "500"


def test_a_measure_too_recent_to_judge_gets_the_warning(world, buurten):
    measure = record(world, started_on=date(2025, 12, 20))

    effect = measure_effect(measure, picture_viewer(world.wijkmanager_a))

    assert isinstance(effect.result, Refusal)
    assert TOO_FEW_MONTHS_AFTER in effect.result.reasons


def test_small_counts_of_a_persons_category_give_no_estimate_outside_its_owner(world, buurten):
    """Onveiligheid is for the case partners: outside the police (who owns it) a count below
    5 is "< 5", so no estimate may tell it."""
    measure = record(world, target_categories=[category("onveiligheid")], title="Licht")
    lay_counts(world.buurt_a1, "onveiligheid-plek", dict.fromkeys(BEFORE, 3))
    lay_counts(world.buurt_a1, "onveiligheid-plek", {AFTER[0]: 1, AFTER[5]: 2})
    for buurt in (world.buurt_a2, buurten["Gelijkoord"]):
        lay_counts(buurt, "onveiligheid-plek", dict.fromkeys(BEFORE + AFTER, 3))

    outside = measure_effect(measure, picture_viewer(world.consulent_a))
    owner = measure_effect(measure, picture_viewer(world.agent_a))

    assert outside.result.reasons == (TOO_SMALL,)
    assert outside.rows[0].after == "< 5" and outside.rows[0].per_month_after is None
    assert isinstance(owner.result, Effect) and owner.rows[0].after == "3"


def test_a_category_the_viewer_may_not_see_is_left_out(world, buurten):
    measure = record(world, target_categories=[category("financieel")], title="Huurcampagne")

    effect = measure_effect(measure, picture_viewer(world.agent_a))

    assert [c.slug for c in effect.left_out] == ["financieel"]
    assert effect.result.reasons == (NOTHING_VISIBLE,)


def test_the_warning_does_not_tell_a_small_count_the_table_shows_as_below_5(world, buurten):
    measure = record(world, target_categories=[category("onveiligheid")], title="Licht")
    lay_counts(world.buurt_a1, "onveiligheid-plek", {BEFORE[0]: 2, BEFORE[4]: 1})

    outside = measure_effect(measure, picture_viewer(world.consulent_a))
    owner = measure_effect(measure, picture_viewer(world.agent_a))

    (warning,) = outside.result.messages
    assert "kwamen er vóór de start minder dan 5 binnen" in warning
    assert outside.rows[0].before == "< 5"
    assert "kwamen er vóór de start 3 binnen" in owner.result.messages[0]
