"""The API's documentation page really works in a browser under the site's
Content-Security-Policy and without the internet: Swagger UI (from our own static files)
draws every operation of the OpenAPI document, and the browser reports no violation."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.test_security_policy import RECORD_VIOLATIONS


@pytest.fixture
def watched(browser):
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
            else None
        ),
    )
    page.refused, page.outside = refused, outside
    yield page
    context.close()


def test_the_documentation_page_draws_the_api_under_the_policy(watched, live_server, db):
    page = watched
    page.goto(f"{live_server.url}/api/v1/documentatie")
    expect(page.get_by_role("heading", name="Wijkteam API v1", exact=True)).to_be_visible()
    operations = page.locator(".opblock-summary-path")
    expect(operations.filter(has_text="/meldingen").first).to_be_visible()
    paths = {text.strip() for text in operations.all_inner_texts()}
    assert {"/meldingen", "/casussen/{nummer}/reacties", "/wijkbeeld/aantallen"} <= paths
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations || []") + page.refused == []
    assert page.outside == [], "the page asked the internet for something"
    page.screenshot(path="test-artifacts/screenshots/api-documentatie.png", full_page=False)
