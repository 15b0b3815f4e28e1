"""The cache of addresses PDOK found, as the arrears import uses it: next month's file of the
same tenants resolves without asking PDOK, an old answer is asked again, new boundaries place
a cached address again without asking, and the cache holds public address facts only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import square
from wijkteam.areas.models import CachedAddress
from wijkteam.core.errors import DomainError
from wijkteam.intake.arrears.batch import arrears_import_run
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.signals.address_cache import AddressResolver, address_cache_purge
from wijkteam.signals.locations import AddressNotFound, LocationInput, location_resolve
from wijkteam.signals.models import ImportResult, LocationStatus, Signal
from wijkteam.signals.pdok import default_client

HEADER = "referentie;naam;straat;huisnummer;toevoeging;postcode;plaats;bedrag;maanden;datum\n"


def arrears_file(prefix: str) -> bytes:
    """Four tenants at the pdok fixture's two addresses and two the fixture adds."""
    return (
        HEADER
        + f"{prefix}-1;A. Appel;Appellaan;1;;3999 AA;Testoord;100,00;1;01-06-2025\n"
        + f"{prefix}-2;P. Peer;Perenweg;7;;3999AB;Testoord;200,00;2;01-06-2025\n"
        + f"{prefix}-3;K. Kers;Appellaan;3;b;3999AA;Testoord;300,00;3;01-06-2025\n"
        + f"{prefix}-4;P. Pruim;Perenweg;9;;3999AB;Testoord;400,00;4;01-06-2025\n"
    ).encode()


@pytest.fixture
def more_addresses(pdok):
    pdok.add(
        "3999AA 3b",
        street="Appellaan",
        number=3,
        addition="b",
        postcode="3999AA",
        city="Testoord",
        lat=52.005,
        lon=5.5052,
        buurtcode="BU09990100",
        wijkcode="WK099901",
        bag_id="0999200000000033",
    )
    pdok.add(
        "3999AB 9",
        street="Perenweg",
        number=9,
        postcode="3999AB",
        city="Testoord",
        lat=52.005,
        lon=5.5152,
        buurtcode="BU09990101",
        wijkcode="WK099901",
        bag_id="0999200000000009",
    )
    return pdok


def run(world, raw: bytes):
    job = arrears_import_start(actor=world.rent_admin, file_name="ha.csv", raw=raw)
    arrears_import_run(import_id=job.pk)
    job.refresh_from_db()
    return job


def test_next_months_file_asks_pdok_nothing_for_the_addresses_it_knows(world, more_addresses):
    first = run(world, arrears_file("HA"))
    assert first.created_count == 4
    assert len(more_addresses.requests) == 4
    assert CachedAddress.objects.count() == 4

    # The same tenants under new references (new arrears, or a file that numbers them anew):
    # new signals at the same addresses, placed without asking PDOK.
    more_addresses.requests.clear()
    second = run(world, arrears_file("HB"))

    assert second.created_count == 4
    assert more_addresses.requests == []
    assert list(
        Signal.objects.filter(external_reference__startswith="HB").values_list(
            "bag_id", "neighbourhood", "location_status"
        )
    ) == list(
        Signal.objects.filter(external_reference__startswith="HA").values_list(
            "bag_id", "neighbourhood", "location_status"
        )
    )
    # Each joined the case of the tenant before it at the same address.
    for number in range(1, 5):
        before = Signal.objects.get(external_reference=f"HA-{number}")
        after = Signal.objects.get(external_reference=f"HB-{number}")
        assert after.case_link.case_id == before.case_link.case_id


def test_an_import_asks_each_address_once(world, more_addresses):
    raw = arrears_file("HA") + b"HA-5;A. Appel jr;Appellaan;1;;3999aa;Testoord;50,00;1;01-06-2025\n"

    job = run(world, raw)

    assert job.created_count == 5
    assert len(more_addresses.requests) == 4


def test_an_old_answer_is_asked_again_and_removed(world, more_addresses, settings):
    run(world, arrears_file("HA"))
    settings.WIJKTEAM_ADDRESS_CACHE_DAYS = 90
    long_ago = timezone.now() - timedelta(days=91)
    CachedAddress.objects.filter(postcode="3999AB").update(resolved_at=long_ago)
    more_addresses.requests.clear()

    run(world, arrears_file("HB"))

    assert len(more_addresses.requests) == 2  # Perenweg 7 and 9, asked again
    assert not CachedAddress.objects.filter(resolved_at__lt=timezone.now() - timedelta(days=90))
    assert CachedAddress.objects.count() == 4


