"""Legal hold: only the privacy officer sets and lifts it, after checking the case and
confirming; bad input changes nothing; the page shows no personal details."""

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.factories import make_user
from tests.privacy.support import DESCRIPTION, NAME, NOW, closed_case
from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import Case
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import Role
from wijkteam.privacy.legal_hold import case_legal_hold_lift, case_legal_hold_set

URL = "/privacy/bewaarplicht/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(world):
    return make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)


@pytest.fixture
def case(world, media, time_machine):
    time_machine.move_to(NOW, tick=False)
    return closed_case(world, closed_at=local(2025, 3, 1, 12, 0))


def held_fields(case: Case) -> tuple:
    case.refresh_from_db()
    return (case.legal_hold, case.legal_hold_reason, case.legal_hold_by_id, case.legal_hold_at)


def test_only_the_privacy_officer_opens_the_legal_hold_pages(client, world, officer, case):
    for user in (world.admin, world.wijkmanager_a, world.consulent_a, world.reader):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"reference": case.reference, "reason": "x"}).status_code == 403
        lift = reverse("privacy:legal_hold_lift", args=[case.reference])
        assert client.post(lift).status_code == 403
    assert held_fields(case) == (False, "", None, None)

    client.force_login(officer)
    assert client.get(URL).status_code == 200


def test_the_privacy_officer_checks_the_case_then_confirms_the_hold(client, officer, case):
    client.force_login(officer)

    check = client.post(URL, {"reference": case.reference.lower(), "reason": "Klacht 2025-17"})
    body = check.content.decode()
    assert check.status_code == 200
    assert 'id="confirm"' in body and case.reference in body
    assert "Overlast – Geluid" in body and "Appelhof" in body and "1 maart 2025" in body
    # Who the case is about stays behind the case pages.
    assert NAME not in body and DESCRIPTION not in body and "Jansen" not in body
    assert held_fields(case)[0] is False  # nothing happens before the confirmation

    done = client.post(
        URL, {"reference": case.reference, "reason": "Klacht 2025-17", "confirm": "1"}
    )
    assert done.status_code == 302
    legal_hold, reason, by, at = held_fields(case)
    assert (legal_hold, reason, by, at) == (True, "Klacht 2025-17", officer.pk, NOW)
    entry = AuditEntry.objects.get(action="legal_hold_set")
    assert (entry.actor, entry.object_repr) == (officer, case.reference)
    # Free text about a resident's case stays in the case, where retention reaches it; the
    # append-only trail records that a reason was given.
    assert entry.changes == {"legal_hold": [False, True], "reason": "[persoonsgegeven]"}

    listing = client.get(URL).content.decode()
    assert "Bewaarplicht gezet op casus" in listing
    held = listing.split('id="held"')[1]
    assert case.reference in held and "Klacht 2025-17" in held
    assert reverse("privacy:legal_hold_lift", args=[case.reference]) in held


def test_a_signal_number_finds_its_case(client, officer, case):
    client.force_login(officer)
    signal = case.links.get().signal

    check = client.post(URL, {"reference": signal.reference, "reason": "Bezwaar"})

    assert 'id="confirm"' in check.content.decode()
    assert f'name="reference" value="{case.reference}"' in check.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "Z-2099-99999", "reason": "Klacht"}, "Er is geen casus of melding met"),
        ({"reference": "", "reason": "Klacht"}, "Vul het casusnummer in."),
        ({"reference": "__CASE__", "reason": "   "}, "Geef de reden van de bewaarplicht op."),
        (
            {"reference": "__CASE__", "reason": "x" * 1001, "confirm": "1"},
            "De reden is te lang (maximaal 1000 tekens).",
        ),
    ],
)
def test_bad_input_gives_a_clear_message_and_changes_nothing(client, officer, case, data, message):
    client.force_login(officer)
    data = {key: value.replace("__CASE__", case.reference) for key, value in data.items()}

    response = client.post(URL, {**data, "confirm": "1"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert held_fields(case) == (False, "", None, None)
    assert not AuditEntry.objects.filter(action__startswith="legal_hold").exists()


def test_a_case_already_on_hold_is_not_held_twice(client, officer, case):
    case_legal_hold_set(actor=officer, case=case, reason="Klacht")
    client.force_login(officer)

    response = client.post(URL, {"reference": case.reference, "reason": "Nog een"})

    assert response.status_code == 400
    assert "staat al een bewaarplicht" in response.content.decode()
    assert held_fields(case)[1] == "Klacht"


def test_lifting_asks_for_confirmation_first(client, officer, case):
    case_legal_hold_set(actor=officer, case=case, reason="Klacht 2025-17")
    client.force_login(officer)
    url = reverse("privacy:legal_hold_lift", args=[case.reference])

    page = client.get(url).content.decode()
    assert "Bewaarplicht opheffen" in page and "Klacht 2025-17" in page
    assert NAME not in page and DESCRIPTION not in page
    assert held_fields(case)[0] is True

    done = client.post(url)
    assert done.status_code == 302
    assert held_fields(case) == (False, "", None, None)
    entry = AuditEntry.objects.get(action="legal_hold_lift")
    assert entry.actor == officer
    assert entry.changes["held"]["reason"] == "Klacht 2025-17"
    assert "Bewaarplicht op casus" in client.get(URL).content.decode()
    # A case without a hold has nothing to lift.
    assert client.get(url).status_code == 404


def test_only_the_privacy_officer_may_use_the_services(world, officer, case):
    with pytest.raises(DomainError):
        case_legal_hold_set(actor=world.admin, case=case, reason="Klacht")
    with pytest.raises(DomainError):
        case_legal_hold_set(actor=None, case=case, reason="Klacht")
    case_legal_hold_set(actor=officer, case=case, reason="Klacht")
    with pytest.raises(DomainError):
        case_legal_hold_lift(actor=world.wijkmanager_a, case=case)
    assert held_fields(case)[0] is True


def test_partners_do_not_see_the_hold(client, world, officer, case):
    case_legal_hold_set(actor=officer, case=case, reason="Rechtszaak tegen de verhuurder")
    client.force_login(world.consulent_a)

    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()

    assert "Rechtszaak tegen de verhuurder" not in page
    assert "bewaarplicht" not in page.lower()


def test_the_privacy_overview_links_the_officer_to_the_legal_hold_page(client, world, officer):
    client.force_login(officer)
    assert f'href="{URL}"' in client.get("/privacy/").content.decode()

    client.force_login(world.admin)
    assert f'href="{URL}"' not in client.get("/privacy/").content.decode()
