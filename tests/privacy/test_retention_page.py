"""The privacy officer's retention page: the rule per category and the dry run of the next
nightly run, paginated, with a bounded number of queries."""

from datetime import timedelta

import pytest

from tests.cases.support import local
from tests.factories import make_user
from tests.privacy.support import (
    ELEVEN_MONTHS_AGO,
    NAME,
    NOW,
    THIRTEEN_MONTHS_AGO,
    closed_arrears_case,
    closed_case,
    snapshot,
)
from wijkteam.cases.models import Case, CaseStatus
from wijkteam.partners.models import Role
from wijkteam.privacy.legal_hold import case_legal_hold_set
from wijkteam.signals.models import Category

URL = "/privacy/bewaartermijnen/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(world):
    return make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)


def bare_closed_cases(world, count: int, *, closed_at) -> list[Case]:
    """Closed cases without signals: enough for the list and its paging."""
    category = Category.objects.get(slug="overlast-geluid")
    return Case.objects.bulk_create(
        Case(
            reference=f"Z-2024-{9000 + number:05d}",
            team=world.team_a,
            district=world.district_a,
            neighbourhood=world.buurt_a1,
            category=category,
            main_category=category.parent,
            sensitivity=category.sensitivity,
            status=CaseStatus.CLOSED,
            opened_at=closed_at - timedelta(days=30),
            closed_at=closed_at + timedelta(minutes=number),
            summary="Over de buren van Rik",
        )
        for number in range(count)
    )


def rows(page: str) -> int:
    return page.split('id="due"')[1].split("</table>")[0].count("<tr>") - 1  # the heading


def test_only_the_privacy_officer_sees_the_retention_page(client, world, officer):
    for user in (world.admin, world.wijkmanager_a, world.consulent_a, world.reader):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302

    client.force_login(officer)
    assert client.get(URL).status_code == 200
    assert 'href="/privacy/bewaartermijnen/"' in client.get("/privacy/").content.decode()


def test_the_page_shows_the_rule_per_category(client, officer, settings):
    Category.objects.filter(slug="vervuiling-portiek").update(retention_months=6)
    settings.WIJKTEAM_RETENTION_MONTHS = 18
    client.force_login(officer)

    page = client.get(URL).content.decode()
    rules = page.split('id="rules"')[1]

    def row(name: str) -> str:
        return rules.split(name)[1].split("</tr>")[0]

    assert "18 maanden" in row("Overlast – Geluid") and "standaard" in row("Overlast – Geluid")
    assert "wordt verwijderd" in row("Overlast – Geluid")
    assert "6 maanden" in row("Vervuild portiek") and "standaard" not in row("Vervuild portiek")
    assert "blijft" in row("Zwerfafval")
    assert "Vertrouwelijk" in row("Huurachterstand")


def test_the_page_lists_the_next_runs_cases_with_what_goes_and_changes_nothing(
    client, world, officer, time_machine
):
    time_machine.move_to(NOW, tick=False)
    noise = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    arrears = closed_arrears_case(world, closed_at=THIRTEEN_MONTHS_AGO + timedelta(days=1))
    young = closed_case(world, closed_at=ELEVEN_MONTHS_AGO, number=5)
    held = closed_case(world, closed_at=THIRTEEN_MONTHS_AGO, number=7)
    case_legal_hold_set(actor=officer, case=held, reason="Klacht")
    client.force_login(officer)
    before = snapshot()

    page = client.get(URL).content.decode()

    assert snapshot() == before
    assert "2 casussen zijn aan de beurt." in page
    assert "dinsdag 16 juni 2026, 03:00" in page
    due = page.split('id="due"')[1].split("</table>")[0]
    assert due.index(noise.reference) < due.index(arrears.reference)
    assert young.reference not in due and held.reference not in due
    noise_row = due.split(noise.reference)[1].split("</tr>")[0]
    assert "Overlast – Geluid" in noise_row and "Appelhof" in noise_row
    assert "15-5-2025" in noise_row and "15-5-2026" in noise_row
    assert "Contactgegevens van melders (naam, e-mailadres, telefoon): 1" in noise_row
    assert "Foto&#x27;s: 1" in noise_row and "Notities: 1" in noise_row
    assert "Namen van huurders: 1" in due.split(arrears.reference)[1]
    assert NAME not in page and "Jansen" not in page


def test_the_list_is_paged_by_fifty_with_a_bounded_count_and_query_count(
    client, world, officer, time_machine, django_assert_max_num_queries, monkeypatch
):
    time_machine.move_to(NOW, tick=False)
    closed_case(world, closed_at=THIRTEEN_MONTHS_AGO)
    client.force_login(officer)
    with django_assert_max_num_queries(40) as few:
        client.get(URL)
    one_case = len(few)
    bare_closed_cases(world, 60, closed_at=local(2024, 1, 1, 12, 0))

    # 61 cases cost no more queries than one: the inventory counts per kind, not per case.
    with django_assert_max_num_queries(one_case):
        first = client.get(URL).content.decode()
    assert "61 casussen zijn aan de beurt." in first
    assert rows(first) == 50
    assert "pagina=2" in first
    assert "Z-2024-09000" in first  # longest closed first

    second = client.get(URL, {"pagina": 2}).content.decode()
    assert rows(second) == 11
    assert "pagina=1" in second and "pagina=3" not in second

    monkeypatch.setattr("wijkteam.privacy.views.retention.COUNT_LIMIT", 10)
    assert "Meer dan 10 casussen zijn aan de beurt." in client.get(URL).content.decode()
