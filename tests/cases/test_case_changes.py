"""Moving signals between cases, merging and splitting cases."""

import pytest

from tests.cases.support import address, case_of, intake, open_proposal, place
from wijkteam.cases.models import CaseEventKind, CaseSignal, CaseStatus, ProposalStatus
from wijkteam.cases.regrouping import case_merge, case_move_signal, case_split
from wijkteam.core.errors import DomainError


@pytest.fixture
def two_cases(world):
    """Case one with two signals at number 1, case two with one signal at number 3."""
    s1 = intake(location=address("3999AA", 1))
    s2 = intake("overlast-dieren", location=address("3999AA", 1))
    s3 = intake(location=address("3999AA", 3))
    return case_of(s1), case_of(s3), (s1, s2, s3)


def team_b_case():
    return case_of(intake(location=place(52.005, 5.605, postcode="3999BB", house_number=2)))


@pytest.mark.parametrize("reason", ["", "   "])
def test_moving_a_signal_needs_a_reason(world, two_cases, reason):
    one, two, (_, s2, _) = two_cases

    with pytest.raises(DomainError) as error:
        case_move_signal(actor=world.wijkmanager_a, case=one, signal=s2, target=two, reason=reason)

    assert error.value.field == "reason"
    assert case_of(s2) == one


def test_a_moved_signal_lands_in_the_target_and_both_timelines_say_why(world, two_cases):
    one, two, (s1, s2, _) = two_cases

    case_move_signal(
        actor=world.wijkmanager_a, case=one, signal=s2, target=two, reason="Ander huishouden"
    )

    assert case_of(s2) == two
    assert list(one.links.values_list("signal", flat=True)) == [s1.pk]
    for case in (one, two):
        moved = case.events.get(kind=CaseEventKind.SIGNAL_MOVED)
        assert "Ander huishouden" in moved.text
        assert moved.actor == world.wijkmanager_a


def test_moving_the_only_signal_of_a_case_is_refused(world, two_cases):
    one, two, (_, _, s3) = two_cases

    with pytest.raises(DomainError, match="enige melding"):
        case_move_signal(actor=world.wijkmanager_a, case=two, signal=s3, target=one, reason="x")

    assert case_of(s3) == two


def test_a_signal_cannot_move_to_a_case_of_another_team(world, two_cases):
    one, _, (_, s2, _) = two_cases

    with pytest.raises(DomainError, match="ander wijkteam"):
        case_move_signal(
            actor=world.wijkmanager_a, case=one, signal=s2, target=team_b_case(), reason="x"
        )

    assert case_of(s2) == one


def test_merging_moves_every_signal_and_points_to_the_surviving_case(world, two_cases):
    one, two, (s1, s2, s3) = two_cases
    proposal = open_proposal(one)

    case_merge(actor=world.wijkmanager_a, case=one, into=two, reason="Zelfde gezin")

    one.refresh_from_db()
    proposal.refresh_from_db()
    assert (one.status, one.merged_into) == (CaseStatus.MERGED, two)
    assert set(two.links.values_list("signal", flat=True)) == {s1.pk, s2.pk, s3.pk}
    assert not one.links.exists()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert "Zelfde gezin" in two.events.get(kind=CaseEventKind.MERGED).text
    assert "Zelfde gezin" in one.events.get(kind=CaseEventKind.MERGED).text


def test_merging_needs_a_reason_and_a_case_of_the_same_team(world, two_cases):
    one, two, _ = two_cases

    with pytest.raises(DomainError) as error:
        case_merge(actor=world.wijkmanager_a, case=one, into=two, reason=" ")
    assert error.value.field == "reason"
    with pytest.raises(DomainError, match="ander wijkteam"):
        case_merge(actor=world.wijkmanager_a, case=one, into=team_b_case(), reason="Dubbel")

    one.refresh_from_db()
    assert (one.status, one.links.count()) == (CaseStatus.CONSULTATION, 2)


def test_a_merged_case_cannot_take_signals_anymore(world, two_cases):
    one, two, (_, s2, _) = two_cases
    third = case_of(intake(location=address("3999AA", 5)))
    case_merge(actor=world.wijkmanager_a, case=two, into=third, reason="Dubbel")

    with pytest.raises(DomainError, match="niet meer open"):
        case_move_signal(actor=world.wijkmanager_a, case=one, signal=s2, target=two, reason="x")


def test_splitting_makes_a_new_case_with_its_own_proposal(world, two_cases):
    one, _, (s1, s2, _) = two_cases

    new = case_split(actor=world.wijkmanager_a, case=one, signals=[s2], reason="Twee kwesties")

    assert new != one
    assert list(new.links.values_list("signal", flat=True)) == [s2.pk]
    assert list(one.links.values_list("signal", flat=True)) == [s1.pk]
    assert new.category.slug == "overlast-dieren"
    assert open_proposal(new).lead == world.corporatie
    assert open_proposal(one)  # the original keeps its own proposal
    assert "Twee kwesties" in one.events.get(kind=CaseEventKind.SPLIT).text


def test_splitting_leaves_at_least_one_signal_and_needs_a_reason(world, two_cases):
    one, _, (s1, s2, s3) = two_cases

    with pytest.raises(DomainError, match="minstens één"):
        case_split(actor=world.wijkmanager_a, case=one, signals=[s1, s2], reason="x")
    with pytest.raises(DomainError) as error:
        case_split(actor=world.wijkmanager_a, case=one, signals=[s2], reason="")
    assert error.value.field == "reason"
    # A signal of another case cannot be split off this one.
    with pytest.raises(DomainError):
        case_split(actor=world.wijkmanager_a, case=one, signals=[s3], reason="x")

    assert CaseSignal.objects.filter(case=one).count() == 2
