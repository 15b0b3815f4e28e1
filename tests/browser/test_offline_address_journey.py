"""The first journey on a machine without internet: PDOK's Locatieserver and the map tiles
cannot be reached. A resident reports by postcode and house number, the demo's address register
places the report in its buurt, and the wijkmanager finds it in the triage; an address the
register lacks is put right by staff on the map of our own boundaries."""

import re
import socket
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from wijkteam.cases.models import Case
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import LocationStatus, Signal

UNCHECKED = "We konden uw adres niet controleren; een medewerker kijkt ernaar."
ZUIDOOST = "WK034502"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def offline(settings):
    """Nothing answers where PDOK's address service and map tiles should be."""
    settings.PDOK_LOCATIESERVER_URL = f"http://127.0.0.1:{closed_port()}/bzk/locatieserver/v3_1"
    settings.MAP_TILES_URL = f"http://127.0.0.1:{closed_port()}/tiles/{{z}}/{{x}}/{{y}}.png"


def send(page) -> None:
    """Send the form, past "Is dit hetzelfde probleem?" when a report nearby is offered."""
    page.get_by_role("button", name="Melding versturen").click()
    same = page.get_by_role("button", name="Nee, het is een nieuwe melding")
    thanks = page.get_by_role("heading", name="Bedankt, uw melding is ontvangen")
    expect(same.or_(thanks)).to_be_visible()
    if same.is_visible():
        same.click()
    expect(thanks).to_be_visible()


def report(page, live_server, *, postcode: str, number: str, description: str) -> str:
    page.goto(live_server.url + "/melden/")
    page.get_by_label("Geluidsoverlast (harde muziek, feesten, lawaai)").check()
    page.get_by_label("Wat is er aan de hand?").fill(description)
    page.get_by_role("textbox", name="Postcode").fill(postcode)
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill(number)
    page.get_by_label("Ik wil op de hoogte blijven (met mijn gegevens)").check()
    page.get_by_label("E-mailadres").fill("bewoner@example.test")
    page.get_by_label("Ja, ik huur van Veenvesters").check()
    send(page)
    return page.locator("#reference").inner_text()


def test_a_report_by_postcode_reaches_the_triage_without_internet(
    page, live_server, demo, offline, login
):
    reference = report(
        page,
        live_server,
        postcode="3905 BA",
        number="5",
        description="Elke nacht harde muziek bij de bovenburen.",
    )

    expect(page.get_by_text(UNCHECKED)).to_have_count(0)
    assert_accessible(page, "offline-report-received")
    signal = Signal.objects.get(reference=reference)
    assert signal.location_status == LocationStatus.RESOLVED
    assert (signal.street, signal.neighbourhood.name, signal.team.district.code) == (
        "Multatulilaan",
        "Schrijverspark",
        ZUIDOOST,
    )
    case = Case.objects.get(links__signal=signal)

    login(page, "wijkmanager.zuidoost@gemeente.example")
    page.goto(f"{live_server.url}/casussen/wijk/{ZUIDOOST}/triage/")
    running = page.locator("article.panel").filter(has_text=case.reference)
    expect(running).to_contain_text("Schrijverspark")
    expect(running).to_contain_text("Voorstel: Veenvesters")
    assert_accessible(page, "offline-team-triage")

    # The gemeente agrees from the case page; the others stay silent until the deadline, which
    # counts as consent: the first responder is agreed.
    running.get_by_role("link", name=case.reference).click()
    page.get_by_role("radio", name="Akkoord", exact=True).check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".messages")).to_contain_text("Uw reactie is vastgelegd.")
    proposal = case.proposals.get()
    assert proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=5)
    )
    case.refresh_from_db()
    assert case.lead.name == "Veenvesters"
    page.goto(f"{live_server.url}/casussen/wijk/{ZUIDOOST}/triage/")
    expect(page.locator("#decided")).to_contain_text(case.reference)


