"""A newcomer's first steps: log in, see the wijkteam with its partners and map, switch wijk
and language, reset a password — on a desktop and on a phone, each page checked by axe-core."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, open_menu


def test_wijkmanager_logs_in_and_sees_the_team_with_partners_and_map(
    page, live_server, demo, login
):
    # The site's root is the residents' start page; staff find their way in from there.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Inloggen voor medewerkers").click()
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
    assert_accessible(page, "login")

    login(page, "wijkmanager.zuidoost@gemeente.example")

    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteam Wijk 02 Zuidoost")
    expect(page.locator(".who__org")).to_contain_text("Gemeente Veenendaal · Wijkmanager")
    partners = page.locator(".team-layout__partners")
    for name in (
        "Gemeente Veenendaal",
        "Veenvesters",
        "Politie basisteam Heuvelrug",
        "Veens",
        "Buurtbemiddeling Veenendaal",
        "Bewonerscommissie Engelenburg",
    ):
        expect(partners.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(partners).to_contain_text("wijkagent.zuidoost@politie.example")
    expect(page.locator("#approximate-notice")).to_be_visible()
    # The map draws the wijk outline and its four buurten, without any tiles.
    expect(page.locator("#team-map[data-ready=true]")).to_be_attached()
    expect(page.locator("#team-map path.map__wijk, #team-map path.map__buurt")).to_have_count(5)
    expect(page.get_by_role("cell", name="Engelenburg", exact=True)).to_be_visible()
    assert_accessible(page, "team-zuidoost")


def test_wrong_password_keeps_the_email_and_explains(page, live_server, demo, login):
    login(page, "wijkmanager.zuidoost@gemeente.example", "verkeerd-wachtwoord")

    expect(page.get_by_role("alert")).to_contain_text("horen niet bij elkaar")
    expect(page.get_by_label("E-mailadres")).to_have_value("wijkmanager.zuidoost@gemeente.example")
    assert_accessible(page, "login-error")


def test_switch_wijk_then_language(page, live_server, demo, login):
    login(page, "coordinator@gemeente.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteams")
    expect(page.get_by_role("row")).to_have_count(7)
    assert_accessible(page, "team-list")

    page.get_by_label("Wijk", exact=True).select_option(label="Wijk 05 Oost")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteam Wijk 05 Oost")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neighbourhood team Wijk 05 Oost")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Partners and team members")).to_be_visible()
    assert_accessible(page, "team-oost-english")

    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteam Wijk 05 Oost")


def test_map_stays_usable_when_tiles_cannot_load(page, live_server, demo, login, settings):
    # A tile server that refuses every connection, as when the machine is offline.
    settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    login(page, "wijkmanager.west@gemeente.example")

    expect(page.locator("#team-map[data-tiles=unavailable]")).to_be_attached()
    expect(page.locator(".map__note")).to_contain_text("Kaartachtergrond niet beschikbaar")
    expect(page.locator("#team-map path.map__wijk, #team-map path.map__buurt")).to_have_count(4)
    expect(page.locator("#team-map .map__label", has_text="Componistenbuurt")).to_be_visible()
    expect(page.get_by_role("cell", name="Componistenbuurt")).to_be_visible()


def test_password_reset_pages(page, live_server, demo, run_worker):
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.locator(".field__error")).to_contain_text("geldig e-mailadres")
    assert_accessible(page, "password-reset-error")

    page.get_by_label("E-mailadres").fill("wijkmanager.oost@gemeente.example")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    assert_accessible(page, "password-reset-done")

    # The worker sends the email; the person follows the link and chooses a new password.
    run_worker()
    # The demo's triage also mails its partners; pick the reset email.
    reset = [m for m in mail.outbox if "wachtwoord-herstellen" in m.body]
    link = re.search(r"http://\S+/account/wachtwoord-herstellen/\S+/", reset[-1].body).group(0)
    page.goto(live_server.url + link[link.find("/account") :])
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("kort")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator(".field__error")).to_contain_text("te kort")
    assert_accessible(page, "password-reset-confirm-error")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-nieuw-lang-wachtwoord")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("een-nieuw-lang-wachtwoord")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord gewijzigd")
    assert_accessible(page, "password-reset-complete")

    page.goto(live_server.url + link[link.find("/account") :])
    expect(page.get_by_role("alert")).to_contain_text("Deze link werkt niet meer")


def test_unknown_page_is_a_friendly_404(page, live_server, demo, login):
    login(page, "wijkmanager.oost@gemeente.example")

    response = page.goto(live_server.url + "/wijken/WK999999/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deze pagina bestaat niet")
    assert_accessible(page, "not-found")


def test_team_page_works_on_a_phone(phone_page, live_server, demo, login):
    login(phone_page, "wijkagent.noord@politie.example")

    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Wijkteam Wijk 03 Noord")
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    assert_accessible(phone_page, "team-noord-phone")

    open_menu(phone_page)
    phone_page.get_by_role("button", name="Uitloggen").click()
    expect(phone_page).to_have_url(re.compile(r"/account/inloggen/"))
