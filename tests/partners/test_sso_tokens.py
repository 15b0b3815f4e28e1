"""What Wijkteam accepts from a provider: an ID token signed by a key of the provider's JWKS,
for us, from the configured issuer, not expired, with this login's nonce; a code exchanged with
the right PKCE verifier and client secret (the provider refuses otherwise); a discovery
document of the configured issuer. Anything else is a page that says so, never a 500, and
nobody is logged in."""

import base64
import json
import time

import pytest
import requests
from django.urls import reverse

from tests.partners.oidc_provider import CLIENT_ID, CLIENT_SECRET, Person, claims_of, new_key
from tests.partners.sso_support import (
    SESSION_PENDING,
    at_provider,
    come_back,
    log_in_through,
    logged_in_as,
    query_of,
    start,
)


@pytest.fixture
def person(world, sign_on):
    sign_on.trust_second_factor = True
    sign_on.save()
    return Person(world.wijkmanager_a.email, amr=["pwd", "mfa"])


def refused(client, response, status=502) -> None:
    assert response.status_code == status, response.content.decode()[:300]
    assert b"Inloggen via uw organisatie is niet gelukt" in response.content
    assert logged_in_as(client) is None


def test_the_flow_works_before_anything_is_changed(client, world, oidc, person):
    """The baseline for every refusal below: the same login, untouched, gets in."""
    assert log_in_through(client, oidc, person).status_code == 302
    assert logged_in_as(client) == world.wijkmanager_a


def test_a_token_whose_claims_were_changed_after_signing_is_refused(client, world, oidc, person):
    def other_email(id_token: str) -> str:
        header, _payload, signature = id_token.split(".")
        forged = oidc.sign({**claims_of(id_token), "email": world.agent_a.email}).split(".")[1]
        return f"{header}.{forged}.{signature}"

    oidc.rewrite_id_token = other_email

    refused(client, log_in_through(client, oidc, person))


def test_a_token_signed_by_a_key_the_provider_does_not_publish_is_refused(
    client, world, oidc, person
):
    impostor = new_key(oidc.key.kid)  # same key id, another key
    oidc.rewrite_id_token = lambda id_token: oidc.sign(claims_of(id_token), key=impostor)

    refused(client, log_in_through(client, oidc, person))


def test_an_unsigned_token_is_refused(client, world, oidc, person):
    def unsigned(id_token: str) -> str:
        header = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).rstrip(b"=")
        return f"{header.decode()}.{id_token.split('.')[1]}."

    oidc.rewrite_id_token = unsigned

    refused(client, log_in_through(client, oidc, person))


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"nonce": "nonce-van-een-andere-login"}, id="another nonce"),
        pytest.param({"nonce": None}, id="no nonce"),
        pytest.param({"aud": ["een-andere-client"]}, id="another audience"),
        pytest.param({"aud": [CLIENT_ID, "nog-een"], "azp": "nog-een"}, id="for another party"),
        pytest.param({"iss": "https://elders.example/realms/wijk"}, id="another issuer"),
        pytest.param({"exp": int(time.time()) - 3600}, id="expired"),
        pytest.param({"sub": None}, id="no subject"),
    ],
)
def test_a_validly_signed_token_that_is_not_for_this_login_is_refused(
    client, world, oidc, person, changes
):
    def changed(id_token: str) -> str:
        claims = {**claims_of(id_token), **changes}
        return oidc.sign({name: value for name, value in claims.items() if value is not None})

    oidc.rewrite_id_token = changed

    refused(client, log_in_through(client, oidc, person))


def test_a_token_answer_without_an_id_token_is_refused(client, world, oidc, person):
    oidc.rewrite_id_token = lambda id_token: ""

    refused(client, log_in_through(client, oidc, person))


def test_the_provider_refuses_a_code_with_the_wrong_pkce_verifier(client, world, oidc, person):
    oidc.person = person
    location = at_provider(start(client))
    session = client.session
    pending = session[SESSION_PENDING]
    for login in pending.values():
        login["code_verifier"] = "a-verifier-of-someone-else-" + "x" * 30
    session[SESSION_PENDING] = pending
    session.save()
    token_requests = sum(path.endswith("/token") for _method, path in oidc.requests)

    refused(client, come_back(client, location))
    # The provider was asked, and refused it (not our own check).
    assert sum(path.endswith("/token") for _method, path in oidc.requests) == token_requests + 1


