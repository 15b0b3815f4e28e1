"""One address of the file, checked into an AddressRow, and points in WGS84 or RD."""

import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError

POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")


BAG_ID = re.compile(r"^\d{16}$")


MUNICIPALITY_CODE = re.compile(r"^(?:GM)?(\d{4})$")


WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$", re.IGNORECASE)


# The same generous box around the Netherlands as the area import uses.
NL_LON = (2.5, 7.6)


NL_LAT = (50.5, 53.8)


# The RD (EPSG:28992) range of the Netherlands, in metres.
RD_X = (0.0, 300_000.0)


RD_Y = (289_000.0, 629_000.0)


class AddressImportError(DomainError):
    """The file cannot be imported; nothing of it was written."""


@dataclass(frozen=True)
class AddressRow:
    bag_id: str
    object_id: str
    postcode: str
    house_number: int
    house_letter: str
    house_number_addition: str
    street: str
    city: str
    latitude: float
    longitude: float
    # The buurt the source names (Locatieserver's buurtcode), used when our own boundaries do
    # not contain the point.
    neighbourhood_code: str = ""


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """RD (EPSG:28992) metres to WGS84 (latitude, longitude).

    The polynomial approximation of Schreutelkamp and Strang van Hees, accurate to about a
    metre within the Netherlands: plenty for placing an address in its buurt, and no projection
    library needed.
    """
    dx = (x - 155_000.0) * 1e-5
    dy = (y - 463_000.0) * 1e-5
    k = (
        (0, 1, 3235.65389),
        (2, 0, -32.58297),
        (0, 2, -0.24750),
        (2, 1, -0.84978),
        (0, 3, -0.06550),
        (2, 2, -0.01709),
        (1, 0, -0.00738),
        (4, 0, 0.00530),
        (2, 3, -0.00039),
        (4, 1, 0.00033),
        (1, 1, -0.00012),
    )
    l_ = (
        (1, 0, 5260.52916),
        (1, 1, 105.94684),
        (1, 2, 2.45656),
        (3, 0, -0.81885),
        (1, 3, 0.05594),
        (3, 1, -0.05607),
        (0, 1, 0.01199),
        (3, 2, -0.00256),
        (1, 4, 0.00128),
        (0, 2, 0.00022),
        (2, 0, -0.00022),
        (5, 0, 0.00026),
    )
    latitude = 52.15517440 + sum(c * dx**p * dy**q for p, q, c in k) / 3600
    longitude = 5.38720621 + sum(c * dx**p * dy**q for p, q, c in l_) / 3600
    return latitude, longitude


def wkt_point(value: Any, *, rd: bool) -> tuple[float, float] | str:
    """(latitude, longitude) of a WKT point, or the problem as text."""
    match = WKT_POINT.match(value) if isinstance(value, str) else None
    if not match:
        return _("het punt is geen WKT POINT")
    return point_of(match.group(1), match.group(2), rd=rd)


def point_of(first: Any, second: Any, *, rd: bool) -> tuple[float, float] | str:
    """Two coordinates (lon, lat or x, y; WKT's x-before-y order) to (latitude, longitude)."""
    try:
        a, b = number_of(first), number_of(second)
    except ValueError:
        return _("de coördinaten zijn geen getallen")
    if rd:
        if not (RD_X[0] < a < RD_X[1] and RD_Y[0] < b < RD_Y[1]):
            return _("de RD-coördinaten liggen niet in Nederland")
        return rd_to_wgs84(a, b)
    longitude, latitude = a, b
    if not (NL_LAT[0] <= latitude <= NL_LAT[1] and NL_LON[0] <= longitude <= NL_LON[1]):
        return _("het punt ligt niet in Nederland (lengte- en breedtegraad omgewisseld?)")
    return latitude, longitude


def number_of(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    number = float(str(value).strip().replace(",", "."))
    if not math.isfinite(number):
        raise ValueError
    return number


def text_of(value: Any) -> str:
    return "" if value is None else str(value).strip()


def address_row(values: dict[str, Any], point: tuple[float, float] | str | None):
    """An AddressRow from one record's values, or the list of what is wrong with it."""
    problems = []
    postcode = POSTCODE.match(text_of(values.get("postcode")))
    if not postcode:
        problems.append(_("postcode ontbreekt of is ongeldig"))
    number_text = text_of(values.get("huisnummer"))
    number = int(number_text) if number_text.isdigit() else 0
    if not 1 <= number <= 99999:
        problems.append(_("huisnummer ontbreekt of is ongeldig"))
    letter = text_of(values.get("huisletter")).upper()
    if len(letter) > 1 or (letter and not letter.isalpha()):
        problems.append(_("huisletter is meer dan één letter"))
    addition = text_of(values.get("toevoeging")).upper()
    if len(addition) > 4 or not re.fullmatch(r"[0-9A-Z]*", addition):
        problems.append(_("toevoeging is meer dan 4 letters of cijfers"))
    street, city = text_of(values.get("straat")), text_of(values.get("woonplaats"))
    if not street or len(street) > 80:
        problems.append(_("straat ontbreekt"))
    if not city or len(city) > 80:
        problems.append(_("woonplaats ontbreekt"))
    bag_id = text_of(values.get("bag_id"))
    if not BAG_ID.match(bag_id):
        problems.append(_("BAG-id is geen 16 cijfers"))
    object_id = text_of(values.get("object_id"))
    if object_id and not BAG_ID.match(object_id):
        problems.append(_("BAG-object-id is geen 16 cijfers"))
    if point is None:
        problems.append(_("het punt ontbreekt"))
    elif isinstance(point, str):
        problems.append(point)
    if problems:
        return None, problems
    return (
        AddressRow(
            bag_id=bag_id,
            object_id=object_id,
            postcode=f"{postcode.group(1)}{postcode.group(2).upper()}",
            house_number=number,
            house_letter=letter,
            house_number_addition=addition,
            street=street,
            city=city,
            latitude=round(point[0], 7),
            longitude=round(point[1], 7),
            neighbourhood_code=text_of(values.get("buurtcode")),
        ),
        [],
    )


@dataclass
class ParsedAddresses:
    format: str
    rows: list[AddressRow] = field(default_factory=list)
    skipped_other_type: int = 0
    skipped_other_municipality: int = 0
    # Per row, where it is in the file (document or line number), for error messages.
    labels: list[int] = field(default_factory=list)
