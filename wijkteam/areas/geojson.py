"""Reading a CBS "Wijken en Buurten" GeoJSON file, as PDOK's OGC API Features returns it.

The reader accepts the OGC API's snake_case properties (``buurtcode``, ``aantal_inwoners``) and
the older WFS's camelCase ones (``aantalInwoners``), wijk features and buurt features, in the
default CRS84 (lon/lat) output. It validates the whole file before anything is written, so that a
bad file is refused as a whole with the number of the feature that is wrong.
"""

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import shapely
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from wijkteam.core.errors import DomainError

DISTRICT_CODE = re.compile(r"^WK\d{6}$")
NEIGHBOURHOOD_CODE = re.compile(r"^BU\d{8}$")
MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")
# A generous box around the Netherlands in lon/lat: outside it, the file is in another CRS
# (RD metres) or has its axes swapped.
NL_LON = (2.5, 7.6)
NL_LAT = (50.5, 53.8)
# CBS writes large negative numbers for "unknown" or "secret" figures.
CBS_UNKNOWN_BELOW = 0
COORDINATE_DECIMALS = 7


class AreaImportError(DomainError):
    """The file cannot be imported; nothing of it was written."""


@dataclass(frozen=True)
class AreaFeature:
    level: Literal["district", "neighbourhood"]
    code: str
    name: str
    municipality_code: str
    district_code: str
    district_name: str
    inhabitants: int | None
    homes: int | None
    households: int | None
    area_hectares: int | None
    geometry: dict[str, Any]


@dataclass
class ParsedAreas:
    districts: list[AreaFeature] = field(default_factory=list)
    neighbourhoods: list[AreaFeature] = field(default_factory=list)
    skipped_other_municipality: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.districts) + len(self.neighbourhoods)


def parse_areas(raw: bytes | str, *, municipality_code: str | None = None) -> ParsedAreas:
    """Parse and validate a whole FeatureCollection; raise AreaImportError on the first fault."""
    if municipality_code is not None and not MUNICIPALITY_CODE.match(municipality_code):
        raise AreaImportError(
            _("De gemeentecode %(code)s is ongeldig; gebruik de vorm GM0345.")
            % {"code": municipality_code}
        )
    document = _load_json(raw)
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise AreaImportError(_("Het bestand is geen GeoJSON FeatureCollection."))
    _refuse_projected_crs(document)
    features = document.get("features")
    if not isinstance(features, list):
        raise AreaImportError(_("Het bestand heeft geen lijst 'features'."))

    parsed = ParsedAreas()
    seen: set[str] = set()
    for number, feature in enumerate(features, start=1):
        area = _parse_feature(feature, number, parsed.warnings)
        if municipality_code and area.municipality_code != municipality_code:
            parsed.skipped_other_municipality += 1
            continue
        if area.code in seen:
            raise AreaImportError(
                _("Feature %(number)s: de code %(code)s komt twee keer voor in het bestand.")
                % {"number": number, "code": area.code}
            )
        seen.add(area.code)
        target = parsed.districts if area.level == "district" else parsed.neighbourhoods
        target.append(area)
    if parsed.total == 0:
        if parsed.skipped_other_municipality:
            raise AreaImportError(
                _("Het bestand bevat geen wijken of buurten van gemeente %(code)s.")
                % {"code": municipality_code}
            )
        raise AreaImportError(_("Het bestand bevat geen wijken of buurten."))
    return parsed


def _load_json(raw: bytes | str) -> Any:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise AreaImportError(
                _("Het bestand is geen UTF-8-tekst (fout bij byte %(position)s).")
                % {"position": error.start}
            ) from error
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise AreaImportError(
            _("Het bestand is geen geldige JSON: %(reason)s op regel %(line)s, kolom %(column)s.")
            % {"reason": error.msg, "line": error.lineno, "column": error.colno}
        ) from error


