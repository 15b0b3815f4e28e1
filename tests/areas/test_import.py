import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from shapely.geometry import shape

from tests.wijkbeeld.hotspot_support import kept_count
from tests.wijkbeeld.picture_support import csv_rows
from wijkteam.access.models import AuditEntry
from wijkteam.areas.models import BoundarySource, District, Neighbourhood
from wijkteam.wijkbeeld.periods import this_month

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdok"
BUURTEN = FIXTURES / "buurten-gm0345-crs84.json"
WIJKEN = FIXTURES / "wijken-gm0345-crs84.json"

pytestmark = pytest.mark.django_db


def run_import(*args: str) -> str:
    out = StringIO()
    call_command("import_areas", *map(str, args), stdout=out)
    return out.getvalue()


def write(tmp_path: Path, document, name: str = "areas.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_buurten_file_creates_buurten_and_their_wijken_with_progress_and_report():
    output = run_import(BUURTEN, "--gemeente", "GM0345")

    assert set(Neighbourhood.objects.values_list("code", flat=True)) == {
        "BU03450200",
        "BU03450223",
        "BU03450099",
    }
    engelenburg = Neighbourhood.objects.get(code="BU03450200")
    assert engelenburg.name == "Engelenburg"
    assert engelenburg.district.code == "WK034502"
    assert engelenburg.district.name == "Wijk 02 Zuidoost"
    assert engelenburg.inhabitants == 2110
    assert engelenburg.homes == 300
    assert engelenburg.boundary_source == BoundarySource.OFFICIAL
    # CBS's "unknown" sentinel is not a number of inhabitants or households.
    assert Neighbourhood.objects.get(code="BU03450223").inhabitants is None
    assert engelenburg.households is None
    assert Neighbourhood.objects.get(code="BU03450099").households == 540
    # A wijk known only through its buurten gets their union as its boundary.
    zuidoost = District.objects.get(code="WK034502")
    assert shape(zuidoost.geometry).area == pytest.approx(0.0002, rel=1e-3)
    assert "1 features van andere gemeenten overgeslagen" in output
    assert "buurten: 3/3 (100%)" in output
    assert "Wijken: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    assert "Buurten: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output


def test_reimporting_the_same_file_changes_nothing():
    run_import(BUURTEN, "--gemeente", "GM0345")
    run_import(WIJKEN)
    stamps = dict(Neighbourhood.objects.values_list("code", "updated_at"))
    audit_rows = AuditEntry.objects.count()

    output = run_import(BUURTEN, "--gemeente", "GM0345") + run_import(WIJKEN)

    assert "Buurten: 0 nieuw, 0 bijgewerkt, 3 ongewijzigd" in output
    assert "Wijken: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in output
    assert dict(Neighbourhood.objects.values_list("code", "updated_at")) == stamps
    assert AuditEntry.objects.count() == audit_rows


def test_wijken_file_sets_official_wijk_boundary_and_figures():
    run_import(WIJKEN)
    run_import(BUURTEN, "--gemeente", "GM0345")

    zuidoost = District.objects.get(code="WK034502")
    assert zuidoost.inhabitants == 14280
    assert zuidoost.households == 6215
    assert District.objects.get(code="WK034500").households is None  # not in its feature
    assert zuidoost.homes == 6368
    assert zuidoost.area_hectares == 598
    # The wijk's own boundary (0.03 square) is kept; it is not replaced by the buurten's union.
    assert shape(zuidoost.geometry).area == pytest.approx(0.0009, rel=1e-3)
    assert District.objects.get(code="WK034500").geometry["type"] == "MultiPolygon"


def test_changed_figures_are_updated_and_audited(tmp_path):
    run_import(BUURTEN, "--gemeente", "GM0345")
    document = json.loads(BUURTEN.read_text())
    document["features"][0]["properties"]["aantal_inwoners"] = 2200
    document["features"][0]["properties"]["buurtnaam"] = "De Engelenburg"

    output = run_import(write(tmp_path, document), "--gemeente", "GM0345")

    assert "Buurten: 0 nieuw, 1 bijgewerkt, 2 ongewijzigd" in output
    engelenburg = Neighbourhood.objects.get(code="BU03450200")
    assert (engelenburg.name, engelenburg.inhabitants) == ("De Engelenburg", 2200)
    entry = AuditEntry.objects.filter(object_type="areas.neighbourhood", action="update").get()
    assert entry.changes["inhabitants"] == [2110, 2200]
    assert entry.changes["name"] == ["Engelenburg", "De Engelenburg"]
    assert entry.actor_label == "systeem"


def test_wfs_camelcase_properties_are_read():
    run_import(FIXTURES / "wfs-buurt-camelcase.json")

    assert Neighbourhood.objects.get(code="BU03450200").inhabitants == 2110


def test_without_gemeente_filter_every_gemeente_is_imported():
    run_import(BUURTEN)

    assert Neighbourhood.objects.filter(code="BU02330000").exists()
    # Ermelo's wijk has no name in the file; it gets a readable one.
    assert District.objects.get(code="WK023300").name == "Wijk 00"


def assert_refused(path, message: str, *extra: str) -> None:
    with pytest.raises(CommandError) as error:
        run_import(path, *extra)
    assert "Niets geïmporteerd" in str(error.value)
    assert message in str(error.value)
    assert not District.objects.exists()
    assert not Neighbourhood.objects.exists()


def test_invalid_json_is_refused_with_its_position(tmp_path):
    assert_refused(
        write(tmp_path, '{"type": "FeatureCollection", "features": [\n{oops}'), "regel 2"
    )


def test_bad_feature_after_good_ones_imports_nothing(tmp_path):
    document = json.loads(BUURTEN.read_text())
    document["features"][2]["geometry"] = {"type": "Point", "coordinates": [5.5, 52.0]}

    assert_refused(write(tmp_path, document), "Feature 3: de geometrie moet een Polygon")


def test_rd_coordinates_are_refused_with_advice():
    assert_refused(FIXTURES / "buurten-epsg28992.json", "CRS84")


def test_rd_coordinates_without_crs_member_are_refused(tmp_path):
    document = json.loads((FIXTURES / "buurten-epsg28992.json").read_text())
    del document["crs"]

    assert_refused(write(tmp_path, document), "het lijkt RD")


def test_swapped_axes_are_refused(tmp_path):
    document = json.loads(BUURTEN.read_text())
    ring = document["features"][0]["geometry"]["coordinates"][0]
    document["features"][0]["geometry"]["coordinates"][0] = [[lat, lon] for lon, lat in ring]

    assert_refused(write(tmp_path, document), "omgedraaid")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda f: [f["properties"].pop(k) for k in ("buurtcode", "wijkcode")],
            "Feature 1: geen buurtcode of wijkcode",
        ),
        (lambda f: f["properties"].update(buurtcode="BU123"), "buurtcode BU123 is ongeldig"),
        (lambda f: f["properties"].update(wijkcode="WK034501"), "hoort niet bij wijk"),
        (lambda f: f["properties"].update(gemeentecode="0345"), "gemeentecode ontbreekt"),
        (lambda f: f.update(properties=None), "eigenschappen"),
        (lambda f: f.update(type="Geometry"), "geen GeoJSON Feature"),
        (lambda f: f["geometry"].update(coordinates=[[[5.5, 52.0]]]), "onleesbaar"),
    ],
)
def test_malformed_features_are_refused(tmp_path, change, message):
    document = json.loads(BUURTEN.read_text())
    change(document["features"][0])

    assert_refused(write(tmp_path, document), message)


