"""Views of case-partners and confidential records are logged by the access functions that hand
them out, not by the views: a page written tomorrow that reads a record through the access
layer is logged without doing anything."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake
from wijkteam.access.models import AccessLogEntry
from wijkteam.cases.access import case_for_user
from wijkteam.cases.models import CaseStatus
from wijkteam.signals.models import Sensitivity
from wijkteam.signals.services import ArrearsInput


@pytest.fixture
def arrears_case(world):
    signal = intake(
        "financieel-huurachterstand",
        location=address(number=5, street="Pruimenlaan"),
        receiving_organisation=world.corporatie,
        arrears=ArrearsInput(
            tenant_name="T. Huurder",
            amount=Decimal("900.00"),
            months=2,
            signal_date=timezone.localdate(),
        ),
    )
    return case_of(signal)


@pytest.mark.urls("tests.access.urls")
def test_a_new_page_that_reads_a_confidential_case_is_logged_without_asking(
    client, world, arrears_case
):
    url = reverse("fresh_case_page", args=[arrears_case.reference])
    client.force_login(world.consulent_a)

    response = client.get(url, {"waarom": "controle"})

    assert response.status_code == 200
    assert "Pruimenlaan" in response.content.decode()
    entry = AccessLogEntry.objects.get()  # read twice on the page, logged once
    assert (entry.user, entry.organisation) == (world.consulent_a, world.corporatie)
    assert (entry.record_type, entry.reference) == ("cases.case", arrears_case.reference)
    assert entry.sensitivity == Sensitivity.CONFIDENTIAL
    assert entry.route == "fresh_case_page"
    assert entry.path == f"/proef/casus/{arrears_case.reference}/?waarom=controle"


@pytest.mark.urls("tests.access.urls")
def test_the_new_page_refused_leaves_no_log_row(client, world, arrears_case):
    client.force_login(world.agent_a)  # the police never know of arrears
    response = client.get(reverse("fresh_case_page", args=[arrears_case.reference]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_a_page_that_refuses_after_reading_the_case_leaves_no_log_row(client, world):
    care = case_of(
        intake(
            "zorg-verwaarlozing", location=address(number=3), receiving_organisation=world.welzijn
        )
    )
    care.status, care.lead = CaseStatus.HANDLING, world.welzijn
    care.save(update_fields=["status", "lead"])
    care.involved.add(world.politie)
    client.force_login(world.agent_a)  # sees the details, but the police do not lead

    assert client.get(reverse("cases:detail", args=[care.reference])).status_code == 200
    assert client.get(reverse("cases:resolve", args=[care.reference])).status_code == 403

    assert [entry.route for entry in AccessLogEntry.objects.all()] == ["cases:detail"]


def test_a_read_outside_a_request_is_logged_without_a_page(world, arrears_case):
    case_for_user(world.consulent_a, arrears_case.reference)
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.reference, entry.route, entry.path) == (
        world.consulent_a,
        arrears_case.reference,
        "",
        "",
    )


def test_an_inbox_page_logs_the_rows_it_shows_the_details_of_in_one_insert(client, world):
    for number in range(3):
        intake(
            "zorg-verwaarlozing",
            location=address(number=20 + number),
            receiving_organisation=world.welzijn,
            description=f"Zorgen om nummer {20 + number}",
        )
    team_level = intake("overlast-geluid", location=address(number=30))
    client.force_login(world.opbouwwerker_a)
    url = reverse("signals:team", args=["WK099901"])

    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()

    assert "Zorgen om nummer 21" in page
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "access_accesslogentry"')]
    assert len(inserts) == 1
    logged = AccessLogEntry.objects.filter(route="signals:team")
    assert logged.count() == 3
    assert team_level.reference not in {entry.reference for entry in logged}

    # The police see these signals exist, not their details: nothing to log.
    client.force_login(world.agent_a)
    assert "Zorgen om nummer 21" not in client.get(url).content.decode()
    assert not AccessLogEntry.objects.filter(user=world.agent_a).exists()
