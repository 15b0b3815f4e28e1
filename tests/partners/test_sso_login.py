"""Logging in through an organisation's own OpenID Connect provider, end to end: the login
page, the provider (a real one, started by the test: tests/partners/oidc_provider.py), the
return, and who gets in. An unknown person, a person of another organisation, an inactive
account: refused, and nothing is made."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_organisation, make_user
from tests.partners.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person
from tests.partners.sso_support import (
    at_provider,
    come_back,
    log_in_through,
    logged_in_as,
    query_of,
    start,
)
from wijkteam.access.models import AuditEntry
from wijkteam.partners.models import OidcProvider, OrganisationKind, User

MFA = ["pwd", "mfa"]


@pytest.fixture
def trusted(sign_on):
    sign_on.trust_second_factor = True
    sign_on.save()
    return sign_on


def refusal(response) -> str:
    """What the refusal page says happened."""
    page = response.content.decode()
    assert "Inloggen via uw organisatie is niet gelukt" in page
    return re.search(r'<p class="notice" id="sso-refused">(.*?)</p>', page, re.DOTALL)[1]


def test_the_login_page_offers_each_organisation_that_has_its_provider_switched_on(
    client, world, sign_on
):
    page = client.get(reverse("login") + "?next=/wijken/")
    html = page.content.decode()
    assert "Inloggen via uw organisatie" in html
    assert 'href="/account/sso/gemeente/?next=/wijken/"' in html
    assert "Inloggen via Gemeente Testoord" in html

    sign_on.is_enabled = False
    sign_on.save()
    assert "Inloggen via uw organisatie" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso_start", args=["gemeente"])).status_code == 404


def test_an_inactive_organisation_is_not_offered_and_its_provider_lets_nobody_in(
    client, world, sign_on
):
    world.gemeente.is_active = False
    world.gemeente.save()
    assert "Inloggen via uw organisatie" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("sso_start", args=["gemeente"])).status_code == 404


def test_the_start_sends_the_browser_to_the_provider_with_state_nonce_and_an_s256_challenge(
    client, world, sign_on, oidc
):
    url = start(client)

    assert url.startswith(f"{oidc.issuer}/protocol/openid-connect/auth?")
    asked = query_of(url)
    assert asked["response_type"] == "code"
    assert asked["client_id"] == CLIENT_ID
    assert asked["redirect_uri"] == "http://testserver/account/sso/callback/"
    assert asked["scope"] == "openid email profile"
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["state"]) >= 20 and len(asked["nonce"]) >= 20
    assert "code_verifier" not in asked and CLIENT_SECRET not in url
    # Every start has its own state and nonce.
    again = query_of(start(client))
    assert again["state"] != asked["state"] and again["nonce"] != asked["nonce"]
    assert again["code_challenge"] != asked["code_challenge"]


def test_a_staff_member_whose_provider_did_a_second_factor_logs_in_and_lands_where_they_were_going(
    client, world, trusted, oidc
):
    team_page = reverse("teams:detail", args=[world.district_a.code])
    person = Person("WM.A@Gemeente.TEST", amr=MFA)  # the provider writes it in its own way

    response = log_in_through(client, oidc, person, next_url=team_page)

    assert response.status_code == 302
    assert response.url == team_page
    assert logged_in_as(client) == world.wijkmanager_a
    assert client.get(team_page).status_code == 200  # no second step of ours
    world.wijkmanager_a.refresh_from_db()
    assert world.wijkmanager_a.last_login is not None  # as after a password login
    entry = AuditEntry.objects.get(action="login_sso", object_id=str(world.wijkmanager_a.pk))
    assert entry.actor_id == world.wijkmanager_a.pk
    assert entry.changes == {
        "organisation": world.gemeente.pk,
        "provider": trusted.pk,
        "second_factor_by_provider": True,
    }


def test_the_session_key_changes_at_the_login(client, world, trusted, oidc):
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    location = at_provider(start(client))
    before = client.session.session_key

    come_back(client, location)

    assert client.session.session_key != before


def test_someone_the_provider_knows_but_wijkteam_does_not_is_refused_and_no_account_is_made(
    client, world, trusted, oidc
):
    users = User.objects.count()

    response = log_in_through(client, oidc, Person("nieuw@gemeente.test", amr=MFA))

    assert response.status_code == 403
    page = refusal(response)
    assert "geen actief account van Gemeente Testoord" in page
    assert "nieuw@gemeente.test" in page
    assert User.objects.count() == users
    assert logged_in_as(client) is None
    assert not AuditEntry.objects.filter(action="login_sso").exists()


def test_a_member_of_another_organisation_never_gets_in_through_this_provider(
    client, world, trusted, oidc
):
    # Whatever the gemeente's provider says about the police officer's address, she is not
    # the gemeente's to vouch for.
    response = log_in_through(client, oidc, Person(world.agent_a.email, amr=MFA))

    assert response.status_code == 403
    refusal(response)
    assert logged_in_as(client) is None


def test_each_organisation_logs_in_only_through_its_own_provider(client, world, trusted, oidc):
    OidcProvider.objects.create(
        organisation=world.politie,
        slug="politie",
        is_enabled=True,
        issuer=oidc.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        trust_second_factor=True,
    )
    # The gemeente's wijkmanager through the police's provider: refused.
    wijkmanager = Person(world.wijkmanager_a.email, amr=MFA)
    refused = log_in_through(client, oidc, wijkmanager, slug="politie")
    assert refused.status_code == 403
    assert "Politie Test" in refusal(refused)
    assert logged_in_as(client) is None
    # The police officer through her own: in.
    response = log_in_through(client, oidc, Person(world.agent_a.email, amr=MFA), slug="politie")
    assert response.status_code == 302
    assert logged_in_as(client) == world.agent_a


def test_an_inactive_account_is_refused(client, world, trusted, oidc):
    world.wijkmanager_a.is_active = False
    world.wijkmanager_a.save()

    response = log_in_through(client, oidc, Person(world.wijkmanager_a.email, amr=MFA))

    assert response.status_code == 403
    assert logged_in_as(client) is None


def test_a_demo_account_is_refused_when_demo_mode_is_off(client, world, trusted, oidc, settings):
    settings.DEMO_MODE = False
    make_user("demo@gemeente.test", world.gemeente, is_demo=True)

    response = log_in_through(client, oidc, Person("demo@gemeente.test", amr=MFA))

    assert response.status_code == 403
    assert logged_in_as(client) is None


def test_a_person_who_cancels_at_the_provider_is_told_so(client, world, trusted, oidc):
    response = log_in_through(client, oidc, None)  # the provider answers access_denied

    assert response.status_code == 400
    assert "niet doorgezet (melding: access_denied)" in refusal(response)
    assert logged_in_as(client) is None


def test_a_return_without_a_start_in_this_browser_is_refused(client, world, trusted, oidc):
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    location = at_provider(start(client))
    other_browser = client.__class__()

    response = come_back(other_browser, location)

    assert response.status_code == 400
    assert "in een andere browser begonnen" in refusal(response)
    assert logged_in_as(other_browser) is None
    # Without any start at all, no session is made for the visitor.
    fresh = client.__class__()
    assert fresh.get(reverse("sso_callback") + "?state=x&code=y").status_code == 400
    assert "sessionid" not in fresh.cookies


def test_a_state_works_once(client, world, trusted, oidc):
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    location = at_provider(start(client))
    assert come_back(client, location).status_code == 302
    client.logout()

    again = come_back(client, location)

    assert again.status_code == 400
    assert logged_in_as(client) is None


def test_a_return_with_a_changed_state_or_no_code_is_refused(client, world, trusted, oidc):
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    location = at_provider(start(client))
    returned = query_of(location)
    callback = reverse("sso_callback")

    changed = client.get(callback, {"state": returned["state"] + "x", "code": returned["code"]})
    assert changed.status_code == 400

    no_code = client.get(callback, {"state": returned["state"]})
    assert no_code.status_code == 400
    assert "geen bruikbare code" in refusal(no_code)
    assert logged_in_as(client) is None


@pytest.mark.parametrize(
    "query",
    [
        {"state": "<script>alert(1)</script>", "code": "x" * 100_000},
        {"error": "<b>bel 0900-1234</b>", "error_description": "Bel ons op 0900-1234"},
        {"state": "", "code": "", "error": ""},
        {"state": "a\x00b", "code": "\u202e"},
    ],
)
def test_nonsense_at_the_return_is_refused_with_a_page_and_never_shown_as_markup(
    client, world, trusted, query
):
    start(client)

    response = client.get(reverse("sso_callback"), query)

    assert response.status_code == 400
    said = refusal(response)
    assert "<script>" not in said and "<b>" not in said and "0900-1234" not in said
    assert "<script>alert" not in response.content.decode()


def test_an_address_of_another_site_is_not_where_the_login_leads(client, world, trusted, oidc):
    response = log_in_through(
        client, oidc, Person(world.wijkmanager_a.email, amr=MFA), next_url="https://evil.example/"
    )

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_logged_in_user_is_sent_on_rather_than_to_the_provider(client, world, trusted):
    client.force_login(world.wijkmanager_a)

    assert client.get(reverse("sso_start", args=["gemeente"])).url == reverse("home")
    assert client.get(reverse("sso_callback")).url == reverse("home")


def test_the_email_can_come_from_another_claim(client, world, trusted, oidc):
    trusted.email_claim = "upn"
    trusted.save()
    person = Person("iets@anders.test", amr=MFA, extra={"upn": world.wijkmanager_a.email})

    response = log_in_through(client, oidc, person)

    assert response.status_code == 302
    assert logged_in_as(client) == world.wijkmanager_a


def test_an_email_address_the_provider_did_not_verify_is_refused(client, world, trusted, oidc):
    person = Person(world.wijkmanager_a.email, amr=MFA, email_verified=False)

    response = log_in_through(client, oidc, person)

    assert response.status_code == 502
    assert "niet bevestigd" in refusal(response)
    assert logged_in_as(client) is None


def test_a_name_that_belongs_to_no_provider_is_not_found(client, world, sign_on):
    make_organisation("Alleen Wachtwoord", OrganisationKind.WELZIJN)

    assert client.get(reverse("sso_start", args=["alleen-wachtwoord"])).status_code == 404


def test_a_login_left_at_the_provider_too_long_starts_again(
    client, world, trusted, oidc, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    location = at_provider(start(client))
    time_machine.move_to("2026-03-02 09:16:00+00:00", tick=False)

    response = come_back(client, location)

    assert response.status_code == 400
    assert "verlopen" in refusal(response)
    assert logged_in_as(client) is None


def test_logins_begun_in_other_tabs_are_kept_up_to_five(client, world, trusted, oidc):
    oidc.person = Person(world.wijkmanager_a.email, amr=MFA)
    returns = [at_provider(start(client)) for _ in range(6)]

    assert come_back(client, returns[0]).status_code == 400  # the oldest gave way
    assert come_back(client, returns[1]).status_code == 302
