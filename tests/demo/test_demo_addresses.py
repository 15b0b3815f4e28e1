"""The demo's address register: reporting by postcode works without internet."""

import socket
from io import StringIO

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import shape

from wijkteam.areas.models import RegisteredAddress
from wijkteam.demo import veenendaal
from wijkteam.demo.addresses import SPANJAARDSGOED, STREETS, demo_addresses
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import LocationStatus, Signal
from wijkteam.signals.pdok import LocatieserverClient


@pytest.fixture
def loaded(db, settings):
    settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM = 0
    out = StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=out)
    return out.getvalue()


def test_every_demo_address_lies_inside_its_own_demo_buurt():
    _, neighbourhoods = veenendaal.district_features()
    shapes = {feature.code: shape(feature.geometry) for feature in neighbourhoods}
    buurt_of = {street.name: street.neighbourhood_code for street in STREETS}
    buurt_of[SPANJAARDSGOED] = "BU03450200"  # Engelenburg
    rows = demo_addresses().rows

    outside = [
        f"{row.street} {row.house_number}"
        for row in rows
        if not shapely.contains_xy(shapes[buurt_of[row.street]], row.longitude, row.latitude)
    ]

    assert outside == []
    assert set(buurt_of.values()) == set(shapes)  # a street in every demo buurt
    assert len({row.bag_id for row in rows}) == len(rows)
    assert len({(row.postcode, row.house_number) for row in rows}) == len(rows)
    # Veenendaal's postcode areas, so that none of them reads as "outside the gemeente".
    assert {row.postcode[:4] for row in rows} == {f"390{n}" for n in range(1, 8)}


def test_the_demo_loads_its_register_once_and_its_signals_carry_bag_ids(loaded):
    assert "Adresregister: 820 nieuw, 0 bijgewerkt, 0 ongewijzigd" in loaded
    spanjaardsgoed_3 = RegisteredAddress.objects.get(postcode="3901HC", house_number=3)
    assert spanjaardsgoed_3.bag_id == "0345200002037361"
    assert spanjaardsgoed_3.neighbourhood.name == "Engelenburg"
    assert Signal.objects.get(external_reference="DEMO-001").bag_id == "0345200002037361"

    again = StringIO()
    call_command("demo_data", "--quiet-accounts", stdout=again)
    assert "Adresregister: 0 nieuw, 0 bijgewerkt, 820 ongewijzigd" in again.getvalue()


def test_a_demo_address_is_placed_without_internet(loaded):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    offline = LocatieserverClient(base_url=f"http://127.0.0.1:{port}/v3_1", timeout=1)

    location = location_resolve(
        given=LocationInput(postcode="3905 BA", house_number=5), client=offline
    )

    assert location.status == LocationStatus.RESOLVED
    assert location.street == "Multatulilaan"
    assert RegisteredAddress.objects.get(bag_id=location.bag_id).neighbourhood.name == (
        "Schrijverspark"
    )


def test_a_register_with_imported_addresses_is_left_alone(db, settings):
    settings.WIJKTEAM_DEMO_HISTORY_PER_TEAM = 0
    RegisteredAddress.objects.create(
        bag_id="0345200000000001",
        postcode="3901AA",
        house_number=1,
        street="Echte straat",
        city="Veenendaal",
        latitude=52.027,
        longitude=5.553,
    )
    out = StringIO()

    call_command("demo_data", "--quiet-accounts", stdout=out)

    assert "bevat geïmporteerde adressen; die blijven staan" in out.getvalue()
    assert RegisteredAddress.objects.count() == 1