def test_an_address_the_register_lacks_is_placed_by_staff_on_the_map(
    browser, page, live_server, demo, offline, login
):
    reference = report(
        page,
        live_server,
        postcode="3905 BA",
        number="97",
        description="Gebonk en geschreeuw, elke avond.",
    )
    expect(page.get_by_text(UNCHECKED)).to_be_visible()
    assert_accessible(page, "offline-report-unchecked")
    page.locator("#tracking-link").click()
    expect(page.get_by_text(UNCHECKED)).to_be_visible()
    assert_accessible(page, "offline-tracking-unchecked")
    tracking = page.url
    signal = Signal.objects.get(reference=reference)
    assert (signal.location_status, signal.team) == (LocationStatus.NEEDS_REVIEW, None)

    staff = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    desk = staff.new_page()
    desk.set_default_timeout(10_000)
    login(desk, "wijkconsulent.zuidoost@veenvesters.example")
    desk.goto(f"{live_server.url}/meldingen/{reference}/locatie/")
    expect(desk.locator("#location-unchecked")).to_be_visible()
    map_element = desk.locator("#location-map")
    expect(map_element).to_have_attribute("data-ready", "true")
    # No tiles: the boundaries and the buurt names are drawn all the same.
    expect(desk.locator(".map__label", has_text="Schrijverspark")).to_be_visible()
    expect(map_element).to_have_attribute("data-tiles", "unavailable")

    # Saving the unchecked address again is refused, and never called a success.
    desk.get_by_role("button", name="Locatie opslaan").click()
    expect(desk.get_by_text("Dit adres kon niet worden gecontroleerd")).to_be_visible()
    expect(desk.get_by_text("De locatie is bijgewerkt")).to_have_count(0)
    assert_accessible(desk, "location-correction-refused")

    map_element.scroll_into_view_if_needed()
    label = desk.locator(".map__label", has_text="Schrijverspark").bounding_box()
    desk.mouse.click(label["x"] + label["width"] / 2, label["y"] + label["height"] + 6)
    expect(desk.locator("#map-status")).to_have_text(
        "Plek aangewezen in Schrijverspark (Wijk 02 Zuidoost)."
    )
    assert_accessible(desk, "location-correction-map")
    desk.get_by_role("button", name="Locatie opslaan").click()
    expect(desk.locator(".messages")).to_contain_text(
        re.compile(r"De locatie is bijgewerkt: Schrijverspark, Wijk 02 Zuidoost\.")
    )
    # The signal's own map, without tiles too: its point in its buurt, with the buurt's name.
    signal_map = desk.locator("#signal-map")
    expect(signal_map).to_have_attribute("data-placed", "BU03450215")
    expect(signal_map.locator(".map__label", has_text="Schrijverspark")).to_be_visible()
    expect(signal_map).to_have_attribute("data-tiles", "unavailable")
    assert_accessible(desk, "offline-signal-map")
    staff.close()

    signal.refresh_from_db()
    assert (signal.location_status, signal.neighbourhood.name) == (
        LocationStatus.RESOLVED,
        "Schrijverspark",
    )
    assert Case.objects.filter(links__signal=signal, team__district__code=ZUIDOOST).exists()
    page.goto(tracking)
    expect(page.get_by_text(UNCHECKED)).to_have_count(0)


def test_a_postcode_outside_the_gemeente_is_warned_about_on_a_phone(
    phone_page, live_server, demo, offline
):
    page = phone_page
    page.goto(live_server.url + "/melden/")
    page.get_by_label("Geluidsoverlast (harde muziek, feesten, lawaai)").check()
    page.get_by_label("Wat is er aan de hand?").fill("Harde muziek tot diep in de nacht.")
    page.get_by_role("textbox", name="Postcode").fill("1234 AB")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("5")
    page.get_by_label("Ik meld anoniem").check()
    page.get_by_role("button", name="Melding versturen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Postcode 1234 AB ligt niet in de gemeente")
    expect(page.get_by_label("Wat is er aan de hand?")).to_have_value(
        "Harde muziek tot diep in de nacht."
    )
    expect(page.get_by_role("textbox", name="Postcode")).to_have_value("1234 AB")
    # The map's tiles fail at once here: its attribution must still read as a link (axe).
    assert_accessible(page, "offline-report-outside-phone")
    assert not Signal.objects.filter(postcode="1234AB").exists()


def test_a_resident_points_at_the_place_on_a_phone_map_without_tiles(
    phone_page, live_server, demo, offline
):
    page = phone_page
    page.goto(live_server.url + "/melden/")
    map_element = page.locator("#report-map")
    expect(map_element).to_have_attribute("data-ready", "true")
    # No tiles: the buurten are drawn from our own boundaries, with their names.
    expect(map_element).to_have_attribute("data-tiles", "unavailable")
    expect(page.locator(".map__note")).to_contain_text("Kaartachtergrond niet beschikbaar")
    expect(map_element.locator("path.map__buurt")).to_have_count(19)
    label = map_element.locator(".map__label", has_text="Schrijverspark")
    expect(label).to_be_visible()
    # The whole gemeente on a phone has no room for every name: the names that would cover
    # others wait until the resident zooms in.
    shown = map_element.locator(".map__label:not(.map__label--hidden)")
    at_first = shown.count()
    assert at_first < 19

    # A place outside every buurt is named so; a tap on a buurt's name reaches the map.
    map_element.scroll_into_view_if_needed()
    corner = map_element.bounding_box()
    page.touchscreen.tap(corner["x"] + corner["width"] - 12, corner["y"] + 12)
    expect(page.locator("#map-status")).to_have_text(
        "Plek aangewezen buiten de bekende buurten: kies een plek in de gemeente."
    )
    box = label.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#map-status")).to_have_text("Plek aangewezen in Schrijverspark.")
    expect(map_element).to_have_attribute("data-placed", "BU03450215")
    page.get_by_role("button", name="Zoom in").tap()
    expect(map_element.locator(".map__label", has_text="Groenpoort")).to_be_visible()
    assert shown.count() > at_first
    assert_accessible(page, "offline-report-map-phone")

    page.get_by_label("Geluidsoverlast (harde muziek, feesten, lawaai)").check()
    page.get_by_label("Wat is er aan de hand?").fill("Harde muziek uit een auto, elke avond.")
    page.get_by_label("Ik meld anoniem").check()
    send(page)

    signal = Signal.objects.get(reference=page.locator("#reference").inner_text())
    assert (signal.location_status, signal.neighbourhood.name, signal.postcode) == (
        LocationStatus.RESOLVED,
        "Schrijverspark",
        "",
    )
    assert signal.team.district.code == ZUIDOOST
