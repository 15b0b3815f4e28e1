"""A resident who switches to English reports a problem and follows it: the categories,
the tracking page's status and messages and its dates are English; back in Dutch, Dutch."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_intake_journeys import veenendaal_pdok  # noqa: F401 - a fixture
from tests.browser.test_resident_journeys import litter_reported_at_spanjaardsgoed
from wijkteam.signals.models import Signal

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_resident_reports_and_follows_in_english(phone_page, live_server, demo, veenendaal_pdok):  # noqa: F811
    litter_reported_at_spanjaardsgoed()
    page = phone_page
    page.goto(live_server.url + "/melden/")
    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("Nuisance from neighbours or others")).to_be_visible()
    expect(page.get_by_text("Overlast van buren of anderen")).to_have_count(0)
    assert_accessible(page, "report-form-english-phone")

    page.get_by_label("Litter in the street or dumped rubbish").check()
    page.get_by_label("What is going on?").fill("Rubbish bags torn open by the containers.")
    page.get_by_role("textbox", name="Postcode").fill("3901 HC")
    page.get_by_role("textbox", name="House number", exact=True).fill("3")
    page.get_by_label("I want to be kept informed (with my details)").check()
    page.get_by_label("Email address").fill("resident@example.test")
    page.get_by_role("button", name="Send report").click()

    # Another resident reported litter here; the nearby report is named in English too.
    expect(page.get_by_role("heading", name="Is this the same problem?")).to_be_visible()
    expect(page.locator(".same-check")).to_contain_text("Litter in the street")
    expect(page.locator(".same-check")).to_contain_text(re.compile(rf"reported on \d+ ({MONTHS})"))
    page.get_by_role("button", name="No, this is a new report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your report has been received"
    )
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"M-\d{4}-\d{5}", reference)
    assert Signal.objects.get(reference=reference).category.slug == "vervuiling-zwerfafval"

    page.locator("#tracking-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {reference}")
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("Litter in the street or dumped rubbish")
    expect(facts).to_contain_text("Received")
    expect(facts).to_contain_text(re.compile(rf"\d+ ({MONTHS}) \d{{4}}"))
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Your report has been received.")
    expect(timeline).not_to_contain_text("Uw melding")
    assert_accessible(page, "tracking-english-phone")

    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {reference}")
    expect(page.locator("dl.facts").first).to_contain_text("Ontvangen")
    expect(page.locator(".timeline")).to_contain_text("Uw melding is ontvangen.")
