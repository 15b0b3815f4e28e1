"""Need-to-know in aggregate: who sees which main category's counts, exactly or with small
counts told as "< 5", and who sees spots within a buurt."""

import pytest

from tests.factories import add_member, make_user
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.access import (
    PUBLIC,
    Level,
    category_level,
    picture_viewer,
    sees_spots,
    shown,
    told,
)


def _levels(viewer) -> dict[str, Level]:
    return {
        slug: category_level(viewer, Category.objects.get(slug=slug))
        for slug in ("overlast", "vervuiling", "zorg", "onveiligheid", "financieel")
    }


def test_the_wijkagent_sees_no_arrears_and_small_care_counts_suppressed(world):
    levels = _levels(picture_viewer(world.agent_a))

    assert levels["financieel"] is Level.HIDDEN
    assert levels["zorg"] is Level.SUPPRESSED
    assert levels["onveiligheid"] is Level.EXACT  # the police own it: it responds first
    assert levels["overlast"] is Level.EXACT


def test_the_corporation_sees_the_arrears_exactly(world):
    levels = _levels(picture_viewer(world.consulent_a))

    assert levels["financieel"] is Level.EXACT
    assert levels["zorg"] is Level.SUPPRESSED
    assert levels["onveiligheid"] is Level.SUPPRESSED


def test_the_gemeentes_debt_help_sees_the_arrears_suppressed_other_gemeente_staff_not(world):
    counsellor = make_user("schuldhulp@gemeente.test", world.gemeente)
    add_member(world.team_a, counsellor, TeamFunction.SCHULDHULPVERLENER)

    assert _levels(picture_viewer(counsellor))["financieel"] is Level.SUPPRESSED
    assert _levels(picture_viewer(world.wijkmanager_a))["financieel"] is Level.HIDDEN


def test_welfare_owns_care_and_the_public_sees_what_nobody_owns_suppressed(world):
    assert _levels(picture_viewer(world.opbouwwerker_a))["zorg"] is Level.EXACT
    public = _levels(PUBLIC)
    assert public["financieel"] is Level.HIDDEN
    assert public["zorg"] is public["onveiligheid"] is Level.SUPPRESSED
    assert public["vervuiling"] is Level.EXACT


def test_small_counts_of_suppressed_categories_read_less_than_five_the_others_rounded():
    assert [shown(n, Level.SUPPRESSED) for n in (0, 1, 4, 5, 7, 8, 12, 13)] == [
        "0",
        "< 5",
        "< 5",
        "5",
        "5",
        "10",
        "10",
        "15",
    ]
    assert shown(3, Level.EXACT) == "3"
    assert shown(12, Level.EXACT) == "12"


def test_a_small_count_cannot_be_found_by_holding_a_year_against_its_months():
    # A year of care in a wijk (23) against its months (5, 6, 7, 3, 2): the told numbers
    # (25 against 5, 5, 5, < 5, < 5) leave the two small months unknown.
    months = [5, 6, 7, 3, 2]
    told_months = [told(n, Level.SUPPRESSED) for n in months]
    year = told(sum(months), Level.SUPPRESSED)
    known = sum(n for n in told_months if n is not None)
    assert told_months == [5, 5, 5, None, None]
    assert year - known == 10  # not 5 (= 3 + 2): what is left is no count of anything


def test_spots_only_for_the_wijks_team_and_only_in_team_categories(world):
    litter, care = Category.objects.get(slug="vervuiling"), Category.objects.get(slug="zorg")
    member, outsider = picture_viewer(world.consulent_a), picture_viewer(world.wijkmanager_b)
    coordinator = picture_viewer(make_user("coord@gemeente.test", world.gemeente, Role.COORDINATOR))

    assert sees_spots(member, litter, team_id=world.team_a.pk)
    assert not sees_spots(member, care, team_id=world.team_a.pk)
    assert not sees_spots(outsider, litter, team_id=world.team_a.pk)
    assert sees_spots(coordinator, litter, team_id=world.team_a.pk)
    assert not sees_spots(PUBLIC, litter, team_id=world.team_a.pk)


pytestmark = pytest.mark.django_db
