"""Each role lands where its work is, after logging in and on "/", and its menu offers only
what fits that work. Everyone's notifications are behind the header's bell, not in the menu."""

import re

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, add_member, make_user
from tests.statements import statements_of
from wijkteam.notifications.services import notify_users
from wijkteam.partners.models import Role, TeamFunction

ARREARS_LIST = "/meldingen/?categorie=financieel"
ALL_ITEMS = {
    "Wijkteams",
    "Meldingen",
    "Mijn werk",
    "Wijkbeeld",
    "Triage",
    "Melding invoeren",
    "Snel vastleggen",
    "Schuldhulp",
    "Huurachterstand",
    "Privacy",
    "Beheer",
}


def menu_of(client) -> set[str]:
    """The names of the main menu's items on the page the user lands on."""
    page = client.get(reverse("notifications:list")).content.decode()
    nav = page.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    names = re.findall(r"<a [^>]*>([^<]+)", nav)
    return {name.strip() for name in names}


def bells_of(page: str) -> list[str]:
    """The header's links to the notifications: the bell beside "Menu" on a phone and the one
    among the tools on a desktop (the style sheet shows one of them at a time)."""
    return re.findall(r'<a class="bell bell--(?:bar|tools)".*?</a>', page, re.DOTALL)


@pytest.fixture
def rent_administration(world):
    """The corporation's rent administration, in no wijkteam."""
    return world.rent_admin


@pytest.fixture
def wijkbeheerder(world):
    user = make_user("wb.a@corporatie.test", world.corporatie, Role.WIJKBEHEERDER)
    add_member(world.team_a, user, TeamFunction.WIJKBEHEERDER)
    return user


@pytest.fixture
def debt_counsellor(world):
    user = make_user("schuldhulp@gemeente.test", world.gemeente)
    add_member(world.team_a, user, TeamFunction.SCHULDHULPVERLENER)
    return user


def test_the_rent_administration_lands_on_its_arrears_with_its_two_doors(
    client, rent_administration
):
    client.force_login(rent_administration)

    assert client.get("/").url == ARREARS_LIST
    page = client.get(ARREARS_LIST).content.decode()
    assert "<h1>Huurachterstanden bij Woonstichting Test</h1>" in page
    assert f'href="{reverse("intake:arrears_new")}"' in page
    assert f'href="{reverse("intake:arrears_import")}"' in page
    # The wijk switch does not pretend the user chose a wijk.
    assert '<option value="" selected>Kies een wijk</option>' in page
    nav = page.split('aria-label="Hoofdmenu"')[1]
    assert re.search(r'href="/meldingen/\?categorie=financieel" aria-current="page"', nav)
    not_their_work = {"Triage", "Snel vastleggen", "Schuldhulp", "Privacy", "Beheer"}
    assert menu_of(client) == ALL_ITEMS - not_their_work


def test_the_rent_administration_lands_on_its_arrears_right_after_logging_in(
    client, world, settings
):
    make_user("huur.demo@corporatie.test", world.corporatie, Role.HUURADMINISTRATIE, is_demo=True)
    settings.DEMO_MODE = True  # demo accounts skip the second step

    login = client.post(
        reverse("login"), {"username": "huur.demo@corporatie.test", "password": PASSWORD}
    )

    assert login.status_code == 302
    assert client.get(login.url).url == ARREARS_LIST


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("wijkmanager_a", "/wijken/WK099901/"),
        ("consulent_a", "/wijken/WK099901/"),
        ("agent_a", "/wijken/WK099901/"),
        ("opbouwwerker_a", "/wijken/WK099901/"),
    ],
)
def test_team_members_land_on_their_wijk_with_triage_and_the_field_form(
    client, world, who, landing
):
    client.force_login(getattr(world, who))

    assert client.get("/").url == landing
    menu = menu_of(client)
    assert {"Wijkteams", "Meldingen", "Mijn werk", "Triage", "Melding invoeren"} <= menu
    assert "Snel vastleggen" in menu
    assert ("Huurachterstand" in menu) == (who == "consulent_a")  # the corporation's only


def test_the_wijkbeheerder_lands_on_the_field_form(client, wijkbeheerder):
    client.force_login(wijkbeheerder)

    assert client.get("/").url == reverse("intake:field")
    assert {"Snel vastleggen", "Triage", "Melding invoeren"} <= menu_of(client)


def test_the_debt_counsellor_lands_on_what_was_passed_on(client, debt_counsellor):
    client.force_login(debt_counsellor)

    assert client.get("/").url == reverse("signals:debt_help")
    menu = menu_of(client)
    assert "Schuldhulp" in menu
    assert not {"Triage", "Snel vastleggen", "Huurachterstand"} & menu


