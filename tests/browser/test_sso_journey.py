"""Logging in through the organisation's own provider in a real browser: the login page's
button, the provider (a real one on 127.0.0.1, tests/partners/oidc_provider.py), and back in
Wijkteam; a person Wijkteam does not know gets a page that says so. Both pages are checked by
axe-core."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import build_world
from tests.partners.oidc_provider import CLIENT_ID, CLIENT_SECRET, OidcProvider, Person
from wijkteam.partners.models import OidcProvider as SignOnSettings


@pytest.fixture
def provider(live_server):
    oidc = OidcProvider(redirect_uri=f"{live_server.url}/account/sso/callback/")
    yield oidc
    oidc.stop()


@pytest.fixture
def world_with_sign_on(transactional_db, provider):
    world = build_world()
    SignOnSettings.objects.create(
        organisation=world.gemeente,
        slug="gemeente",
        is_enabled=True,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        trust_second_factor=True,
    )
    return world


def test_a_wijkmanager_logs_in_through_the_gemeentes_provider(
    page, live_server, provider, world_with_sign_on
):
    provider.person = Person("wm.a@gemeente.test", amr=["pwd", "mfa"])
    page.goto(f"{live_server.url}/account/inloggen/")
    expect(page.get_by_role("heading", name="Inloggen via uw organisatie")).to_be_visible()
    assert_accessible(page, "login-with-organisation")

    page.get_by_role("link", name="Inloggen via Gemeente Testoord").click()
    page.wait_for_load_state()

    # Through the provider and back: in, without Wijkteam's own code (the gemeente trusts its
    # provider's second factor, and the provider did one).
    expect(page.locator(".who__org")).to_contain_text("Gemeente Testoord")
    assert "/account/" not in page.url


def test_someone_wijkteam_does_not_know_is_told_so(page, live_server, provider, world_with_sign_on):
    provider.person = Person("onbekend@gemeente.test", amr=["pwd", "mfa"])
    page.goto(f"{live_server.url}/account/inloggen/")

    page.get_by_role("link", name="Inloggen via Gemeente Testoord").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inloggen via uw organisatie is niet gelukt"
    )
    expect(page.locator("#sso-refused")).to_contain_text("onbekend@gemeente.test")
    assert_accessible(page, "login-with-organisation-refused")
