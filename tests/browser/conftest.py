"""The browser-test harness: Playwright for Python driving Debian's Chromium, headless.

The browser is found with shutil.which("chromium") or taken from WIJKTEAM_CHROMIUM. Without it
the browser tests are skipped, unless WIJKTEAM_REQUIRE_BROWSER=1 (CI), which makes that a failure.
Playwright never downloads a browser of its own.
"""

import logging
import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.demo_copy import load_demo
from tests.smtp_local import Mailbox, smtp_serving

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("WIJKTEAM_CHROMIUM") or shutil.which("chromium")
    if not path:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("WIJKTEAM_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # happen in its own thread, the test's own setup calls are synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # An English browser, as many staff have: the UI must still start in Dutch.
    context = browser.new_context(locale="en-US", viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The Veenendaal demo, as ``demo_data`` loads it (tests/demo_copy.py)."""
    load_demo()


@pytest.fixture
def smtp_mailbox(settings, live_server, caplog):
    """A real SMTP server on the loopback interface that keeps what arrives; Django sends
    through it, and the links in the emails point at the live server."""
    caplog.set_level(logging.WARNING, logger="mail.log")  # aiosmtpd logs every connection
    mailbox = Mailbox()
    with smtp_serving(settings, mailbox):
        settings.SITE_URL = live_server.url
        yield mailbox


@pytest.fixture
def login(live_server):
    def login(page, email: str, password: str = "wijkteam-demo") -> None:
        page.goto(f"{live_server.url}/account/inloggen/")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    return login


def open_menu(page) -> None:
    """On a phone the header's tools and the main menu fold away behind "Menu": open it."""
    toggle = page.locator("summary.site-menu__toggle")
    if toggle.is_visible() and page.locator("details.site-menu[open]").count() == 0:
        toggle.click()


def assert_accessible(page, name: str) -> None:
    """axe-core on the current page: no serious or critical violations. Saves a screenshot."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    blocking = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert not blocking, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in blocking
    )


# How far the page reaches past the screen's width. Against the device's width, not innerWidth:
# a phone browser zooms out to fit a page that is too wide, and innerWidth grows with it. The
# elements that stick out are named, so that a failure says where to look.
OVERFLOW = """(width) => {
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .map((element) => element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
      + (element.className && typeof element.className === "string"
        ? "." + element.className.trim().split(/\\s+/).join(".") : ""));
  return [document.documentElement.scrollWidth - width, wide.slice(0, 8)];
}"""


def assert_no_sideways_scroll(page) -> int:
    """The page fits the screen's width: nothing to scroll sideways. Returns how far it reaches
    past it (0 or less)."""
    width = page.viewport_size["width"]
    overflow, wide = page.evaluate(OVERFLOW, width)
    assert overflow <= 0, f"{page.url} is {overflow}px too wide, because of {wide}"
    return overflow
