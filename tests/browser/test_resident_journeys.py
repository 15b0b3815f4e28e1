"""The resident's side as a person on a phone uses it: a report that needs a correction keeps
its photo, and the tracking page repeats what was reported."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_intake_journeys import photo_file, veenendaal_pdok  # noqa: F401
from wijkteam.signals.models import Signal


def test_a_photo_kept_after_a_mistake_reaches_the_signal(
    phone_page,
    live_server,
    demo,
    veenendaal_pdok,
    tmp_path,  # noqa: F811
):
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
