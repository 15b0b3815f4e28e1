"""Where the lists and counts used to follow a rule of their own, they now follow the one
need-to-know rule (cases/visibility.py, signals/visibility.py): what a case's page lets a user
see, its team's lists show them, and the other way round."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake
from wijkteam.cases.models import CaseAction, CaseStatus
from wijkteam.signals.services import ArrearsInput


@pytest.fixture
def arrears(world):
    return intake(
        "financieel-huurachterstand",
        location=address(number=9),
        receiving_organisation=world.corporatie,
        arrears=ArrearsInput(
            tenant_name="T. Huurder",
            amount=Decimal("750.00"),
            months=2,
            signal_date=timezone.localdate(),
        ),
    )


def _history(client, user, case) -> str:
    client.force_login(user)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    return page.split('id="history-count">')[1].split("</dd>")[0]


def test_the_count_of_earlier_signals_includes_those_shared_with_my_organisation(
    client, world, arrears
):
    noise = case_of(intake("overlast-geluid", location=address(number=9)))
    assert "eerste melding" in _history(client, world.wijkmanager_a, noise)
    assert "2e melding op dit adres" in _history(client, world.consulent_a, noise)  # received it

    arrears.shared_with.add(world.gemeente)

    assert "2e melding op dit adres" in _history(client, world.wijkmanager_a, noise)
    assert "eerste melding" in _history(client, world.agent_a, noise)  # never the police


def test_a_confidential_case_is_in_the_team_list_of_an_organisation_involved_in_it(
    client, world, arrears
):
    case = case_of(arrears)
    client.force_login(world.wijkmanager_a)
    listing = reverse("cases:team", args=["WK099901"])
    assert case.reference not in client.get(listing, {"status": case.status}).content.decode()

    case.involved.add(world.gemeente)

    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert case.reference in client.get(listing, {"status": case.status}).content.decode()
    client.force_login(world.agent_a)
    assert case.reference not in client.get(listing, {"status": case.status}).content.decode()


def test_an_involved_partner_sees_the_overdue_actions_of_the_case_it_works_on(client, world):
    care = case_of(
        intake(
            "zorg-verwaarlozing",
            location=address(number=4),
            receiving_organisation=world.welzijn,
        )
    )
    care.status, care.lead = CaseStatus.HANDLING, world.welzijn
    care.save(update_fields=["status", "lead"])
    CaseAction.objects.create(
        case=care,
        description="Huisbezoek met de wijkagent",
        owner_organisation=world.welzijn,
        due_date=timezone.localdate() - timedelta(days=3),
        created_by=world.opbouwwerker_a,
    )
    page = reverse("cases:team_triage", args=["WK099901"])

    def overdue(user) -> str:
        client.force_login(user)
        return client.get(page).content.decode().split("Verlopen afspraken")[1]

    assert "Huisbezoek" not in overdue(world.agent_a)
    care.involved.add(world.politie)
    assert "Huisbezoek" in overdue(world.agent_a)
    assert "Huisbezoek" in overdue(world.opbouwwerker_a)
    assert "Huisbezoek" not in overdue(world.wijkmanager_a)  # in the team, not taking part
