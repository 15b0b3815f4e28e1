"""The wijkmanager of Zuidoost opens the wijk's picture from the main menu, compares the wijken
per 1,000 inhabitants, sorts them, opens the wijk, chooses a quarter, its hotspots (the map, the
tables, a download) and a buurt; the charts load as images with their tables beside them; the
wijkagent sees no arrears; every page passes axe-core and fits a phone's screen."""

import csv
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_no_sideways_scroll, open_menu
from wijkteam.signals.counts import counts_rebuild

ZUIDOOST = "WK034502"


def _charts_loaded(page) -> None:
    """Every chart on the page is a drawn image (the SVG came back and was read)."""
    images = page.locator("img.chart__image")
    assert images.count() >= 1
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("element => element.naturalWidth") > 0, image.get_attribute("src")


def _reads_the_hotspots(page) -> None:
    """From the wijk's picture to its hotspots, for the last 12 months: the buurten on the map,
    the numbers in the tables, the busiest spots (the wijkmanager is in the wijk's team), and
    the map's numbers downloaded as the table shows them."""
    # What the worker does every minute (the tests run none): count the demo's live signals,
    # of the last days (the browser's demo has no past).
    counts_rebuild()
    page.get_by_role("link", name="Hotspots: waar meldingen samenkomen").click()
    expect(page.get_by_role("heading", name="Hotspots in Wijk 02 Zuidoost")).to_be_visible()
    assert "periode=kwartaal" in page.url
    page.get_by_role("link", name="Standaard: laatste 12 maanden, alle categorieën").click()
    map_ = page.get_by_role("img", name="Kaart van Wijk 02 Zuidoost")
    expect(map_).to_be_visible()
    # Each buurt of the table is on the map, with its name and count in its title.
    buurten = page.locator("#hotspots-buurten tbody th").all_inner_texts()
    drawn = [name for name in buurten if name != "Buurt onbekend"]
    assert "Engelenburg" in drawn and map_.locator("path").count() == len(drawn)
    assert map_.locator("path title").first.text_content().split(":")[0] in drawn
    assert map_.locator("circle title").count() >= 1  # the busiest spots
    assert page.locator("#hotspots-top-buurten tbody tr").count() >= 1
    assert page.locator("#hotspots-plekken tbody tr").count() >= 1
    first = page.locator("#hotspots-buurten tbody tr").first
    shown = [first.locator("th").inner_text(), *first.locator("td.num").all_inner_texts()]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV (de gegevens van de kaart").click()
    assert download.value.suggested_filename.startswith("wijkbeeld-hotspots-buurten-WK034502-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    table = list(csv.reader(text.splitlines(), delimiter=";"))
    # The name and the counts as the page shows them (a total with "*" has "< 5" beside it).
    assert table[1][: len(shown)] == [cell.rstrip("*") for cell in shown]
    assert_accessible(page, "picture-hotspots")


def test_the_wijkmanager_compares_wijken_and_reads_the_wijk(page, live_server, demo, login):
    login(page, "wijkmanager.zuidoost@gemeente.example")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Wijkbeeld").click()
    expect(page.get_by_role("heading", name="Wijkbeeld: alle wijken naast elkaar")).to_be_visible()
    page.get_by_role("link", name="Per 1.000 inwoners").first.click()
    page.locator("#grafiek-wijken-table").get_by_role("link", name="Totaal").click()
    assert page.locator("#grafiek-wijken-table th[aria-sort]").count() == 1
    _charts_loaded(page)
    assert_accessible(page, "picture-overview")

    page.locator(".picture-links").get_by_role("link", name="Wijk 02 Zuidoost").click()
    expect(page.get_by_role("heading", name="Wijkbeeld Wijk 02 Zuidoost")).to_be_visible()
    page.get_by_label("Soort periode").select_option("kwartaal")
    page.get_by_role("button", name="Toon").last.click()
    assert "periode=kwartaal" in page.url
    expect(page.locator("#team-figures")).to_be_visible()
    _charts_loaded(page)
    assert page.locator("#grafiek-maanden a", has_text="Download CSV").count() == 1
    assert_accessible(page, "picture-district")

    _reads_the_hotspots(page)
    page.locator(".crumbs").get_by_role("link", name="Wijkbeeld Wijk 02 Zuidoost").click()

    page.locator("#buurten .picture-links a").first.click()
    expect(page.get_by_role("heading", name="Wijkbeeld buurt")).to_be_visible()
    _charts_loaded(page)
    assert_accessible(page, "picture-neighbourhood")


def test_the_wijkagent_sees_no_arrears_and_the_page_fits_a_phone(
    phone_page, live_server, demo, login
):
    login(phone_page, "wijkagent.zuidoost@politie.example")
    phone_page.goto(f"{live_server.url}/wijkbeeld/{ZUIDOOST}/")

    assert "Financieel" not in phone_page.content()
    _charts_loaded(phone_page)
    assert_no_sideways_scroll(phone_page)
    assert_accessible(phone_page, "picture-district-phone")
    open_menu(phone_page)
    menu = phone_page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Wijkbeeld")).to_be_visible()
    phone_page.goto(f"{live_server.url}/wijkbeeld/{ZUIDOOST}/hotspots/")
    expect(phone_page.get_by_role("img", name="Kaart van Wijk 02 Zuidoost")).to_be_visible()
    assert "Financieel" not in phone_page.content()
    assert_no_sideways_scroll(phone_page)
    assert_accessible(phone_page, "picture-hotspots-phone")
