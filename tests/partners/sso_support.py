"""Logging in through the test's provider as a browser would: the start page, the provider's
page (asked with an HTTP client, as the browser follows the redirect), and the return."""

from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from tests.partners.oidc_provider import OidcProvider, Person

SESSION_PENDING = "wijkteam_sso_pending"


def start(client: Client, slug: str = "gemeente", next_url: str = "") -> str:
    """The provider's address the start page sends the browser to."""
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    response = client.get(reverse("sso_start", args=[slug]) + query)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def at_provider(url: str) -> str:
    """The provider's answer: where it sends the browser back to."""
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def come_back(client: Client, location: str):
    parts = urlsplit(location)
    assert parts.path == reverse("sso_callback")
    return client.get(f"{parts.path}?{parts.query}")


def log_in_through(
    client: Client, oidc: OidcProvider, person: Person | None, *, slug="gemeente", next_url=""
):
    """The whole round: returns our answer to the browser's return."""
    oidc.person = person
    return come_back(client, at_provider(start(client, slug, next_url)))


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def logged_in_as(client: Client):
    """The user of the client's session (None when nobody is logged in)."""
    response = client.get(reverse("login"))
    user = response.wsgi_request.user
    return user if user.is_authenticated else None
