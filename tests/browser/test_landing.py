"""After logging in each person starts where their work is, with a menu that fits it."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def menu_items(page) -> list[str]:
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    # An item's name without its count ("Triage 6 wachten op uw reactie" is "Triage").
    return [
        re.match(r"[^\d\n]+", name).group().strip()
        for name in menu.get_by_role("link").all_inner_texts()
    ]


def test_the_rent_administration_starts_on_its_arrears(page, live_server, demo, login):
    login(page, "huuradministratie@veenvesters.example")

    expect(page).to_have_url(re.compile(r"/meldingen/\?categorie=financieel$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Huurachterstanden bij Veenvesters")
    expect(page.get_by_role("link", name="M-", exact=False).first).to_be_visible()
    items = menu_items(page)
    assert "Triage" not in items and "Snel vastleggen" not in items
    current = page.get_by_role("navigation", name="Hoofdmenu").locator("[aria-current=page]")
    expect(current).to_have_text("Huurachterstand")
    # No wijk is chosen for someone who works for the whole corporation.
    expect(page.get_by_label("Wijk", exact=True)).to_have_value("")
    assert_accessible(page, "landing-rent-administration")

    page.get_by_role("link", name="CSV-bestand importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Huurachterstanden importeren")
    page.go_back()
    page.get_by_role("link", name="Huurachterstand invoeren").click()
    expect(page.get_by_label("Referentie (uit uw eigen systeem)")).to_be_visible()


def test_a_wijkagent_starts_on_the_team_page_with_triage_in_the_menu(
    page, live_server, demo, login
):
    login(page, "wijkagent.zuidoost@politie.example")

    expect(page.get_by_role("heading", level=1)).to_have_text("Wijkteam Wijk 02 Zuidoost")
    items = menu_items(page)
    assert "Triage" in items and "Snel vastleggen" in items
    assert "Huurachterstand" not in items
