"""The resident's side as a person on a phone uses it: a report that needs a correction keeps
its photo, the tracking page repeats what was reported, and a resident who reports litter
already reported joins it and reads only their own part."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, PHONE, assert_accessible
from tests.browser.test_intake_journeys import photo_file, veenendaal_pdok  # noqa: F401
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import Category, Channel, Signal
from wijkteam.signals.services import ReporterInput


@pytest.mark.usefixtures("veenendaal_pdok")
def test_a_photo_kept_after_a_mistake_reaches_the_signal(phone_page, live_server, demo, tmp_path):
    page = phone_page
    page.goto(live_server.url + "/melden/")
    page.get_by_label("Afval op straat of gedumpt afval").check()
    page.get_by_role("textbox", name="Postcode").fill("3901 HC")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("3")
    page.get_by_label("Foto's").set_input_files(photo_file(tmp_path))
    page.get_by_label("Ik meld anoniem").check()
    # The mistake: no description.
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.get_by_role("heading", name="Controleer uw melding")).to_be_visible()
    expect(page.get_by_text("Uw foto's zijn bewaard")).to_be_visible()
    kept = page.get_by_role("checkbox", name="vernieling.jpg")
    expect(kept).to_be_checked()
    assert_accessible(page, "report-kept-photo-phone")

    page.get_by_label("Wat is er aan de hand?").fill("Een berg vuilniszakken naast de container.")
    page.get_by_role("button", name="Melding versturen").click()
    same = page.get_by_role("button", name="Nee, het is een nieuwe melding")
    if same.count():
        expect(page.get_by_role("checkbox", name="vernieling.jpg")).to_be_checked()
        same.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw melding is ontvangen")
    signal = Signal.objects.get(reference=page.locator("#reference").inner_text())
    assert [a.original_name for a in signal.attachments.all()] == ["vernieling.jpg"]

    # The tracking page repeats what was reported, the photo included.
    page.locator("#tracking-link").click()
    reported = page.locator("#reported")
    expect(reported).to_contain_text("Een berg vuilniszakken naast de container.")
    expect(reported).to_contain_text("Spanjaardsgoed 3, 3901 HC")
    photo = reported.get_by_role("img", name="Uw foto 1")
    expect(photo).to_be_visible()
    # The photo loads lazily: bring it into view and wait until the browser has decoded it.
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert page.evaluate("img => img.naturalWidth", photo.element_handle()) == 120
    assert_accessible(page, "tracking-what-you-reported-phone")


@pytest.mark.usefixtures("veenendaal_pdok")
def test_the_date_and_time_work_without_javascript(browser, live_server, demo):
    context = browser.new_context(
        java_script_enabled=False, locale="en-US", viewport=PHONE, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/melden/")

    date_box = page.get_by_role("textbox", name="Datum")
    time_box = page.get_by_role("textbox", name="Tijd")
    # Plain text boxes in the Dutch order, starting at now: no browser picker in mm/dd/yyyy.
    assert date_box.get_attribute("type") == "text"
    expect(date_box).to_have_value(timezone.localtime().strftime("%d-%m-%Y"))
    expect(page.get_by_text("dd-mm-jjjj")).to_be_visible()
    expect(page.get_by_text("uu:mm")).to_be_visible()
    # No axe here: it runs as a script, which this browser does not. The JavaScript journeys
    # check the same form.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(ARTIFACTS / "report-date-time-no-javascript-phone.png"), full_page=True
    )

    yesterday = timezone.localdate() - timedelta(days=1)
    date_box.fill("31-31-2026")  # a mistake first
    time_box.fill("21:30")
    page.get_by_label("Afval op straat of gedumpt afval").check()
    page.get_by_label("Wat is er aan de hand?").fill("Gedumpte matras bij de speeltuin.")
    page.get_by_role("textbox", name="Postcode").fill("3901 HC")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("3")
    page.get_by_label("Ik meld anoniem").check()
    page.get_by_role("button", name="Melding versturen").click()

    expect(page.locator(".error-summary")).to_contain_text("bestaat niet als datum")
    expect(time_box).to_have_value("21:30")
    date_box.fill(yesterday.strftime("%d-%m-%Y"))
    page.get_by_role("button", name="Melding versturen").click()
    same = page.get_by_role("button", name="Nee, het is een nieuwe melding")
    if same.count():
        same.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw melding is ontvangen")
    signal = Signal.objects.get(reference=page.locator("#reference").inner_text())
    occurred = timezone.localtime(signal.occurred_at)
    assert (occurred.date(), occurred.hour, occurred.minute) == (yesterday, 21, 30)
    context.close()


def litter_reported_at_spanjaardsgoed() -> Signal:
    """An open litter report by another resident at Spanjaardsgoed 3 (in the demo's Engelenburg),
    which a resident reporting litter there is asked about."""
    spot = location_resolve(
        given=LocationInput(latitude=52.02009336, longitude=5.55488748), client=None
    )
    return signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        description="Vuilniszakken opengescheurd door meeuwen.",
        location=replace(spot, street="Spanjaardsgoed"),
        reporter=ReporterInput(name="Eerste Melder", email="eerste@example.test"),
    ).signal


@pytest.mark.usefixtures("veenendaal_pdok")
def test_a_resident_joins_the_litter_already_reported_and_reads_only_their_own_part(
    phone_page, live_server, demo
):
    first = litter_reported_at_spanjaardsgoed()
    page = phone_page
    page.goto(live_server.url + "/melden/")
    page.get_by_label("Afval op straat of gedumpt afval").check()
    page.get_by_label("Wat is er aan de hand?").fill("Overal afval naast de containers.")
    page.get_by_role("textbox", name="Postcode").fill("3901 HC")
    page.get_by_role("textbox", name="Huisnummer", exact=True).fill("3")
    page.get_by_label("Ik meld anoniem").check()
    page.get_by_role("button", name="Melding versturen").click()

    # Litter nearby: the resident is asked first, with the category, street and date only.
    expect(page.get_by_role("heading", name="Is dit hetzelfde probleem?")).to_be_visible()
    expect(page.get_by_label("Wat is er aan de hand?")).to_have_value(
        "Overal afval naast de containers."
    )
    expect(page.get_by_text("Eerste Melder")).to_have_count(0)
    expect(page.get_by_text("meeuwen")).to_have_count(0)
    assert_accessible(page, "report-same-check-phone")
    page.locator(f'button[name="same_as"][value="{first.reference}"]').click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt, uw melding is ontvangen")
    assert first.reporters.count() == 2
    page.locator("#tracking-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {first.reference}")
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("U meldt hetzelfde probleem als een eerdere melder.")
    # The first reporter's receipt was theirs, not this resident's.
    expect(timeline).not_to_contain_text("Uw melding is ontvangen.")
    expect(page.get_by_text("meeuwen")).to_have_count(0)
    assert_accessible(page, "tracking-joined-phone")
