"""Who the system proposes as first responder, and the reasons it gives."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.support import case_of, decided_case, intake, local, open_proposal, place
from tests.factories import make_organisation
from wijkteam.cases.models import Case, LeadBasis, TenantCondition, TriageRule
from wijkteam.cases.suggestion import suggest_lead
from wijkteam.partners.models import OrganisationKind, TeamPartner
from wijkteam.signals.models import Category

LEARNED = "In 8 van de 10 vergelijkbare casussen koos dit team voor Welzijn Test."


@pytest.fixture
def mediation(world):
    organisation = make_organisation("Buurtbemiddeling Test", OrganisationKind.BUURTBEMIDDELING)
    TeamPartner.objects.create(team=world.team_a, organisation=organisation)
    return organisation


def rule(world, lead_kind, note, *, slug="overlast", **conditions):
    return TriageRule.objects.create(
        team=world.team_a,
        category=Category.objects.get(slug=slug),
        lead_kind=lead_kind,
        note=note,
        **conditions,
    )


def noise_case(**extra):
    return case_of(intake("overlast-geluid", **extra))


def test_without_rules_the_category_default_is_proposed_with_its_reason(world):
    proposal = open_proposal(noise_case(is_tenant=True))

    assert proposal.lead == world.corporatie
    assert proposal.reasons[0].startswith("Standaard bij 'Geluid': Woningcorporatie.")


def test_a_tenant_gets_the_corporation_and_an_owner_neighbour_mediation(world, mediation):
    assert open_proposal(noise_case(is_tenant=True)).lead == world.corporatie
    assert open_proposal(noise_case(is_tenant=False)).lead == mediation
    assert open_proposal(noise_case(is_tenant=None)).lead == world.corporatie


def test_a_rule_for_the_buurt_beats_one_for_the_whole_wijk(world):
    rule(world, OrganisationKind.WELZIJN, "Hele wijk: Welzijn")
    rule(world, OrganisationKind.POLITIE, "Appelhof: politie", neighbourhood=world.buurt_a1)

    in_appelhof = suggest_lead(noise_case(location=place(52.005, 5.505)))
    in_perenlaan = suggest_lead(noise_case(location=place(52.005, 5.515)))

    assert in_appelhof.lead == world.politie
    assert "Afspraak van het wijkteam: Appelhof: politie" in in_appelhof.reasons
    assert in_perenlaan.lead == world.welzijn


def test_a_rule_for_the_subcategory_beats_one_for_the_main_category(world):
    rule(world, OrganisationKind.GEMEENTE, "Alle overlast: gemeente")
    rule(world, OrganisationKind.WELZIJN, "Geluid: Welzijn", slug="overlast-geluid")

    assert suggest_lead(noise_case()).lead == world.welzijn
    assert suggest_lead(case_of(intake("overlast-dieren"))).lead == world.gemeente


def test_a_rule_can_depend_on_tenancy(world):
    rule(world, OrganisationKind.WELZIJN, "Huurders: Welzijn", tenant=TenantCondition.TENANT)

    assert suggest_lead(noise_case(is_tenant=True)).lead == world.welzijn
    assert suggest_lead(noise_case(is_tenant=None)).lead == world.corporatie


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (23, 30, "politie"),
        (2, 0, "politie"),
        (5, 59, "politie"),
        (6, 0, "corporatie"),
        (14, 0, "corporatie"),
        (21, 59, "corporatie"),
    ],
)
def test_a_night_rule_holds_from_evening_to_morning_over_midnight(world, hour, minute, expected):
    rule(world, OrganisationKind.POLITIE, "'s Nachts: politie", hour_from=22, hour_to=6)
    case = noise_case()

    suggestion = suggest_lead(case, at=local(2026, 3, 11, hour, minute))

    assert suggestion.lead == getattr(world, expected)


def test_a_rule_adds_the_partners_it_involves(world):
    rule(
        world,
        OrganisationKind.WELZIJN,
        "Jongeren: Veens met de wijkagent",
        slug="overlast-jongeren",
        involved_kinds=[OrganisationKind.POLITIE, OrganisationKind.WELZIJN],
    )

    proposal = open_proposal(case_of(intake("overlast-jongeren")))

    assert proposal.lead == world.welzijn
    assert list(proposal.involved.all()) == [world.politie]


# --- learning from this team's decisions ---------------------------------------------------


def history(world, counts, *, team=None, when=None, basis=LeadBasis.AGREED):
    """Earlier decided noise cases: {organisation: how many}."""
    when = when or timezone.now() - timedelta(days=10)
    for organisation, number in counts.items():
        for _ in range(number):
            decided_case(team or world.team_a, organisation, decided_at=when, basis=basis)


def test_what_the_team_chose_in_eight_of_ten_comparable_cases_is_proposed(world):
    history(world, {world.welzijn: 8, world.corporatie: 2})

    proposal = open_proposal(noise_case())

    assert proposal.lead == world.welzijn
    assert LEARNED in proposal.reasons
    # The rules' own proposal stays visible in the reasons.
    assert proposal.reasons[0].startswith("Standaard bij 'Geluid'")


def test_silence_and_meeting_decisions_count_as_the_teams_choice(world):
    history(world, {world.welzijn: 4})
    history(world, {world.welzijn: 4}, basis=LeadBasis.SILENCE)
    history(world, {world.corporatie: 2}, basis=LeadBasis.MEETING)

    assert LEARNED in suggest_lead(noise_case()).reasons


@pytest.mark.parametrize(
    "counts",
    [
        {"welzijn": 4},  # fewer than five decisions
        {"welzijn": 5, "gemeente": 5},  # 50 %, below 60 %
    ],
)
def test_too_few_or_too_divided_decisions_teach_nothing(world, counts):
    history(world, {getattr(world, name): number for name, number in counts.items()})

    suggestion = suggest_lead(noise_case())

    assert suggestion.lead == world.corporatie
    assert not any("vergelijkbare" in reason for reason in suggestion.reasons)


def test_sixty_percent_is_enough(world):
    history(world, {world.welzijn: 6, world.gemeente: 4})

    suggestion = suggest_lead(noise_case())

    assert suggestion.lead == world.welzijn
    assert "In 6 van de 10 vergelijkbare casussen koos dit team voor Welzijn Test." in (
        suggestion.reasons
    )


def test_a_second_partner_of_the_same_kind_can_be_learned(world):
    second = make_organisation("Woonstichting Twee", OrganisationKind.CORPORATIE)
    TeamPartner.objects.create(team=world.team_a, organisation=second)
    history(world, {second: 8, world.corporatie: 2})

    assert suggest_lead(noise_case()).lead == second


def test_an_organisation_that_left_the_team_is_not_proposed_from_history(world):
    former = make_organisation("Voormalig Welzijn", OrganisationKind.WELZIJN)
    history(world, {former: 10})

    suggestion = suggest_lead(noise_case())

    assert suggestion.lead == world.corporatie
    assert not any("Voormalig" in reason for reason in suggestion.reasons)


def test_decisions_of_another_team_do_not_count(world):
    history(world, {world.welzijn: 10}, team=world.team_b)

    assert suggest_lead(noise_case()).lead == world.corporatie


def test_automatic_leads_are_not_the_teams_choice(world):
    history(world, {world.politie: 10}, basis=LeadBasis.URGENT)

    assert suggest_lead(noise_case()).lead == world.corporatie


def test_decisions_after_the_moment_of_the_proposal_do_not_count(world):
    case = noise_case()
    moment = timezone.now() - timedelta(days=5)
    history(world, {world.welzijn: 10}, when=moment + timedelta(hours=1))

    assert suggest_lead(case, at=moment).lead == world.corporatie
    assert suggest_lead(case, at=moment + timedelta(hours=2)).lead == world.welzijn


def test_decisions_for_tenants_do_not_teach_what_to_do_for_owners(world):
    when = timezone.now() - timedelta(days=3)
    for _ in range(8):
        decided_case(world.team_a, world.corporatie, decided_at=when, is_tenant=True)
    for _ in range(3):
        decided_case(world.team_a, world.welzijn, decided_at=when, is_tenant=False)

    suggestion = suggest_lead(noise_case(is_tenant=False))

    assert not any("vergelijkbare casussen" in reason for reason in suggestion.reasons)


def test_cases_outside_a_buurt_agreement_do_not_overrule_it(world):
    rule(world, "welzijn", "Geluid in Appelhof: Welzijn", neighbourhood=world.buurt_a1)
    when = timezone.now() - timedelta(days=3)
    elsewhere = [decided_case(world.team_a, world.corporatie, decided_at=when) for _ in range(8)]
    Case.objects.filter(pk__in=[case.pk for case in elsewhere]).update(neighbourhood=world.buurt_a2)

    suggestion = suggest_lead(noise_case())  # in Appelhof

    assert suggestion.lead == world.welzijn
    assert not any("vergelijkbare casussen" in reason for reason in suggestion.reasons)
