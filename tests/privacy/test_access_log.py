"""Every view of a case-partners or confidential record is logged, and the privacy officer
can answer "who looked at this case" and "what did this user look at"."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake
from tests.factories import make_user
from wijkteam.access.log import LOGGED_SENSITIVITIES
from wijkteam.access.models import AccessLogEntry
from wijkteam.partners.models import Role
from wijkteam.signals.models import Sensitivity
from wijkteam.signals.services import ArrearsInput


@pytest.fixture
def care_case(world):
    signal = intake(
        "zorg-verwaarlozing",
        location=address(number=7, postcode="3999AB", street="Perenweg"),
        receiving_organisation=world.welzijn,
        description="Mevrouw op nummer 7 verwaarloost zichzelf",
    )
    return case_of(signal)


@pytest.fixture
def arrears_signal(world):
    return intake(
        "financieel-huurachterstand",
        location=address(),
        receiving_organisation=world.corporatie,
        arrears=ArrearsInput(
            tenant_name="T. Huurder",
            amount=Decimal("1200.00"),
            months=3,
            signal_date=timezone.localdate(),
        ),
    )


@pytest.fixture
def officer(world):
    return make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)


def test_the_logged_kinds_are_the_case_partner_and_confidential_sensitivities():
    assert {Sensitivity.CASE_PARTNERS, Sensitivity.CONFIDENTIAL} == LOGGED_SENSITIVITIES


def test_viewing_a_case_partners_case_is_logged_with_user_and_page(client, world, care_case):
    client.force_login(world.opbouwwerker_a)
    client.get(reverse("cases:detail", args=[care_case.reference]))
    entry = AccessLogEntry.objects.get()
    assert entry.user == world.opbouwwerker_a
    assert entry.organisation == world.welzijn
    assert entry.reference == care_case.reference
    assert entry.record_type == "cases.case"
    assert entry.route == "cases:detail"
    assert entry.path == f"/casussen/{care_case.reference}/"
    assert "Otto Opbouw" in entry.user_label


def test_seeing_only_that_a_case_exists_is_not_logged(client, world, care_case):
    client.force_login(world.agent_a)
    assert client.get(reverse("cases:detail", args=[care_case.reference])).status_code == 200
    assert not AccessLogEntry.objects.exists()


def test_team_cases_are_not_logged(client, world):
    case = case_of(intake("vervuiling-zwerfafval", location=address()))
    client.force_login(world.agent_a)
    client.get(reverse("cases:detail", args=[case.reference]))
    assert not AccessLogEntry.objects.exists()


def test_confidential_signal_views_are_logged(client, world, arrears_signal):
    client.force_login(world.consulent_a)
    client.get(reverse("signals:detail", args=[arrears_signal.reference]))
    client.get(reverse("cases:detail", args=[case_of(arrears_signal).reference]))
    assert {(e.record_type, e.sensitivity) for e in AccessLogEntry.objects.all()} == {
        ("signals.signal", "confidential"),
        ("cases.case", "confidential"),
    }


def test_a_refused_view_leaves_no_log_row(client, world, arrears_signal):
    client.force_login(world.agent_a)
    assert client.get(reverse("signals:detail", args=[arrears_signal.reference])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_privacy_officer_sees_who_looked_at_a_case_including_its_signals(
    client, world, care_case, officer, django_assert_max_num_queries
):
    signal = care_case.links.get().signal
    client.force_login(world.opbouwwerker_a)
    client.get(reverse("cases:detail", args=[care_case.reference]))
    client.get(reverse("signals:detail", args=[signal.reference]))
    client.force_login(world.wijkmanager_a)  # sees the case exists, no details: not logged
    client.get(reverse("cases:detail", args=[care_case.reference]))

    client.force_login(officer)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("privacy:access_log"), {"nummer": care_case.reference.lower()})
    body = page.content.decode()
    assert page.status_code == 200
    assert f"Wie heeft {care_case.reference} bekeken" in body
    assert body.count("Otto Opbouw") == 3  # once in the summary, twice in the list
    assert "Wendy" not in body
    assert signal.reference in body
    # The log shows who and what, never the record's content.
    assert "verwaarloost" not in body and "Perenweg" not in body

    # Searching by the signal's number leads to the same case.
    page = client.get(reverse("privacy:access_log"), {"nummer": signal.reference})
    assert f"Wie heeft {care_case.reference} bekeken" in page.content.decode()


def test_privacy_officer_sees_what_one_user_looked_at_in_a_period(
    client, world, care_case, arrears_signal, officer
):
    client.force_login(world.consulent_a)
    client.get(reverse("signals:detail", args=[arrears_signal.reference]))
    client.force_login(world.opbouwwerker_a)
    client.get(reverse("cases:detail", args=[care_case.reference]))

    client.force_login(world.admin)  # functional admins may search the log too
    page = client.get(reverse("privacy:access_log"), {"gebruiker": "CONSULENT.A@corporatie.test"})
    body = page.content.decode()
    assert arrears_signal.reference in body
    assert care_case.reference not in body

    today = timezone.localdate()
    page = client.get(
        reverse("privacy:access_log"),
        {"gebruiker": "consulent.a@corporatie.test", "tot": str(today.replace(year=2020))},
    )
    assert "Geen inzagen gevonden." in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"nummer": "Z-1999-00001"}, "Er is geen casus of melding met dit nummer."),
        ({"gebruiker": "niemand@nergens.test"}, "Er is geen gebruiker met dit e-mailadres."),
        ({"gebruiker": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"van": ""}, "Vul een casus- of meldingnummer in, een gebruiker, of allebei."),
        (
            {"gebruiker": "wm.a@gemeente.test", "van": "2026-05-02", "tot": "2026-05-01"},
            "De einddatum ligt voor de begindatum.",
        ),
        ({"gebruiker": "wm.a@gemeente.test", "van": "gisteren"}, "Voer een geldige datum in."),
        ({"gebruiker": "wm.a@gemeente.test", "pagina": "-3' OR 1=1"}, None),
    ],
)
def test_bad_searches_explain_themselves(client, world, officer, query, message):
    client.force_login(officer)
    page = client.get(reverse("privacy:access_log"), query)
    if message is None:
        assert page.status_code == 200
    else:
        assert page.status_code == 400
        assert message in page.content.decode()


def test_other_staff_cannot_search_the_log(client, world):
    for user in (world.wijkmanager_a, world.consulent_a, world.reader):
        client.force_login(user)
        assert client.get(reverse("privacy:access_log"), {"nummer": "X"}).status_code == 403
