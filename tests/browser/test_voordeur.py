"""The residents' start page on a phone: type the problem in one's own words, choose an answer,
land on the report form with its category chosen; and the same search without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from wijkteam.signals.models import Category
from wijkteam.voordeur.models import CategoryWords, Door
from wijkteam.voordeur.seed_words import seed_doors, seed_search_words


@pytest.fixture
def voordeur(demo):
    # A browser test before this one emptied every table, the seed rows of the migrations too.
    seed_doors(Door)
    seed_search_words(Category, CategoryWords)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_resident_types_their_problem_and_lands_on_the_right_form(
    phone_page, live_server, voordeur
):
    page = phone_page
    page.goto(f"{live_server.url}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Het wijkteam van Veenendaal")
    expect(page.get_by_role("link", name="Inloggen voor medewerkers")).to_be_visible()
    assert fits_the_phone(page)
    assert_accessible(page, "voordeur-start-phone")

    page.get_by_label("Waarmee kunnen wij u helpen?").press_sequentially(
        "er staat iemand met een mes voor de deur", delay=10
    )
    emergency = page.locator(".voordeur-answer").first
    expect(emergency).to_contain_text("Bel 112")
    expect(emergency.get_by_role("link", name="Bel 112")).to_have_attribute("href", "tel:112")

    field = page.get_by_label("Waarmee kunnen wij u helpen?")
    field.fill("")
    field.press_sequentially("de buren maken elke nacht herrie", delay=10)
    first = page.locator(".voordeur-answer").first
    expect(first).to_contain_text("Geluidsoverlast")
    assert fits_the_phone(page)
    assert_accessible(page, "voordeur-results-phone")

    first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding doen")
    expect(page.get_by_label("Geluidsoverlast (harde muziek, feesten, lawaai)")).to_be_checked()


def test_the_search_works_on_a_phone_without_javascript(browser, phone_page, live_server, voordeur):
    context = browser.new_context(
        locale="nl-NL", viewport=PHONE, is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/")
        page.get_by_label("Waarmee kunnen wij u helpen?").fill("lekkage badkamer")
        page.get_by_role("button", name="Zoeken").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Waarmee kunnen wij u helpen?")
        expect(page.locator(".voordeur-answer").first).to_contain_text(
            "Reparatieverzoek bij uw woningcorporatie"
        )
        results = page.url
    finally:
        context.close()
    # The same page as the server sent it, checked where axe can run (it needs a script).
    phone_page.goto(results)
    assert fits_the_phone(phone_page)
    assert_accessible(phone_page, "voordeur-results-no-js")
