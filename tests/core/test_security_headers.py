"""The security headers on every kind of page, and templates that need no inline code."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from wijkteam.core.middleware import tile_origin

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "wijkteam"
PDOK_TILES = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png"
)


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def pages(client, world):
    """A public page, a staff page and the admin, each as the user who opens it."""

    def get(name: str):
        if name == "staff":
            client.force_login(world.wijkmanager_a)
            return client.get(reverse("teams:detail", args=[world.district_a.code]))
        if name == "admin":
            client.force_login(world.admin)
            return client.get(reverse("admin:partners_user_changelist"))
        client.logout()
        return client.get(reverse("portal:report") if name == "public" else reverse("login"))

    return get


@pytest.mark.parametrize("page", ["login", "public", "staff", "admin"])
def test_every_page_sends_a_strict_content_security_policy(pages, page):
    response = pages(page)

    assert response.status_code == 200
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:", "blob:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("page", ["login", "public", "staff", "admin"])
def test_every_page_sends_the_other_security_headers(pages, page):
    response = pages(page)

    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "(self)"
    assert features["geolocation"] == "(self)"
    assert features["microphone"] == "()"
    assert features["payment"] == "()"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


def test_the_map_tile_server_may_serve_images(client, world, settings):
    settings.MAP_TILES_URL = PDOK_TILES

    response = client.get(reverse("portal:report"))

    assert policy(response)["img-src"] == ["'self'", "data:", "blob:", "https://service.pdok.nl"]
    assert policy(response)["default-src"] == ["'self'"]


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        (PDOK_TILES, "https://service.pdok.nl"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8089/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8089"),
        ("", None),
        ("javascript:alert(1)", None),
    ],
)
def test_tile_origin(url, origin):
    assert tile_origin(url) == origin


def template_files():
    for path in TEMPLATES.rglob("templates/**/*.html"):
        # Emails are not pages: mail clients need inline styles and know no CSP.
        if "email" not in path.parts:
            yield path


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"), "script"),
    (re.compile(r"<style\b"), "style element"),
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_templates_hold_no_inline_code_the_policy_would_block():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in template_files()
        for pattern, what in INLINE_CODE
        if pattern.search(path.read_text())
    ]

    assert list(template_files()), "no templates found"
    assert found == []
