"""The local address register: importing BAG addresses from Locatieserver results or a CSV."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wijkteam.access.models import AuditEntry
from wijkteam.areas.address_file.reader import parse_addresses
from wijkteam.areas.address_file.rows import AddressImportError, rd_to_wgs84
from wijkteam.areas.addresses import (
    postcode_outside_register,
    register_find,
    register_find_by_street,
)
from wijkteam.areas.models import RegisteredAddress

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "addresses"


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command("import_addresses", str(FIXTURES / name), *args, stdout=out)
    return out.getvalue()


def test_rd_coordinates_become_wgs84_within_a_metre():
    # Spanjaardsgoed 3, Veenendaal: PDOK's centroide_rd and centroide_ll of the same address.
    latitude, longitude = rd_to_wgs84(166510.06, 447984.55)

    assert latitude == pytest.approx(52.02009336, abs=1e-5)
    assert longitude == pytest.approx(5.55488748, abs=1e-5)


def test_locatieserver_pages_are_imported_with_their_buurt(world):
    output = run("locatieserver-free-pages.json", "--gemeente", "GM0999")

    assert "Gevonden: 3 adressen (JSON)" in output
    assert "1 resultaten die geen adres zijn" in output
    assert "1 adressen van andere gemeenten" in output
    assert "Adressen: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    assert "adressen: 3/3 (100%)" in output
    appel = RegisteredAddress.objects.get(bag_id="0999200000000003")
    assert (appel.postcode, appel.house_number, appel.street, appel.city) == (
        "3999AA",
        3,
        "Appellaan",
        "Testoord",
    )
    assert (appel.neighbourhood, appel.district) == (world.buurt_a1, world.district_a)
    assert appel.object_id == "0999010000000003"
    peer = RegisteredAddress.objects.get(bag_id="0999200000000009")
    assert (peer.house_letter, peer.house_number_addition, peer.neighbourhood) == (
        "A",
        "2",
        world.buurt_a2,
    )
    assert str(peer) == "Perenweg 9A-2, 3999AB Testoord"
    # Only centroide_rd: converted, and placed in wijk B.
    cherry = RegisteredAddress.objects.get(bag_id="0999200000000005")
    assert cherry.latitude == pytest.approx(52.005, abs=1e-5)
    assert cherry.neighbourhood == world.buurt_b1
    assert AuditEntry.objects.filter(object_type="areas.registeredaddress").count() == 3


def test_csv_with_comma_decimals_and_csv_with_rd_are_imported(world):
    run("adressen.csv")
    run("adressen-rd.csv")

    assert RegisteredAddress.objects.count() == 4
    first = RegisteredAddress.objects.get(bag_id="0999200000000001")
    assert (first.postcode, first.latitude, first.longitude) == ("3999AA", 52.005, 5.505)
    assert RegisteredAddress.objects.get(bag_id="0999200000000077").house_number_addition == "B"
    assert RegisteredAddress.objects.get(bag_id="0999200000000107").district == world.district_b


def test_a_bad_file_imports_nothing_and_says_which_rows(world):
    with pytest.raises(CommandError) as refused:
        run("adressen-fout.csv")

    message = str(refused.value)
    assert message.startswith("Niets geïmporteerd.")
    assert "Regel 3: postcode ontbreekt of is ongeldig" in message
    assert "Regel 4: BAG-id is geen 16 cijfers" in message
    assert "niet in Nederland" in message
    assert "Regel 2" not in message
    assert not RegisteredAddress.objects.exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "leeg"),
        (b'{"features": []}', "geen antwoord van de Locatieserver"),
        (b"{not json", "geen geldige JSON"),
        (b"naam;adres\nPiet;Ergens 1\n", "de kolommen postcode, huisnummer"),
        (
            b'{"response": {"docs": [{"type": "weg", "straatnaam": "Appellaan"}]}}',
            "geen adressen",
        ),
        (
            b'{"response": {"docs": [{"type": "adres", "weergavenaam": "Appellaan 3", '
            b'"id": "adr-1"}]}}',
            "Document 1 heeft geen adresvelden, alleen een naam",
        ),
    ],
)
def test_files_that_are_not_address_files_are_refused(raw, expected):
    with pytest.raises(AddressImportError) as refused:
        parse_addresses(raw)

    assert expected in refused.value.message


def test_a_bag_id_twice_in_one_file_is_refused():
    raw = (
        b"postcode;huisnummer;straat;woonplaats;bag_id;lat;lon\n"
        b"3999AA;1;Appellaan;Testoord;0999200000000001;52.005;5.505\n"
        b"3999AA;2;Appellaan;Testoord;0999200000000001;52.005;5.505\n"
    )

    with pytest.raises(AddressImportError) as refused:
        parse_addresses(raw)

    assert "Regel 3: BAG-id 0999200000000001 staat ook in Regel 2" in refused.value.message


def test_reimporting_changes_nothing_and_a_moved_point_is_updated(world, tmp_path):
    run("adressen.csv")
    audit_rows = AuditEntry.objects.count()

    again = run("adressen.csv")

    assert "Adressen: 0 nieuw, 0 bijgewerkt, 3 ongewijzigd" in again
    assert AuditEntry.objects.count() == audit_rows

    moved = tmp_path / "moved.csv"
    moved.write_text(
        (FIXTURES / "adressen.csv").read_text().replace("52,005;5,515", "52,015;5,515")
    )
    call_command("import_addresses", str(moved), stdout=StringIO())
    perenweg = RegisteredAddress.objects.get(bag_id="0999200000000007")
    assert perenweg.latitude == 52.015
    assert AuditEntry.objects.count() == audit_rows + 1


def test_addresses_outside_the_known_areas_are_kept_with_a_warning(db):
    output = run("adressen.csv")  # no wijken at all

    assert "3 adressen liggen in geen van de bekende wijken" in output
    assert RegisteredAddress.objects.filter(district=None).count() == 3


def test_missing_file_is_refused():
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("import_addresses", "/nonexistent/adressen.csv", stdout=StringIO())


def test_lookups_by_postcode_by_street_and_the_postcode_area(world):
    run("locatieserver-free-pages.json", "--gemeente", "GM0999")

    assert register_find(postcode="3999aa", house_number=3).bag_id == "0999200000000003"
    assert register_find(postcode="3999AB", house_number=9, addition="a-2") is not None
    assert register_find(postcode="3999AB", house_number=9) is None  # 9 alone does not exist
    assert register_find(postcode="3999AA", house_number=4) is None
    assert register_find_by_street(text="appellaan 3").bag_id == "0999200000000003"
    assert register_find_by_street(text="Perenweg 9A-2, Testoord") is not None
    assert register_find_by_street(text="Perenweg 9A-2 Elders") is None
    assert register_find_by_street(text="bij de speeltuin") is None
    assert not postcode_outside_register("3999ZZ")  # same area, unknown address
    assert postcode_outside_register("1234AB")


def test_an_empty_register_tells_nothing_about_postcodes(db):
    assert not postcode_outside_register("1234AB")
