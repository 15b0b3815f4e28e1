"""The main pages really work under the Content-Security-Policy: the browser reports no
violation on any of them (scripts, styles, maps, the QR code), and a new staff member links an
authenticator app by scanning nothing but the secret shown as text."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, assert_accessible
from tests.factories import PASSWORD, make_user
from wijkteam.cases.models import Case
from wijkteam.partners.models import Organisation, Role

# Listens in every document, before any of the page's own scripts run.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " in " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


@pytest.fixture
def watched(browser):
    """A page that collects CSP violations, from the DOM event and from the console."""
    context = browser.new_context(locale="nl-NL", viewport=DESKTOP)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )

    def violations() -> list[str]:
        page.wait_for_load_state("load")
        return page.evaluate("window.__cspViolations || []") + console

    page.violations = violations
    yield page
    context.close()


def visit(page, url: str, ready: str | None = None) -> None:
    page.goto(url)
    if ready:
        expect(page.locator(ready)).to_be_attached()
    assert page.violations() == [], url


def test_main_pages_report_no_policy_violation(watched, live_server, demo, login, settings):
    # Tiles from a server that is not there: the requests fail, but the policy allows them.
    settings.MAP_TILES_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    page = watched

    visit(page, f"{live_server.url}/account/inloggen/")
    visit(page, f"{live_server.url}/melden/", ".map-picker:not([hidden]) .leaflet-container")
    page.locator("#report-map").click()  # a drawn point, styled by Leaflet from the script
    expect(page.locator("#report-map .leaflet-wijkteam-point-pane path")).to_be_visible()
    assert page.violations() == []

    login(page, "wijkmanager.zuidoost@gemeente.example")
    assert page.violations() == []
    visit(page, f"{live_server.url}/wijken/WK034502/", "#team-map[data-ready=true]")
    visit(page, f"{live_server.url}/meldingen/veld/")
    case = Case.objects.filter(district__code="WK034502").order_by("-pk").first()
    visit(page, f"{live_server.url}/casussen/{case.reference}/")
    visit(page, f"{live_server.url}/meldingen/wijk/WK034502/")
    visit(page, f"{live_server.url}/casussen/mijn-werk/")

    page.context.clear_cookies()
    login(page, "beheer@gemeente.example")
    visit(page, f"{live_server.url}/beheer/")
    visit(page, f"{live_server.url}/beheer/partners/user/")
    user = page.locator("#result_list tbody th a").first
    user.click()
    assert page.violations() == []
    page.get_by_role("link", name="Tweestapsverificatie opnieuw instellen").click()
    assert page.violations() == []


def test_a_new_staff_member_links_an_authenticator_app_on_first_login(
    watched, live_server, demo, login
):
    make_user(
        "nieuw@gemeente.example",
        Organisation.objects.get(name="Gemeente Veenendaal"),
        Role.WIJKMANAGER,
        full_name="Noor Nieuw",
    )
    page = watched

    login(page, "nieuw@gemeente.example", PASSWORD)

    expect(page).to_have_url(re.compile(r"/account/tweestapsverificatie/instellen/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_have_count(0)
    assert page.violations() == []
    assert_accessible(page, "two-factor-setup")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user__email="nieuw@gemeente.example")
    assert len(secret) == 32

    page.get_by_label("Code uit uw authenticator-app").fill("000000")
    page.get_by_role("button", name="Koppelen").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()

    # The code an app computes from that secret, now (the server lets a wrong try wait 1 s).
    page.wait_for_timeout(1100)
    page.get_by_label("Code uit uw authenticator-app").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Koppelen").click()

    expect(page.locator(".messages")).to_contain_text("Tweestapsverificatie staat aan")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
