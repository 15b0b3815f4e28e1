"""Which case a new signal joins, and how often something was reported at one place."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.support import address, case_of, intake, north_of, place
from wijkteam.cases.grouping import case_to_join, same_place_signals
from wijkteam.cases.models import CaseEventKind, CaseStatus
from wijkteam.cases.regrouping import case_merge
from wijkteam.cases.triage.responses import case_decide
from wijkteam.signals.models import Channel, Sensitivity, Signal

BAG_ID = "0999200000000001"


def spot():
    """A point in buurt Appelhof with no address: a public-space place."""
    return place(52.0050, 5.5050)


def test_a_signal_with_the_same_bag_id_joins_the_open_case(world):
    first = intake(location=address("3999AA", 1, bag_id=BAG_ID))
    # PDOK gave the BAG id but a different spelling of the address: the BAG id decides.
    second = intake("overlast-dieren", location=place(bag_id=BAG_ID, street="Appellaan"))
    elsewhere = intake(location=address("3999AA", 3, bag_id="0999200000000003"))

    case = case_of(first)
    assert case_of(second) == case
    assert case_of(elsewhere) != case
    assert case.links.count() == 2
    assert case.events.filter(kind=CaseEventKind.SIGNAL_ADDED).count() == 1


def test_a_signal_with_an_address_finds_its_case_in_one_query(world, django_assert_num_queries):
    """By address the category plays no part: a signal loaded on its own (an import, a
    regrouping) is not asked for it."""
    first = intake(location=address("3999AA", 1, bag_id=BAG_ID))
    second = Signal.objects.get(pk=intake(location=address("3999AA", 1, bag_id=BAG_ID)).pk)

    case = case_of(first)

    with django_assert_num_queries(1):
        assert case_to_join(second) == case


def test_the_same_address_joins_whatever_the_spelling_of_postcode_and_addition(world):
    first = intake(location=address("3999AA", 12, "a"))
    spaced = intake(location=address("3999 aa", 12, "A "))
    other_addition = intake(location=address("3999AA", 12, "B"))
    other_number = intake(location=address("3999AA", 14, "a"))

    case = case_of(first)
    assert case_of(spaced) == case
    assert case.address_key == "3999AA-12-A"
    assert case_of(other_addition) != case
    assert case_of(other_number) != case


def test_litter_within_fifty_metres_of_an_open_spot_case_joins_it(world):
    first = intake("vervuiling-zwerfafval", location=spot())
    near = intake("vervuiling-zwerfafval", location=north_of(spot(), 40))
    # Another subcategory of the same main category (graffiti is public space too).
    graffiti = intake("vervuiling-graffiti", location=north_of(spot(), 20))

    assert case_of(near) == case_of(first)
    assert case_of(graffiti) == case_of(first)


def test_a_spot_more_than_fifty_metres_away_starts_a_new_case(world):
    first = intake("vervuiling-zwerfafval", location=spot())
    far = intake("vervuiling-zwerfafval", location=north_of(spot(), 60))

    assert case_of(far) != case_of(first)


@pytest.mark.parametrize(("days_ago", "joins"), [(29, True), (31, False)])
def test_a_spot_case_joins_only_while_its_last_signal_is_at_most_thirty_days_old(
    world, days_ago, joins
):
    first = intake(
        "vervuiling-zwerfafval",
        location=spot(),
        received_at=timezone.now() - timedelta(days=days_ago),
    )
    later = intake("vervuiling-zwerfafval", location=north_of(spot(), 10))

    assert (case_of(later) == case_of(first)) is joins


def test_another_main_category_at_the_same_spot_starts_its_own_case(world):
    litter = intake("vervuiling-zwerfafval", location=spot())
    dark_corner = intake("onveiligheid-plek", location=north_of(spot(), 5))

    assert case_of(dark_corner) != case_of(litter)


def arrears(world, location):
    return intake(
        "financieel-huurachterstand",
        location=location,
        channel=Channel.ARREARS_FORM,
        receiving_organisation=world.corporatie,
    )


def test_arrears_never_join_a_team_case_at_the_same_address(world):
    noise = intake(location=address("3999AA", 5, bag_id=BAG_ID))
    debt = arrears(world, address("3999AA", 5, bag_id=BAG_ID))
    debt_again = arrears(world, address("3999AA", 5, bag_id=BAG_ID))

    assert case_of(debt) != case_of(noise)
    assert case_of(debt).sensitivity == Sensitivity.CONFIDENTIAL
    assert case_of(noise).sensitivity == Sensitivity.TEAM
    # Confidential signals of the same source do share their confidential case.
    assert case_of(debt_again) == case_of(debt)


def test_a_team_signal_never_joins_a_confidential_case(world):
    debt = arrears(world, address("3999AA", 5, bag_id=BAG_ID))
    noise = intake(location=address("3999AA", 5, bag_id=BAG_ID))

    assert case_of(noise) != case_of(debt)
    assert case_of(noise).sensitivity == Sensitivity.TEAM
    assert case_of(debt).links.count() == 1


def test_a_merged_case_is_not_joined(world):
    merged = case_of(intake(location=address("3999AA", 7)))
    kept = case_of(intake(location=address("3999AA", 9)))
    case_merge(actor=world.wijkmanager_a, case=merged, into=kept, reason="Zelfde gezin")

    later = intake(location=address("3999AA", 7))

    assert case_of(later) != merged
    assert case_of(later).status == CaseStatus.CONSULTATION
    merged.refresh_from_db()
    assert merged.links.count() == 0


def test_a_signal_joins_only_a_case_of_its_sensitivity_that_its_receiver_may_see(world):
    here = address("3999AA", 11)
    noise = case_of(intake(location=here, receiving_organisation=world.corporatie))
    assert noise.sensitivity == Sensitivity.TEAM

    # Stricter than the case: its own case, so that the team's case does not carry it.
    fraud = case_of(
        intake("onveiligheid-woonfraude", location=here, receiving_organisation=world.corporatie)
    )
    # Milder than a case: never into the stricter one (only into the team's case).
    assert case_of(intake("overlast-dieren", location=here)) == noise
    # The same sensitivity but another receiver, who does not take part: its own case too.
    drugs = case_of(
        intake("onveiligheid-drugs", location=here, receiving_organisation=world.politie)
    )
    # The same receiver again: into its own case.
    again = intake(
        "onveiligheid-brandgevaar", location=here, receiving_organisation=world.corporatie
    )

    assert len({noise.pk, fraud.pk, drugs.pk}) == 3
    assert (fraud.sensitivity, drugs.sensitivity) == (Sensitivity.CASE_PARTNERS,) * 2
    assert case_of(again) == fraud
    noise.refresh_from_db()
    assert noise.sensitivity == Sensitivity.TEAM


def test_signals_at_the_same_address_count_across_channels_and_organisations(world):
    here = address("3999AA", 12, "a", bag_id=BAG_ID)
    first = intake(location=here, channel=Channel.PHONE)
    intake(location=here, channel=Channel.RESIDENT_WEB)
    intake("onveiligheid-drugs", location=here, receiving_organisation=world.politie)
    # Typed while PDOK was down: no BAG id, and the addition in another case. It joins the
    # case by its address, so it must count at that address as well.
    typed = intake("overlast-dieren", location=address("3999AA", 12, "A"), channel=Channel.EMAIL)
    arrears(world, here)
    # Not counted: more than six months ago, or another address.
    intake(location=here, received_at=timezone.now() - timedelta(days=200))
    intake(location=address("3999AA", 13))

    signals = same_place_signals(case_of(first))

    assert case_of(typed) == case_of(first)

    assert signals.count() == 5
    assert {s.receiving_organisation for s in signals} == {world.corporatie, world.politie}
    assert {s.channel for s in signals} == {
        Channel.PHONE,
        Channel.RESIDENT_WEB,
        Channel.EMAIL,
        Channel.ARREARS_FORM,
    }


def test_signals_at_a_spot_count_the_cases_own_signals(world):
    first = intake("vervuiling-zwerfafval", location=spot())
    intake("vervuiling-zwerfafval", location=north_of(spot(), 30))
    intake("vervuiling-zwerfafval", location=north_of(spot(), 300))

    assert same_place_signals(case_of(first)).count() == 2


def test_a_signal_entered_later_never_joins_a_case_opened_after_it_came_in(world):
    today = case_of(intake("overlast-geluid", location=address()))
    earlier = intake(
        "overlast-geluid",
        location=address(),
        received_at=timezone.now() - timedelta(days=20),
    )
    assert case_of(earlier) != today


def test_a_joining_signal_is_shared_with_the_lead_and_involved_however_big_the_case(
    world, django_assert_max_num_queries
):
    first = intake(location=address("3999AA", 5))
    case = case_decide(
        actor=world.wijkmanager_a,
        case=case_of(first),
        lead=world.welzijn,
        involved=[world.politie],
        reasoning="Bekende bewoner van het opbouwwerk; de wijkagent kent het adres.",
    )
    partners = {world.welzijn, world.politie}

    def shared(signal: Signal) -> set:
        return set(Signal.objects.get(pk=signal.pk).shared_with.all())

    # The decision shared what the case had; everything that joins later is shared on joining.
    assert shared(first) == partners

    def join() -> tuple[Signal, int]:
        with django_assert_max_num_queries(60) as counted:
            signal = intake(location=address("3999AA", 5))
        return signal, len(counted.captured_queries)

    second, small = join()
    for _ in range(5):
        join()
    last, big = join()

    assert case_of(second) == case_of(last) == case
    assert shared(second) == shared(last) == partners
    assert big == small
