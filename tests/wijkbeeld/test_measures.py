"""The measures' services: who may record and change a wijk's measures, what they refuse (with
a Dutch message at its field), and the audit rows they write."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import make_neighbourhood
from tests.wijkbeeld.measure_support import category, coordinator, record
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.partners.actors import NO_ACTOR, SYSTEM
from wijkteam.wijkbeeld.measures import (
    measure_comparison_set,
    measure_remove,
    measure_update,
)
from wijkteam.wijkbeeld.models import Measure, MeasureKind

TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-01-15 10:00 +01:00", tick=False)


def _audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_a_team_member_records_a_measure_with_its_audit_row(world):
    measure = record(
        world,
        description="Elke woensdag een extra ronde.",
        neighbourhoods=[world.buurt_a1, world.buurt_a2],
        cost="1.500,50",
        partners=[world.gemeente, world.corporatie],
        target_categories=[category("vervuiling"), category("vernieling-openbare-ruimte")],
    )

    measure.refresh_from_db()
    assert measure.district == world.district_a and measure.created_by == world.wijkmanager_a
    assert measure.cost == Decimal("1500.50")
    assert set(measure.neighbourhoods.all()) == {world.buurt_a1, world.buurt_a2}
    assert set(measure.partners.all()) == {world.gemeente, world.corporatie}
    (entry,) = _audit("measure_record")
    assert entry.actor_id == world.wijkmanager_a.pk
    assert entry.changes["neighbourhoods"] == ["BU09990100", "BU09990101"]
    assert entry.changes["target_categories"] == ["vernieling-openbare-ruimte", "vervuiling"]
    assert entry.changes["cost"] == "1500.50"
    # The free text as its length and digest only.
    assert "woensdag" not in str(entry.changes)


@pytest.mark.parametrize(
    ("written", "amount"),
    [("1.500", "1500.00"), ("18.000", "18000.00"), ("1.500,50", "1500.50"), ("€ 250,-", "250.00")],
)
def test_a_cost_is_read_as_a_dutch_amount(world, written, amount):
    assert record(world, cost=written).cost == Decimal(amount)


def test_every_member_of_the_team_may_record_and_a_coordinator_too(world):
    record(world, actor=world.agent_a)
    record(world, actor=world.opbouwwerker_a)
    record(world, actor=coordinator(world))

    assert Measure.objects.count() == 3


@pytest.mark.parametrize(
    "who", ["wijkmanager_b", "reader", "rent_admin", "admin"], ids=lambda who: who
)
def test_who_is_not_in_the_team_or_only_reads_is_refused(world, who):
    with pytest.raises(DomainError) as refused:
        record(world, actor=getattr(world, who))

    assert refused.value.code == FORBIDDEN
    assert not Measure.objects.exists() and not _audit("measure_record")


def test_a_read_only_member_of_the_team_is_refused(world):
    from tests.factories import add_member
    from wijkteam.partners.models import TeamFunction

    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    with pytest.raises(DomainError) as refused:
        record(world, actor=world.reader)
    assert refused.value.code == FORBIDDEN


def test_an_anonymous_or_missing_actor_and_the_system_are_refused(world):
    with pytest.raises(DomainError) as anonymous:
        record(world, actor=AnonymousUser())
    with pytest.raises(DomainError) as missing:
        record(world, actor=None)
    with pytest.raises(DomainError) as system:
        record(world, actor=SYSTEM)

    assert anonymous.value.code == missing.value.code == NO_ACTOR
    assert system.value.code == FORBIDDEN


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": "  "}, "title", "Geef de maatregel een naam"),
        ({"title": "x" * 151}, "title", "korter dan 150"),
        ({"kind": "toverstaf"}, "kind", "Kies wat voor maatregel"),
        ({"neighbourhoods": []}, "neighbourhoods", "Kies in welke buurten"),
        ({"started_on": date(2026, 1, 16)}, "started_on", "in de toekomst"),
        ({"started_on": date(2021, 1, 14)}, "started_on", "meer dan 5 jaar terug"),
        ({"ended_on": date(2025, 2, 28)}, "ended_on", "niet stoppen voordat hij begon"),
        ({"cost": "-5"}, "cost", "niet negatief"),
        ({"cost": Decimal("-5")}, "cost", "niet negatief"),
        ({"cost": "veel"}, "cost", "Vul een bedrag in euro"),
        ({"target_categories": []}, "target_categories", "Kies welke meldingen"),
    ],
)
def test_what_cannot_be_right_is_refused_at_its_field(world, change, field, words):
    with pytest.raises(DomainError) as refused:
        record(world, **change)

    assert refused.value.field == field
    assert words in refused.value.message
    assert not Measure.objects.exists()


def test_a_start_five_years_back_today_is_still_taken(world):
    assert record(world, started_on=date(2021, 1, 15)).started_on == date(2021, 1, 15)


def test_buurten_of_another_wijk_are_refused(world):
    with pytest.raises(DomainError) as refused:
        record(world, neighbourhoods=[world.buurt_a1, world.buurt_b1])

    assert refused.value.field == "neighbourhoods"
    assert "Kersentuin ligt niet in Wijk 01 Testoord" in refused.value.message


def test_partners_outside_the_team_are_refused(world):
    with pytest.raises(DomainError) as refused:
        record(
            world,
            actor=world.wijkmanager_b,
            district=world.district_b,
            neighbourhoods=[world.buurt_b1],
            partners=[world.politie],
        )

    assert refused.value.field == "partners"
    assert "Politie Test zit niet in het wijkteam" in refused.value.message


def test_an_inactive_category_is_refused(world):
    graffiti = category("vervuiling-graffiti")
    graffiti.is_active = False
    graffiti.save()

    with pytest.raises(DomainError) as refused:
        record(world, target_categories=[graffiti])

    assert refused.value.field == "target_categories"
    assert "niet meer gebruikt" in refused.value.message


def test_an_update_changes_the_measure_and_audits_what_changed(world):
    measure = record(world)
    measure_comparison_set(
        actor=world.wijkmanager_a, measure=measure, neighbourhoods=[world.buurt_a2]
    )

    measure_update(
        actor=world.consulent_a,
        measure=measure,
        title="Extra schoonmaakronde (elke week)",
        kind=MeasureKind.CLEANING_ROUND,
        neighbourhoods=[world.buurt_a1, world.buurt_a2],
        started_on=date(2025, 3, 1),
        ended_on=date(2025, 12, 31),
        cost=Decimal("2000"),
        target_categories=[category("vervuiling")],
    )

    measure.refresh_from_db()
    assert measure.title == "Extra schoonmaakronde (elke week)"
    assert measure.ended_on == date(2025, 12, 31)
    # A buurt of the measure itself is no comparison buurt any more.
    assert not measure.comparison_neighbourhoods.exists()
    (entry,) = _audit("measure_update")
    assert entry.actor_id == world.consulent_a.pk
    assert set(entry.changes) == {
        "title",
        "neighbourhoods",
        "ended_on",
        "cost",
        "comparison_neighbourhoods",
    }


def test_an_unchanged_old_start_is_not_checked_again(world, time_machine):
    measure = record(world, started_on=date(2021, 2, 1))
    time_machine.move_to("2026-06-01 10:00 +02:00", tick=False)

    measure_update(
        actor=world.wijkmanager_a,
        measure=measure,
        title="Nieuwe naam",
        kind=measure.kind,
        neighbourhoods=[world.buurt_a1],
        started_on=date(2021, 2, 1),
        target_categories=[category("vervuiling")],
    )
    assert Measure.objects.get().title == "Nieuwe naam"


def test_another_team_may_not_change_or_remove_a_measure(world):
    measure = record(world)

    with pytest.raises(DomainError):
        measure_remove(actor=world.wijkmanager_b, measure=measure)
    with pytest.raises(DomainError):
        measure_comparison_set(actor=world.reader, measure=measure, neighbourhoods=[])
    with pytest.raises(DomainError):
        measure_update(
            actor=world.wijkmanager_b,
            measure=measure,
            title="Overgenomen",
            kind=measure.kind,
            neighbourhoods=[world.buurt_a1],
            started_on=measure.started_on,
            target_categories=[category("vervuiling")],
        )
    assert Measure.objects.get().title == "Extra schoonmaakronde"


def test_removing_a_measure_keeps_what_it_was_in_the_audit_trail(world):
    measure = record(world)
    pk = measure.pk

    measure_remove(actor=world.wijkmanager_a, measure=measure)

    assert not Measure.objects.exists()
    (entry,) = _audit("measure_remove")
    assert entry.object_id == str(pk) and entry.changes["title"] == "Extra schoonmaakronde"


def test_comparison_buurten_may_lie_in_any_wijk_of_the_gemeente_but_not_be_its_own(world):
    measure = record(world)

    measure_comparison_set(
        actor=world.wijkmanager_a, measure=measure, neighbourhoods=[world.buurt_a2, world.buurt_b1]
    )
    assert set(measure.comparison_neighbourhoods.all()) == {world.buurt_a2, world.buurt_b1}
    (entry,) = _audit("measure_comparison_set")
    assert entry.changes == {"comparison_neighbourhoods": [[], ["BU09990101", "BU09990200"]]}

    with pytest.raises(DomainError) as own:
        measure_comparison_set(
            actor=world.wijkmanager_a, measure=measure, neighbourhoods=[world.buurt_a1]
        )
    assert own.value.field == "comparison_neighbourhoods"
    assert "Appelhof hoort bij de maatregel zelf" in own.value.message

    from wijkteam.areas.models import District

    elsewhere = District.objects.create(code="WK088801", name="Elders", municipality_code="GM0888")
    far = make_neighbourhood(elsewhere, "BU08880100", "Verweg", 6.0, 52.0)
    with pytest.raises(DomainError) as outside:
        measure_comparison_set(actor=world.wijkmanager_a, measure=measure, neighbourhoods=[far])
    assert "Verweg ligt niet in deze gemeente" in outside.value.message

    # None: back to the suggestion.
    measure_comparison_set(actor=world.wijkmanager_a, measure=measure, neighbourhoods=[])
    assert not measure.comparison_neighbourhoods.exists()