def test_the_provider_checks_the_verifier_and_the_secret_itself(client, world, oidc, person):
    """The provider is no toy: a code with no verifier, a wrong verifier or a wrong secret gets
    no token from it, asked directly."""
    oidc.person = person
    token_url = f"{oidc.issuer}/protocol/openid-connect/token"
    redirect_uri = "http://testserver/account/sso/callback/"

    def exchange(code, auth, **extra):
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return requests.post(token_url, data=form | extra, auth=auth, timeout=5)

    code = query_of(at_provider(start(client)))["code"]
    right = (CLIENT_ID, CLIENT_SECRET)
    assert exchange(code, right).json()["error"] == "invalid_request"  # no verifier
    assert exchange(code, right, code_verifier="v" * 50).json()["error"] == "invalid_grant"
    wrong_secret = exchange(code, (CLIENT_ID, "fout"), code_verifier="v" * 50)
    assert wrong_secret.status_code == 401
    # An authorization request without PKCE gets no code at all.
    url = start(client).replace("code_challenge_method=S256", "code_challenge_method=plain")
    assert (
        "error=invalid_request"
        in requests.get(url, allow_redirects=False, timeout=5).headers["Location"]
    )


def test_a_wrong_client_secret_is_refused_by_the_provider(client, world, oidc, person, sign_on):
    sign_on.client_secret = "een-oud-geheim"
    sign_on.save()

    refused(client, log_in_through(client, oidc, person))


def test_the_secret_goes_in_the_form_when_the_provider_takes_only_that(client, world, oidc, person):
    oidc.discovery_changes = {"token_endpoint_auth_methods_supported": ["client_secret_post"]}

    assert log_in_through(client, oidc, person).status_code == 302
    assert logged_in_as(client) == world.wijkmanager_a


def test_a_provider_that_rolled_its_key_is_asked_for_its_keys_again(client, world, oidc, person):
    assert log_in_through(client, oidc, person).status_code == 302  # keeps the first key set
    client.logout()
    oidc.roll_key()

    assert log_in_through(client, oidc, person).status_code == 302
    assert logged_in_as(client) == world.wijkmanager_a
    assert [path for _method, path in oidc.requests].count(
        "/realms/wijk/protocol/openid-connect/certs"
    ) == 2


def test_the_discovery_document_is_kept_between_logins(client, world, oidc, person):
    log_in_through(client, oidc, person)
    client.logout()
    log_in_through(client, oidc, person)

    discovery = "/realms/wijk/.well-known/openid-configuration"
    assert [path for _method, path in oidc.requests].count(discovery) == 1


def test_a_discovery_document_of_another_issuer_is_not_used(client, world, oidc, person):
    oidc.discovery_changes = {"issuer": "https://elders.example/realms/wijk"}

    response = client.get(reverse("sso_start", args=["gemeente"]))

    refused(client, response)
    assert "noemt zich https://elders.example/realms/wijk" in response.content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"code_challenge_methods_supported": ["plain"]},
        {"response_types_supported": ["id_token"]},
        {"jwks_uri": None},
        {"token_endpoint": "http://elders.example/token"},
        {"token_endpoint_auth_methods_supported": ["private_key_jwt"]},
    ],
)
def test_a_provider_that_cannot_do_what_wijkteam_needs_is_refused_at_the_start(
    client, world, oidc, person, changes
):
    oidc.discovery_changes = changes

    refused(client, client.get(reverse("sso_start", args=["gemeente"])))


def test_a_provider_that_is_down_gets_a_page_not_a_server_error(client, world, oidc, person):
    oidc.down = True

    response = client.get(reverse("sso_start", args=["gemeente"]))

    refused(client, response)
    assert "nu niet bereikbaar" in response.content.decode()


def test_a_provider_that_goes_down_between_start_and_return_gets_a_page(
    client, world, oidc, person
):
    oidc.person = person
    location = at_provider(start(client))
    oidc.down = True

    refused(client, come_back(client, location))
