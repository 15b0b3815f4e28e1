"""Correcting a signal's location while the address service cannot be reached: the map of our
own boundaries, the address register, and never "bijgewerkt" while nothing was resolved."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.intake.services import signal_relocated
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import Category, Channel, LocationStatus, Signal
from wijkteam.signals.pdok import default_client
from wijkteam.signals.registration import signal_create
from wijkteam.signals.services import ReporterInput

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "addresses"


@pytest.fixture
def unchecked(world, pdok):
    """A resident's report sent while PDOK was down, for an address not in any register."""
    pdok.down = True
    location = location_resolve(
        given=LocationInput(postcode="3999AB", house_number=7), client=default_client()
    )
    return signal_create(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Herrie",
        location=location,
        reporter=ReporterInput(email="r@example.test"),
        receiving_organisation=world.corporatie,
    ).signal


def url(signal: Signal) -> str:
    return reverse("intake:location", args=[signal.reference])


def map_data(response) -> dict:
    page = response.content.decode()
    found = re.search(
        r'<script id="location-map-data" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(found.group(1))


def test_the_page_has_a_map_of_our_own_boundaries_that_needs_no_tiles(
    client, world, unchecked, settings
):
    settings.MAP_TILES_URL = ""
    client.force_login(world.consulent_a)

    response = client.get(url(unchecked))

    page = response.content.decode()
    assert 'id="location-map"' in page
    assert "intake/location-map.js" in page
    assert 'id="location-unchecked"' in page
    data = map_data(response)
    assert {n["name"] for n in data["neighbourhoods"]} == {"Appelhof", "Perenlaan", "Kersentuin"}
    assert {d["code"] for d in data["districts"]} == {"WK099901", "WK099902"}
    assert data["neighbourhoods"][0]["geometry"]["type"] == "Polygon"
    assert data["tiles"]["url"] == ""
    assert data["current"] is None


def test_a_point_on_the_map_places_the_signal_while_pdok_is_down(client, world, unchecked, pdok):
    client.force_login(world.consulent_a)

    response = client.post(
        url(unchecked),
        {"postcode": "3999AB", "house_number": "7", "latitude": "52.005", "longitude": "5.515"},
        follow=True,
    )

    unchecked.refresh_from_db()
    assert (unchecked.location_status, unchecked.neighbourhood, unchecked.team) == (
        LocationStatus.RESOLVED,
        world.buurt_a2,
        world.team_a,
    )
    assert "De locatie is bijgewerkt: Perenlaan, Wijk 01 Testoord." in response.content.decode()
    # Now it has its place in a case, which goes into triage.
    assert unchecked.case_link.case.status == "consultation"


def test_an_address_in_the_register_places_the_signal_while_pdok_is_down(
    client, world, unchecked, pdok
):
    call_command("import_addresses", str(FIXTURES / "adressen.csv"), stdout=StringIO())
    client.force_login(world.consulent_a)

    response = client.post(url(unchecked), {"postcode": "3999 ab", "house_number": "7"})

    assert response.status_code == 302
    unchecked.refresh_from_db()
    assert (unchecked.location_status, unchecked.neighbourhood, unchecked.bag_id) == (
        LocationStatus.RESOLVED,
        world.buurt_a2,
        "0999200000000007",
    )


def test_an_address_that_cannot_be_checked_is_not_saved_and_never_called_updated(
    client, world, unchecked, pdok
):
    client.force_login(world.consulent_a)
    before = AuditEntry.objects.filter(action="relocate").count()

    response = client.post(
        url(unchecked), {"postcode": "3999AB", "house_number": "8", "location_note": "achter"}
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "bijgewerkt" not in page
    assert "Dit adres kon niet worden gecontroleerd" in page
    assert "Wijs de plek aan op de kaart" in page
    assert 'value="8"' in page  # what was typed stays
    unchecked.refresh_from_db()
    assert (unchecked.location_status, unchecked.house_number, unchecked.team) == (
        LocationStatus.NEEDS_REVIEW,
        7,
        None,
    )
    assert AuditEntry.objects.filter(action="relocate").count() == before


def test_a_point_outside_the_wijken_is_refused_with_the_point_kept(client, world, unchecked):
    client.force_login(world.consulent_a)

    response = client.post(url(unchecked), {"latitude": "52.1", "longitude": "5.3"})

    assert response.status_code == 400
    assert "buiten de wijken" in response.content.decode()
    assert map_data(response)["current"] is None
    assert 'value="52.1"' in response.content.decode()
    unchecked.refresh_from_db()
    assert unchecked.location_status == LocationStatus.NEEDS_REVIEW


def test_only_the_receiving_organisation_may_move_a_signal_even_past_the_page(world, unchecked):
    """The service refuses by itself: a door that forgot the page's check still moves nothing."""
    location = location_resolve(given=LocationInput(latitude=52.005, longitude=5.515), client=None)
    assert location.status == LocationStatus.RESOLVED

    with pytest.raises(DomainError, match="ontving"):
        signal_relocated(actor=world.agent_a, signal=unchecked, location=location)

    unchecked.refresh_from_db()
    assert (unchecked.location_status, unchecked.neighbourhood_id) == (
        LocationStatus.NEEDS_REVIEW,
        None,
    )
    signal_relocated(actor=world.consulent_a, signal=unchecked, location=location)
    unchecked.refresh_from_db()
    assert unchecked.location_status == LocationStatus.RESOLVED
