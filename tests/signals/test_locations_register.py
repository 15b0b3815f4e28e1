"""Placing an address with the local address register: first, and when PDOK is unreachable."""

import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from wijkteam.core.errors import DomainError
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import LocationStatus
from wijkteam.signals.pdok import LocatieserverClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "addresses"


def closed_port_client() -> LocatieserverClient:
    """A Locatieserver URL on a local port nobody listens on: like a machine without internet."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return LocatieserverClient(base_url=f"http://127.0.0.1:{port}/v3_1", timeout=1)


@pytest.fixture
def register(world):
    call_command(
        "import_addresses", str(FIXTURES / "locatieserver-free-pages.json"), stdout=StringIO()
    )


def test_an_address_in_the_register_is_placed_when_pdok_is_unreachable(world, register):
    location = location_resolve(
        given=LocationInput(postcode="3999 aa", house_number=3), client=closed_port_client()
    )

    assert location.status == LocationStatus.RESOLVED
    assert (location.neighbourhood_id, location.district_id) == (
        world.buurt_a1.pk,
        world.district_a.pk,
    )
    assert (location.street, location.house_number, location.postcode, location.city) == (
        "Appellaan",
        3,
        "3999AA",
        "Testoord",
    )
    assert location.bag_id == "0999200000000003"
    assert (location.latitude, location.longitude) == (52.005, 5.505)


def test_letter_and_addition_and_a_typed_street_are_found_offline(world, register):
    by_postcode = location_resolve(
        given=LocationInput(postcode="3999AB", house_number=9, house_number_addition="A-2"),
        client=None,
    )
    by_street = location_resolve(given=LocationInput(street="Perenweg 9a-2"), client=None)

    assert by_postcode.bag_id == by_street.bag_id == "0999200000000009"
    assert by_postcode.house_number_addition == "A2"
    assert by_street.neighbourhood_id == world.buurt_a2.pk


def test_the_register_answers_before_pdok_is_asked(world, register, pdok):
    location = location_resolve(
        given=LocationInput(postcode="3999AA", house_number=3),
        client=LocatieserverClient(base_url=pdok.url),
    )

    assert location.status == LocationStatus.RESOLVED
    assert pdok.requests == []


def test_an_address_the_register_lacks_is_asked_at_pdok(world, register, pdok):
    location = location_resolve(
        given=LocationInput(postcode="3999AB", house_number=7),
        client=LocatieserverClient(base_url=pdok.url),
    )

    assert location.status == LocationStatus.RESOLVED
    assert location.bag_id == "0999200000000007"
    assert len(pdok.requests) == 1


def test_an_unknown_address_in_the_gemeente_waits_for_staff_when_pdok_is_unreachable(
    world, register
):
    location = location_resolve(
        given=LocationInput(postcode="3999AA", house_number=99), client=closed_port_client()
    )

    assert location.status == LocationStatus.NEEDS_REVIEW
    assert (location.postcode, location.house_number, location.district_id) == ("3999AA", 99, None)


def test_a_postcode_outside_the_gemeente_is_refused_when_it_cannot_be_checked(world, register):
    with pytest.raises(DomainError) as refused:
        location_resolve(
            given=LocationInput(postcode="1234ab", house_number=1), client=closed_port_client()
        )

    assert refused.value.field == "postcode"
    assert "Postcode 1234 AB ligt niet in de gemeente" in refused.value.message


def test_without_a_register_an_unchecked_postcode_is_kept_for_staff(world):
    location = location_resolve(
        given=LocationInput(postcode="1234AB", house_number=1), client=closed_port_client()
    )

    assert location.status == LocationStatus.NEEDS_REVIEW
