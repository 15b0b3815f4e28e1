"""What every call of the API gets, whatever it asks: a key checked (401 with
WWW-Authenticate otherwise), scopes (403), the rate limit (429 with Retry-After), errors as Dutch
problem+json, the API-Version header, the public OpenAPI document and documentation page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.api.support import bearer, make_client
from wijkteam.api.models import ApiClient
from wijkteam.api.scopes import Scope
from wijkteam.api.services import api_client_revoke
from wijkteam.partners.actors import SYSTEM

PROBLEM = "application/problem+json"


@pytest.fixture
def api(world):
    return make_client(world.gemeente, teams=(world.team_a,))


def assert_problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith(PROBLEM)
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == status
    assert body["type"].endswith(f"/documentatie#probleem-{slug}")
    assert body["title"] and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body


def test_a_call_without_a_key_is_401_with_how_to_authenticate(client, world):
    response = client.get(reverse("api:categories"))
    body = assert_problem(response, 401, "niet-geauthenticeerd")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in body["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer wt_onzin",
        "Bearer " + "wt_AAAAAAAAAAAA_" + "x" * 43,
        "Bearer\x00 nul",
        "bearer",
        "Token abc",
        "Basic YWRtaW46YWRtaW4=",
    ],
)
def test_a_wrong_key_is_401(client, api, header):
    response = client.get(reverse("api:categories"), HTTP_AUTHORIZATION=header)
    assert_problem(response, 401, "niet-geauthenticeerd")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_right_prefix_with_another_secret_is_401(client, api):
    _client, key = api
    prefix = key[: len("wt_") + 12]
    response = client.get(reverse("api:categories"), **bearer(prefix + "_" + "y" * 43))
    assert_problem(response, 401, "niet-geauthenticeerd")


def test_a_revoked_key_stops_at_once(client, api):
    api_client, key = api
    assert client.get(reverse("api:categories"), **bearer(key)).status_code == 200
    api_client_revoke(actor=SYSTEM, client=api_client)
    response = client.get(reverse("api:categories"), **bearer(key))
    assert_problem(response, 401, "niet-geauthenticeerd")


def test_a_key_of_an_organisation_switched_off_is_401(client, api, world):
    _client, key = api
    world.gemeente.is_active = False
    world.gemeente.save()
    assert_problem(
        client.get(reverse("api:categories"), **bearer(key)), 401, "niet-geauthenticeerd"
    )


def test_a_missing_scope_is_403_naming_it(client, world):
    _client, key = make_client(world.gemeente, teams=(world.team_a,), scopes=[Scope.CASES_READ])
    body = assert_problem(client.get(reverse("api:signals"), **bearer(key)), 403, "geen-toegang")
    assert "signals:read" in body["detail"]


def test_every_answer_carries_the_api_version(client, api):
    _client, key = api
    for url in (
        reverse("api:categories"),
        reverse("api:openapi"),
        reverse("api:documentation"),
        "/api/v1/bestaat-niet",
        "/api/v2/meldingen",
    ):
        assert client.get(url, **bearer(key))["API-Version"] == "1.0.0", url


def test_unknown_addresses_and_trailing_slashes_are_problems(client, api):
    _client, key = api
    for url in ("/api/v1/bestaat-niet", "/api/v1/meldingen/", "/api/v1/wijken/WK\x00"):
        assert_problem(client.get(url, **bearer(key)), 404, "niet-gevonden")


def test_a_method_the_resource_has_not_is_405_with_allow(client, api):
    _client, key = api
    response = client.put(reverse("api:signals"), **bearer(key))
    assert_problem(response, 405, "methode-niet-toegestaan")
    assert "POST" in response["Allow"]
    assert_problem(
        client.delete(reverse("api:categories"), **bearer(key)), 405, "methode-niet-toegestaan"
    )


def test_a_body_that_is_not_json_is_415_and_broken_json_400(client, api):
    _client, key = api
    url = reverse("api:signals")
    assert_problem(client.post(url, {"a": "b"}, **bearer(key)), 415, "mediatype-niet-ondersteund")
    response = client.post(url, "{kapot", content_type="application/json", **bearer(key))
    assert_problem(response, 400, "ongeldige-json")


def test_field_errors_name_each_field(client, api):
    _client, key = api
    response = client.post(
        reverse("api:signals"),
        {"categorie": 5, "omschrijving": "", "adres": {"postcode": "12"}},
        content_type="application/json",
        **bearer(key),
    )
    body = assert_problem(response, 400, "ongeldige-invoer")
    names = {param["name"] for param in body["invalidParams"]}
    assert {"omschrijving", "adres.postcode"} <= names
    assert all(param["code"] and param["reason"] for param in body["invalidParams"])


def test_problems_are_dutch_whatever_the_client_speaks(client, api, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("api:signals"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["title"] == "Niet geauthenticeerd"


def test_the_rate_limit_answers_429_with_retry_after_and_lets_a_waiting_client_in(client, world):
    _client, key = make_client(world.gemeente, teams=(world.team_a,), rate=2)
    url = reverse("api:categories")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert [client.get(url, **bearer(key)).status_code for _ in range(2)] == [200, 200]
        refused = client.get(url, **bearer(key))
        assert_problem(refused, 429, "te-veel-verzoeken")
        wait = int(refused["Retry-After"])
        assert 1 <= wait <= 61
        # Refused calls do not count: after the wait the client is let in.
        assert client.get(url, **bearer(key)).status_code == 429
    with time_machine.travel(start + timedelta(seconds=wait), tick=False):
        assert client.get(url, **bearer(key)).status_code == 200


def test_the_rate_limit_is_per_client(client, world):
    _slow, slow_key = make_client(world.gemeente, rate=1, name="Langzaam")
    _fast, fast_key = make_client(world.gemeente, rate=100, name="Snel")
    url = reverse("api:categories")
    assert client.get(url, **bearer(slow_key)).status_code == 200
    assert client.get(url, **bearer(slow_key)).status_code == 429
    assert client.get(url, **bearer(fast_key)).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(client, api):
    api_client, key = api
    url = reverse("api:districts")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(url, **bearer(key))
        assert ApiClient.objects.get(pk=api_client.pk).last_used_at == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(url, **bearer(key))
        assert ApiClient.objects.get(pk=api_client.pk).last_used_at == start
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        client.get(url, **bearer(key))
        assert ApiClient.objects.get(pk=api_client.pk).last_used_at == start + timedelta(seconds=61)


def test_the_openapi_document_is_public_and_readable_from_any_origin(client, world):
    response = client.get(reverse("api:openapi"), HTTP_ORIGIN="https://ergens.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["info"]["version"] == "1.0.0"
    # Only that document: the other resources do not open to other origins.
    other = client.get(reverse("api:categories"), HTTP_ORIGIN="https://ergens.example")
    assert not other.has_header("Access-Control-Allow-Origin")


def test_the_documentation_page_loads_everything_from_our_own_files(client, world):
    response = client.get(reverse("api:documentation"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-schema-url="/api/v1/openapi.json"' in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script under the CSP"
    assert "<style" not in page and "style=" not in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert 'id="probleem-niet-gevonden"' in page


def test_a_staff_session_does_not_open_the_api(client, world):
    """The API is for systems with a key: a logged-in browser has no access through its
    session (so no page elsewhere can make it act for someone without them knowing)."""
    client.force_login(world.wijkmanager_a)
    assert_problem(client.get(reverse("api:signals")), 401, "niet-geauthenticeerd")