def test_the_coordinator_lands_on_all_wijkteams_without_the_team_members_items(client, world):
    coordinator = make_user("coordinator@gemeente.test", world.gemeente, Role.COORDINATOR)
    client.force_login(coordinator)

    assert client.get("/").url == reverse("teams:list")
    menu = menu_of(client)
    assert {"Wijkteams", "Meldingen", "Mijn werk", "Melding invoeren"} <= menu
    assert not {"Triage", "Snel vastleggen", "Huurachterstand"} & menu


def test_the_privacy_officer_lands_on_the_privacy_pages(client, world):
    officer = make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)
    client.force_login(officer)

    assert client.get("/").url == reverse("privacy:overview")
    menu = menu_of(client)
    assert "Privacy" in menu
    assert not {"Triage", "Snel vastleggen"} & menu


def test_the_functional_admin_lands_on_beheer(client, world):
    client.force_login(world.admin)

    assert client.get("/").url == reverse("admin:index")
    menu = menu_of(client)
    assert {"Beheer", "Privacy"} <= menu
    assert not {"Triage", "Snel vastleggen"} & menu


def test_a_read_only_user_lands_on_the_wijkteams_and_registers_nothing(client, world):
    client.force_login(world.reader)

    assert client.get("/").url == reverse("teams:list")
    menu = menu_of(client)
    assert not {"Triage", "Melding invoeren", "Snel vastleggen"} & menu


def test_a_read_only_member_of_a_team_follows_its_triage_but_registers_nothing(client, world):
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)

    assert client.get("/").url == "/wijken/WK099901/"
    menu = menu_of(client)
    assert "Triage" in menu
    assert not {"Melding invoeren", "Snel vastleggen"} & menu


def test_only_the_gemeentes_debt_counsellor_lands_on_its_debt_help(client, world):
    # Debt help is the gemeente's: another partner in that function starts on its wijk.
    other = make_user("schuldhulp@welzijn.test", world.welzijn)
    add_member(world.team_a, other, TeamFunction.SCHULDHULPVERLENER)
    client.force_login(other)

    assert client.get("/").url == "/wijken/WK099901/"
    assert client.get("/wijken/WK099901/").status_code == 200


@pytest.mark.parametrize(
    ("who", "counts"),
    [
        ("wijkmanager_a", {"cases_proposal"}),  # the gemeente's, in the team, no debt help
        ("coordinator", set()),  # no casework of a team
        ("debt_counsellor", {"signals_debthelpreferral"}),
    ],
)
def test_the_menu_counts_only_what_it_shows(client, world, debt_counsellor, who, counts):
    """Triage's waiting proposals and debt help's new referrals are counted only for who has
    those items in the menu, which the wijk switch's query tells (no query of their own)."""
    users = {
        "coordinator": make_user("coordinator@gemeente.test", world.gemeente, Role.COORDINATOR),
        "debt_counsellor": debt_counsellor,
    }
    client.force_login(users.get(who) or getattr(world, who))
    url = reverse("notifications:list")
    client.get(url)

    response, statements = statements_of(lambda: client.get(url))

    assert response.status_code == 200
    counted = {
        table
        for table in ("cases_proposal", "signals_debthelpreferral")
        if any(f'"{table}"' in sql for sql in statements)
    }
    assert counted == counts
    menu = menu_of(client)
    assert ("Triage" in menu) == ("cases_proposal" in counts)
    assert ("Schuldhulp" in menu) == ("signals_debthelpreferral" in counts)


def test_the_notifications_are_behind_the_headers_bell_with_the_unread_count(client, world):
    for number in (1, 2):
        notify_users(users=[world.consulent_a], subject=f"Veens vraagt uw reactie ({number})")
    client.force_login(world.consulent_a)

    page = client.get(reverse("cases:my_work")).content.decode()
    assert "Berichten" not in menu_of(client)
    bells = bells_of(page)
    assert len(bells) == 2
    for bell in bells:
        assert f'href="{reverse("notifications:list")}"' in bell
        assert "aria-current" not in bell
        # The eye sees the bell and the count, a screen reader hears "Berichten 2 ongelezen".
        assert 'aria-hidden="true"' in bell.split("<svg", 1)[1].split(">", 1)[0]
        assert '<span class="bell__label visually-hidden">Berichten</span>' in bell
        assert '<span class="nav-count bell__count">2</span>' in bell
        assert '<span class="visually-hidden"> ongelezen</span>' in bell

    client.post(reverse("notifications:read_all"))
    for bell in bells_of(client.get(reverse("notifications:list")).content.decode()):
        assert 'aria-current="page"' in bell
        assert "nav-count" not in bell and "ongelezen" not in bell