def test_the_purge_removes_only_what_is_too_old(world, settings):
    settings.WIJKTEAM_ADDRESS_CACHE_DAYS = 30
    now = timezone.now()
    for days, number in ((29, 1), (31, 2)):
        CachedAddress.objects.create(
            postcode="3999AA",
            house_number=number,
            bag_id=f"099920000000000{number}",
            street="Appellaan",
            city="Testoord",
            latitude=52.005,
            longitude=5.505,
            resolved_at=now - timedelta(days=days),
        )

    assert address_cache_purge(now=now) == 1
    assert list(CachedAddress.objects.values_list("house_number", flat=True)) == [1]


def test_new_boundaries_place_a_cached_address_again_without_asking(world, more_addresses):
    run(world, arrears_file("HA"))
    entry = CachedAddress.objects.get(postcode="3999AA", house_number=1)
    assert entry.neighbourhood == world.buurt_a1
    # New boundaries: Perenlaan takes in Appelhof's streets, Appelhof lies elsewhere now.
    world.buurt_a2.geometry = square(5.50, 52.00, 0.02)
    world.buurt_a2.save()
    world.buurt_a1.geometry = square(6.00, 53.00)
    world.buurt_a1.save()
    more_addresses.requests.clear()

    resolver = AddressResolver(client=default_client())
    (location,) = resolver.resolve([LocationInput(postcode="3999AA", house_number=1)])

    assert more_addresses.requests == []
    assert (location.status, location.neighbourhood_id) == (
        LocationStatus.RESOLVED,
        world.buurt_a2.pk,
    )
    entry.refresh_from_db()
    assert entry.neighbourhood == world.buurt_a2
    # The same once more: now the cache knows it as it is.
    (again,) = AddressResolver(client=default_client()).resolve(
        [LocationInput(postcode="3999AA", house_number=1)]
    )
    assert again == location


def test_the_resolver_gives_what_the_single_path_gives(world, more_addresses):
    given = [
        LocationInput(postcode="3999 aa", house_number=1, street="Appellaan 1"),
        LocationInput(postcode="3999AA", house_number=3, house_number_addition="B"),
        LocationInput(postcode="3999AB", house_number=7),
        LocationInput(postcode="9999ZZ", house_number=1),
    ]
    single = []
    for item in given:
        try:
            single.append(location_resolve(given=item, client=default_client()))
        except AddressNotFound as error:
            single.append(str(error.message))

    # Once from PDOK, once from the cache: the same.
    for _round in range(2):
        bulk = [
            str(answer.message) if isinstance(answer, DomainError) else answer
            for answer in AddressResolver(client=default_client()).resolve(given)
        ]
        assert bulk == single


def test_with_pdok_down_addresses_are_kept_for_review_and_pdok_asked_once(world, pdok):
    pdok.down = True
    resolver = AddressResolver(client=default_client())

    first = resolver.resolve([LocationInput(postcode="3999AA", house_number=n) for n in (1, 2)])
    second = resolver.resolve([LocationInput(postcode="3999AB", house_number=7)])

    assert [location.status for location in first + second] == [LocationStatus.NEEDS_REVIEW] * 3
    assert resolver.service_down
    assert len(pdok.requests) == 1
    assert not CachedAddress.objects.exists()


def test_the_cache_holds_public_address_facts_and_nothing_of_tenants():
    fields = {field.name for field in CachedAddress._meta.get_fields()}
    assert fields == {
        "id",
        "postcode",
        "house_number",
        "addition",
        "bag_id",
        "street",
        "house_letter",
        "house_number_addition",
        "city",
        "latitude",
        "longitude",
        "neighbourhood_code",
        "neighbourhood",
        "district",
        "resolved_at",
    }


def test_a_rejected_address_is_not_cached(world, more_addresses):
    raw = arrears_file("HA") + b"HA-5;N. Nergens;Nergensweg;1;;9999ZZ;Nergens;5,00;1;01-06-2025\n"

    job = run(world, raw)

    assert job.rejected_count == 1
    assert job.rows.get(reference="HA-5").result == ImportResult.REJECTED
    assert not CachedAddress.objects.filter(postcode="9999ZZ").exists()
