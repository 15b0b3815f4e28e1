"""The wijkbeheerder's field form as it looks on a phone: collapsed groups show they open, and
the confirmation after "Vastleggen" leads to the new signal."""

from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from tests.browser.test_intake_journeys import photo_file

WIJKBEHEERDER = "wijkbeheerder.zuidoost@veenvesters.example"


def marker(summary) -> dict:
    """The disclosure marker drawn before a summary, as the browser renders it."""
    return summary.evaluate(
        """element => {
            const style = getComputedStyle(element, '::before');
            return {content: style.content, width: parseFloat(style.width),
                    border: parseFloat(style.borderRightWidth), transform: style.transform,
                    list: getComputedStyle(element).display};
        }"""
    )


def test_collapsed_groups_show_a_marker_and_the_confirmation_links_to_the_signal(
    browser, live_server, demo, login, tmp_path
):
    context = browser.new_context(
        locale="nl-NL",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        geolocation={"latitude": 52.0201, "longitude": 5.5549},
        permissions=["geolocation"],
    )
    page = context.new_page()
    login(page, WIJKBEHEERDER)
    # The wijkbeheerder lands on the form itself.
    expect(page.get_by_role("heading", level=1)).to_have_text("Snel vastleggen")
    expect(page.locator("#map-status")).to_contain_text("Locatie bepaald")

    closed = {}
    for name in ("Overlast", "Onveiligheid", "Of vul een adres in"):
        summary = page.locator("summary", has_text=name).first
        expect(summary).to_be_visible()
        assert summary.evaluate("element => element.parentElement.open") is False
        drawn = marker(summary)
        assert drawn["content"] == '""' and drawn["width"] > 0 and drawn["border"] >= 2, drawn
        closed[name] = drawn["transform"]
    open_group = marker(page.locator("summary", has_text="Vernieling").first)
    assert open_group["transform"] != closed["Overlast"]  # it points another way when open
    assert_accessible(page, "field-form-groups-phone")

    nuisance = page.locator("summary", has_text="Overlast").first
    nuisance.click()
    expect(page.get_by_label("Geluid", exact=True)).to_be_visible()
    assert marker(nuisance)["transform"] == open_group["transform"]
    page.screenshot(path=str(tmp_path / "open.png"))
    nuisance.click()
    expect(page.get_by_label("Geluid", exact=True)).to_be_hidden()

    page.get_by_label("Foto").set_input_files(photo_file(tmp_path))
    page.get_by_label("Vernieling complex").check()
    page.get_by_role("button", name="Vastleggen").click()

    confirmation = page.locator("#recorded")
    expect(confirmation).to_contain_text("in Engelenburg")
    expect(confirmation).to_contain_text("Nog iets?")
    assert_accessible(page, "field-form-recorded-phone")
    link = confirmation.get_by_role("link", name="Bekijk melding")
    reference = link.inner_text().removeprefix("Bekijk melding ").strip()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)

    # The confirmation is shown once: back on the form it is gone.
    page.goto(f"{live_server.url}/meldingen/veld/")
    expect(page.locator("#recorded")).to_have_count(0)
    context.close()
