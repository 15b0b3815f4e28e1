"""Signal intake as people use it: a resident on a phone, a wijkbeheerder in the street, the
team looking at its inbox. Every page is checked with axe-core."""

import io
import re
import time

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from wijkteam.signals.models import Signal


@pytest.fixture
def veenendaal_pdok(pdok):
    """The local Locatieserver also knows Spanjaardsgoed 3 (buurt Engelenburg in the demo)."""
    pdok.add(
        "3901HC 3",
        "Spanjaardsgoed 3",
        street="Spanjaardsgoed",
        number=3,
        postcode="3901HC",
        city="Veenendaal",
        lat=52.02009336,
        lon=5.55488748,
        buurtcode="BU03450200",
        wijkcode="WK034502",
        bag_id="0345200002037361",
    )
    return pdok


def photo_file(tmp_path) -> str:
    path = tmp_path / "vernieling.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (90, 90, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_resident_reports_nuisance_on_a_phone_and_follows_it(
    phone_page, live_server, demo, veenendaal_pdok
):
    page = phone_page
    started = time.perf_counter()
    page.goto(live_server.url + "/melden/")
    expect(page.get_by_text("Bij spoed: bel 112.")).to_be_visible()
    assert_accessible(page, "report-form-phone")

    # Sending an empty form: every mistake is listed, nothing is lost.
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", name="Controleer uw melding")).to_be_visible()
    assert_accessible(page, "report-form-errors-phone")

    page.get_by_label("Geluidsoverlast (harde muziek, feesten, lawaai)").check()
    page.get_by_label("Wat is er aan de hand?").fill("Elke vrijdagnacht harde muziek bij de buren.")
    page.get_by_role("textbox", name="Postcode").fill("3901 HC")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("3")
    page.get_by_label("Ik wil op de hoogte blijven (met mijn gegevens)").check()
    page.get_by_label("E-mailadres").fill("bewoner@example.test")
    page.get_by_label("Ja, ik huur van Veenvesters").check()
    page.get_by_role("button", name="Melding versturen").click()

    # The demo already has a noise report at this address, but a report about neighbours is
    # never offered as "the same problem": the neighbour could find it (tests/browser/
    # test_resident_journeys.py walks the question, for litter).
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw melding is ontvangen")
    expect(page.get_by_text("Is dit hetzelfde probleem?")).to_have_count(0)
    elapsed = time.perf_counter() - started
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"M-\d{4}-\d{5}", reference)
    assert elapsed < 30  # the machine's share; a person needs well under two minutes
    assert_accessible(page, "report-received-phone")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    signal = Signal.objects.get(reference=reference)
    assert signal.neighbourhood.name == "Engelenburg"
    assert signal.receiving_organisation.name == "Veenvesters"

    page.locator("#tracking-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {reference}")
    expect(page.get_by_text("Uw melding is ontvangen.")).to_be_visible()
    assert_accessible(page, "tracking-phone")


def test_wijkbeheerder_logs_vandalism_with_a_photo_on_the_spot(
    browser, live_server, demo, tmp_path, login
):
    from tests.browser.conftest import PHONE, open_menu

    context = browser.new_context(
        locale="nl-NL",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 52.0201, "longitude": 5.5549},
        permissions=["geolocation"],
    )
    page = context.new_page()
    login(page, "wijkbeheerder.zuidoost@veenvesters.example")
    open_menu(page)
    page.get_by_role("link", name="Snel vastleggen").click()
    expect(page.locator("#map-status")).to_contain_text("Locatie bepaald")
    assert_accessible(page, "field-form-phone")

    page.get_by_label("Foto").set_input_files(photo_file(tmp_path))
    page.get_by_label("Vernieling complex").check()
    page.get_by_label("Korte toelichting").fill("Deur van de fietsenberging ingetrapt")
    page.get_by_role("button", name="Vastleggen").click()

    expect(page.locator(".messages")).to_contain_text("in Engelenburg")
    signal = Signal.objects.filter(external_reference="").get()
    assert (signal.channel, signal.attachments.count()) == ("field", 1)
    assert signal.team.district.code == "WK034502"
    context.close()


def test_team_sees_the_signal_in_its_inbox_with_photo_and_map(
    page, live_server, demo, login, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wijkteam.partners.actors import SYSTEM
    from wijkteam.signals.locations import LocationInput, location_resolve
    from wijkteam.signals.models import Category
    from wijkteam.signals.photos import process_photo
    from wijkteam.signals.registration import signal_create
    from wijkteam.signals.services import ReporterInput

    with open(photo_file(tmp_path), "rb") as file:
        photo = process_photo(upload=SimpleUploadedFile("p.jpg", file.read(), "image/jpeg"))
    created = signal_create(
        actor=SYSTEM,
        channel="resident_web",
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        description="Grofvuil naast de container",
        location=location_resolve(
            given=LocationInput(latitude=52.0195, longitude=5.5560), client=None
        ),
        reporter=ReporterInput(name="Nina Netjes", email="nina@example.test"),
        photos=[photo],
    )

    login(page, "wijkagent.zuidoost@politie.example")
    page.get_by_role("link", name="Meldingen in deze wijk").click()
    expect(page.get_by_role("link", name=created.signal.reference)).to_be_visible()
    assert_accessible(page, "inbox-zuidoost")

    page.get_by_label("Categorie").select_option(label="Graffiti")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Geen meldingen die aan deze filters voldoen.")).to_be_visible()
    page.get_by_role("link", name="Alle filters wissen").click()

    page.get_by_role("link", name=created.signal.reference).click()
    expect(page.get_by_text("Grofvuil naast de container")).to_be_visible()
    expect(page.locator("#signal-map[data-ready=true]")).to_be_attached()
    expect(page.get_by_role("img", name="Foto 1 bij de melding")).to_be_visible()
    # The police are a partner, not the receiver: the reporter stays hidden.
    expect(page.get_by_text("Nina Netjes")).to_have_count(0)
    assert_accessible(page, "signal-detail")


def test_staff_and_arrears_pages_are_accessible(page, live_server, demo, login):
    login(page, "huuradministratie@veenvesters.example")
    for path, name in (
        ("/meldingen/nieuw/", "staff-form"),
        ("/meldingen/huurachterstand/nieuw/", "arrears-form"),
        ("/meldingen/huurachterstand/import/", "arrears-import"),
        ("/meldingen/", "organisation-inbox"),
    ):
        page.goto(live_server.url + path)
        assert_accessible(page, name)