def _refuse_projected_crs(document: dict) -> None:
    crs_name = str(((document.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs_name and not re.search(r"CRS84|4326", crs_name):
        raise AreaImportError(
            _(
                "Het bestand gebruikt coördinatenstelsel %(crs)s. Importeer het in CRS84 "
                "(lengte/breedte, de standaard van PDOK's OGC API)."
            )
            % {"crs": crs_name}
        )


def _normalised(properties: dict) -> dict[str, Any]:
    """``aantal_inwoners``, ``aantalInwoners`` and ``AANTAL_INWONERS`` become ``aantalinwoners``."""
    return {str(key).lower().replace("_", ""): value for key, value in properties.items()}


def _figure(properties: dict, *names: str) -> int | None:
    for name in names:
        value = properties.get(name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float) and math.isfinite(value):
            return int(value) if value >= CBS_UNKNOWN_BELOW else None
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _parse_feature(feature: Any, number: int, warnings: list[str]) -> AreaFeature:
    def fail(message: str) -> AreaImportError:
        return AreaImportError(
            _("Feature %(number)s: %(message)s") % {"number": number, "message": message}
        )

    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise fail(_("dit is geen GeoJSON Feature."))
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        raise fail(_("de eigenschappen (properties) ontbreken."))
    props = _normalised(properties)

    municipality = _text(props.get("gemeentecode"))
    if not MUNICIPALITY_CODE.match(municipality):
        raise fail(_("gemeentecode ontbreekt of is ongeldig (verwacht bijvoorbeeld GM0345)."))
    neighbourhood_code = _text(props.get("buurtcode"))
    district_code = _text(props.get("wijkcode"))
    if neighbourhood_code:
        level: Literal["district", "neighbourhood"] = "neighbourhood"
        if not NEIGHBOURHOOD_CODE.match(neighbourhood_code):
            raise fail(_("buurtcode %(code)s is ongeldig.") % {"code": neighbourhood_code})
        expected_district = "WK" + neighbourhood_code[2:8]
        if district_code and district_code != expected_district:
            raise fail(
                _("buurt %(buurt)s hoort niet bij wijk %(wijk)s.")
                % {"buurt": neighbourhood_code, "wijk": district_code}
            )
        district_code = expected_district
        code = neighbourhood_code
    elif district_code:
        level = "district"
        code = district_code
    else:
        raise fail(_("geen buurtcode of wijkcode gevonden."))
    if not DISTRICT_CODE.match(district_code):
        raise fail(_("wijkcode %(code)s is ongeldig.") % {"code": district_code})
    if district_code[2:6] != municipality[2:6]:
        raise fail(
            _("%(code)s ligt niet in gemeente %(municipality)s.")
            % {"code": code, "municipality": municipality}
        )

    district_name = _text(props.get("wijknaam")) or _("Wijk %(number)s") % {
        "number": district_code[6:8]
    }
    if level == "district":
        name = district_name
    else:
        name = _text(props.get("buurtnaam"))
        if not name:
            name = code
            warnings.append(
                _(
                    "Feature %(number)s: buurt %(code)s heeft geen naam; de code is als naam "
                    "gebruikt."
                )
                % {"number": number, "code": code}
            )

    geometry = _parse_geometry(feature.get("geometry"), fail)
    return AreaFeature(
        level=level,
        code=code,
        name=name,
        municipality_code=municipality,
        district_code=district_code,
        district_name=district_name,
        inhabitants=_figure(props, "aantalinwoners"),
        homes=_figure(props, "woningvoorraad", "aantalwoningen"),
        households=_figure(props, "aantalhuishoudens"),
        area_hectares=_figure(props, "oppervlaktetotaalinha", "oppervlaktelandinha"),
        geometry=geometry,
    )


def _parse_geometry(raw: Any, fail) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("type") not in {"Polygon", "MultiPolygon"}:
        raise fail(_("de geometrie moet een Polygon of MultiPolygon zijn."))
    try:
        geometry: BaseGeometry = shape(raw)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise fail(_("de geometrie is onleesbaar.")) from error
    if geometry.is_empty:
        raise fail(_("de geometrie is leeg."))
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    if not all(math.isfinite(value) for value in geometry.bounds):
        raise fail(_("de geometrie bevat ongeldige getallen."))
    if max(abs(min_lon), abs(max_lon)) > 180 or max(abs(min_lat), abs(max_lat)) > 90:
        raise fail(
            _(
                "de coördinaten zijn geen lengte/breedte (het lijkt RD, EPSG:28992). Vraag het "
                "bestand op in CRS84, de standaard van PDOK's OGC API."
            )
        )
    if not (
        NL_LON[0] <= min_lon
        and max_lon <= NL_LON[1]
        and NL_LAT[0] <= min_lat
        and max_lat <= NL_LAT[1]
    ):
        raise fail(
            _(
                "de geometrie ligt niet in Nederland. Staan lengte- en breedtegraad misschien "
                "omgedraaid?"
            )
        )
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
        polygons = [
            part
            for part in getattr(geometry, "geoms", [geometry])
            if part.geom_type in {"Polygon", "MultiPolygon"}
        ]
        geometry = shapely.unary_union(polygons) if polygons else shapely.Polygon()
        if geometry.is_empty:
            raise fail(_("de geometrie is ongeldig en niet te herstellen."))
    geometry = shapely.set_precision(geometry, 10**-COORDINATE_DECIMALS)
    return geometry_to_json(geometry)


def geometry_to_json(geometry: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a plain GeoJSON dict (lists, not tuples), as the database stores it."""
    return json.loads(json.dumps(mapping(geometry)))