def test_duplicate_codes_are_refused(tmp_path):
    document = json.loads(BUURTEN.read_text())
    document["features"].append(document["features"][0])

    assert_refused(write(tmp_path, document), "komt twee keer voor")


def test_not_a_feature_collection_is_refused(tmp_path):
    assert_refused(write(tmp_path, {"type": "Feature"}), "geen GeoJSON FeatureCollection")


def test_file_without_areas_of_the_gemeente_is_refused():
    assert_refused(BUURTEN, "geen wijken of buurten van gemeente GM9999", "--gemeente", "GM9999")


def test_invalid_gemeente_code_is_refused():
    assert_refused(BUURTEN, "gemeentecode 345 is ongeldig", "--gemeente", "345")


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        run_import(tmp_path / "nope.json")


def test_self_intersecting_polygon_is_repaired(tmp_path):
    document = json.loads(BUURTEN.read_text())
    # A bow tie: the ring crosses itself.
    document["features"][0]["geometry"]["coordinates"] = [
        [[5.55, 52.01], [5.56, 52.02], [5.56, 52.01], [5.55, 52.02], [5.55, 52.01]]
    ]

    run_import(write(tmp_path, document), "--gemeente", "GM0345")

    repaired = shape(Neighbourhood.objects.get(code="BU03450200").geometry)
    assert repaired.is_valid
    assert repaired.area == pytest.approx(0.00005, rel=1e-2)


def test_imported_households_give_the_pictures_figures_per_1000_households(world, client):
    """CBS's households per buurt, imported, are what the wijk's picture divides by: 27
    signals among Centrum's 540 households are 50 per 1,000 (and 30 per 1,000 of its 900
    inhabitants)."""
    run_import(BUURTEN, "--gemeente", "GM0345")
    centrum = Neighbourhood.objects.get(code="BU03450099")
    kept_count(this_month(), centrum, "overlast-geluid", 27)
    client.force_login(world.wijkmanager_a)

    chart = reverse("wijkbeeld:chart", kwargs={"chart": "categorieen", "fmt": "csv"})
    rows = csv_rows(client.get(f"{chart}?buurt=BU03450099"))

    assert rows[0] == ["Categorie", "Aantal", "Per 1.000 inwoners", "Per 1.000 huishoudens"]
    assert ["Overlast", "27", "30,0", "50,0"] in rows
    page = client.get(reverse("wijkbeeld:neighbourhood", args=["WK034500", "BU03450099"]))
    assert "50,0" in page.content.decode()
