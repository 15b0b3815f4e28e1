"""Fixtures of the Open311 tests: an app with its key, and a client that speaks GeoReport v2."""

from dataclasses import dataclass

import pytest
from defusedxml import ElementTree
from django.test import Client

from wijkteam.open311.services import open311_app_create

BASE = "/open311/v2"
# A point in buurt Appelhof of wijk A (the world fixture's squares start at 5.50, 52.00).
IN_APPELHOF = {"lat": "52.0052", "long": "5.5051"}


@dataclass
class Open311Client:
    """GeoReport v2 as an app speaks it: form-encoded POSTs, answers read in either format."""

    client: Client
    key: str

    def get(self, path: str, params: dict | None = None, fmt: str = "json"):
        return self.client.get(f"{BASE}/{path}.{fmt}", params or {})

    def post(self, fields: dict | None = None, fmt: str = "json", *, key: str | None = None):
        data = {"api_key": self.key if key is None else key, **(fields or {})}
        return self.client.post(f"{BASE}/requests.{fmt}", data)


def report(**changes) -> dict:
    """A valid request: noise in Appelhof, with who reported it."""
    fields = {
        "service_code": "overlast-geluid",
        "description": "Elke nacht harde muziek tot drie uur.",
        **IN_APPELHOF,
        "email": "bea@example.test",
        "first_name": "Bea",
        "last_name": "Bewoner",
        "phone": "06 1234 5678",
        "device_id": "toestel-1",
    }
    fields.update(changes)
    return {name: value for name, value in fields.items() if value is not None}


def xml_of(response):
    """The XML answer as a tree (our own output, read without trusting it)."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    return ElementTree.fromstring(response.content)


@pytest.fixture
def app(world):
    return open311_app_create(actor=world.admin, name="BuitenApp", contact_email="app@example.org")


@pytest.fixture
def open311(client, app) -> Open311Client:
    return Open311Client(client, app.key)
