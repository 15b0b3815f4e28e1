"""Reading a file of BAG addresses for the local address register.

Two formats are read, told apart by their content:

- **JSON**: PDOK Locatieserver results (``/free`` or ``/lookup``): one response
  ``{"response": {"docs": [...]}}``, a list of such responses (several pages), or a bare list of
  docs. Each address doc has ``postcode``, ``huisnummer``, optional ``huisletter`` and
  ``huisnummertoevoeging``, ``straatnaam``, ``woonplaatsnaam``, ``nummeraanduiding_id``,
  optional ``adresseerbaarobject_id``, and ``centroide_ll`` (``POINT(lon lat)``) or
  ``centroide_rd`` (``POINT(x y)`` in RD metres). Docs of another type (a street, a postcode)
  are skipped.
- **CSV** with a header row (``;``, ``,`` or tab; UTF-8 or Windows-1252): ``postcode``,
  ``huisnummer``, optional ``huisletter`` and ``toevoeging``, ``straat``, ``woonplaats``,
  ``bag_id``, optional ``object_id``, and ``lat``/``lon`` (WGS84) or ``x``/``y`` (RD). Column
  names are matched without regard to case, spaces, hyphens or underscores, and the
  Locatieserver names (``straatnaam``, ``nummeraanduiding_id``, ...) work too.

The whole file is checked before anything is written, so a bad file is refused as a whole with
the rows that are wrong.
"""

import csv
import io
import json
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
MAX_ERRORS_SHOWN = 10

CSV_COLUMNS = {
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "huisletter": "huisletter",
    "toevoeging": "toevoeging",
    "huisnummertoevoeging": "toevoeging",
    "straat": "straat",
    "straatnaam": "straat",
    "woonplaats": "woonplaats",
    "woonplaatsnaam": "woonplaats",
    "plaats": "woonplaats",
    "bagid": "bag_id",
    "nummeraanduidingid": "bag_id",
    "objectid": "object_id",
    "adresseerbaarobjectid": "object_id",
    "lat": "lat",
    "latitude": "lat",
    "breedtegraad": "lat",
    "lon": "lon",
    "lng": "lon",
    "longitude": "lon",
    "lengtegraad": "lon",
    "x": "x",
    "rdx": "x",
    "y": "y",
    "rdy": "y",
    "gemeentecode": "gemeentecode",
    "buurtcode": "buurtcode",
}
CSV_REQUIRED = ("postcode", "huisnummer", "straat", "woonplaats", "bag_id")


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


@dataclass
class ParsedAddresses:
    format: str
    rows: list[AddressRow] = field(default_factory=list)
    skipped_other_type: int = 0
    skipped_other_municipality: int = 0
    # Per row, where it is in the file (document or line number), for error messages.
    labels: list[int] = field(default_factory=list)


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


def parse_addresses(raw: bytes, *, municipality_code: str | None = None) -> ParsedAddresses:
    """Parse and check a whole file; raise AddressImportError listing the rows that are wrong.

    With ``municipality_code`` (``GM0345``), rows of another gemeente are skipped (counted), as
    far as the file says which gemeente a row is in.
    """
    wanted = None
    if municipality_code:
        match = MUNICIPALITY_CODE.match(municipality_code.strip().upper())
        if not match:
            raise AddressImportError(
                _("De gemeentecode %(code)s is ongeldig; gebruik de vorm GM0345.")
                % {"code": municipality_code}
            )
        wanted = match.group(1)
    text = _decode(raw)
    if not text.strip():
        raise AddressImportError(_("Het bestand is leeg."))
    if text.lstrip()[:1] in "{[":
        parsed, errors = _parse_json(text, wanted)
    else:
        try:
            parsed, errors = _parse_csv(text, wanted)
        except csv.Error as error:
            raise AddressImportError(
                _("Het CSV-bestand is niet te lezen: %(error)s") % {"error": error}
            ) from error
    seen: dict[str, str] = {}
    for label, row in _labelled(parsed):
        if row.bag_id in seen:
            errors.append(
                _("%(label)s: BAG-id %(bag_id)s staat ook in %(other)s.")
                % {"label": label, "bag_id": row.bag_id, "other": seen[row.bag_id]}
            )
        seen[row.bag_id] = label
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        message = " ".join(shown)
        if more:
            message += " " + _("En nog %(count)s fouten.") % {"count": more}
        raise AddressImportError(_("Niets geïmporteerd. %(errors)s") % {"errors": message})
    if not parsed.rows:
        raise AddressImportError(_("Niets geïmporteerd: het bestand bevat geen adressen."))
    return parsed


def _labelled(parsed: ParsedAddresses):
    noun = _("Document") if parsed.format == "json" else _("Regel")
    for row, label in zip(parsed.rows, parsed.labels, strict=True):
        yield f"{noun} {label}", row


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# --- JSON: Locatieserver documents -----------------------------------------------------------


def _docs(document: Any) -> list[Any] | None:
    if isinstance(document, dict):
        response = document.get("response")
        docs = response.get("docs") if isinstance(response, dict) else None
        return docs if isinstance(docs, list) else None
    if isinstance(document, list):
        if all(isinstance(d, dict) and "response" in d for d in document) and document:
            pages = [_docs(page) for page in document]
            if any(page is None for page in pages):
                return None
            return [doc for page in pages for doc in page]
        return document
    return None


def _parse_json(text: str, wanted: str | None) -> tuple[ParsedAddresses, list[str]]:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise AddressImportError(
            _("Het bestand is geen geldige JSON (regel %(line)s).") % {"line": error.lineno}
        ) from error
    docs = _docs(document)
    if docs is None:
        raise AddressImportError(
            _(
                "Het JSON-bestand is geen antwoord van de Locatieserver: er is geen lijst "
                "response.docs."
            )
        )
    parsed = ParsedAddresses(format="json")
    labels = parsed.labels
    errors: list[str] = []
    for number, doc in enumerate(docs, start=1):
        if not isinstance(doc, dict):
            errors.append(_("Document %(n)s is geen object.") % {"n": number})
            continue
        if doc.get("type", "adres") != "adres":
            parsed.skipped_other_type += 1
            continue
        municipality = str(doc.get("gemeentecode") or "")
        if wanted and municipality and municipality.removeprefix("GM") != wanted:
            parsed.skipped_other_municipality += 1
            continue
        if not any(doc.get(name) for name in ("postcode", "huisnummer", "nummeraanduiding_id")):
            # /suggest answers (and /free with a short fl) name an address without its fields.
            errors.append(
                _(
                    "Document %(n)s heeft geen adresvelden, alleen een naam: gebruik resultaten "
                    "van /free of /lookup (met fl=*), niet van /suggest."
                )
                % {"n": number}
            )
            continue
        point = None
        if doc.get("centroide_ll"):
            point = _wkt(doc.get("centroide_ll"), rd=False)
        elif doc.get("centroide_rd"):
            point = _wkt(doc.get("centroide_rd"), rd=True)
        row, problems = _row(
            {
                "postcode": doc.get("postcode"),
                "huisnummer": doc.get("huisnummer"),
                "huisletter": doc.get("huisletter"),
                "toevoeging": doc.get("huisnummertoevoeging"),
                "straat": doc.get("straatnaam"),
                "woonplaats": doc.get("woonplaatsnaam"),
                "bag_id": doc.get("nummeraanduiding_id"),
                "object_id": doc.get("adresseerbaarobject_id"),
                "buurtcode": doc.get("buurtcode"),
            },
            point,
        )
        if problems:
            errors.append(
                _("Document %(n)s: %(problems)s") % {"n": number, "problems": "; ".join(problems)}
            )
        else:
            parsed.rows.append(row)
            labels.append(number)
    return parsed, errors


def _wkt(value: Any, *, rd: bool) -> tuple[float, float] | str:
    """(latitude, longitude) of a WKT point, or the problem as text."""
    match = WKT_POINT.match(value) if isinstance(value, str) else None
    if not match:
        return _("het punt is geen WKT POINT")
    return _point(match.group(1), match.group(2), rd=rd)


def _point(first: Any, second: Any, *, rd: bool) -> tuple[float, float] | str:
    """Two coordinates (lon, lat or x, y; WKT's x-before-y order) to (latitude, longitude)."""
    try:
        a, b = _number(first), _number(second)
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


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    number = float(str(value).strip().replace(",", "."))
    if not math.isfinite(number):
        raise ValueError
    return number


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row(values: dict[str, Any], point: tuple[float, float] | str | None):
    """An AddressRow from one record's values, or the list of what is wrong with it."""
    problems = []
    postcode = POSTCODE.match(_text(values.get("postcode")))
    if not postcode:
        problems.append(_("postcode ontbreekt of is ongeldig"))
    number_text = _text(values.get("huisnummer"))
    number = int(number_text) if number_text.isdigit() else 0
    if not 1 <= number <= 99999:
        problems.append(_("huisnummer ontbreekt of is ongeldig"))
    letter = _text(values.get("huisletter")).upper()
    if len(letter) > 1 or (letter and not letter.isalpha()):
        problems.append(_("huisletter is meer dan één letter"))
    addition = _text(values.get("toevoeging")).upper()
    if len(addition) > 4 or not re.fullmatch(r"[0-9A-Z]*", addition):
        problems.append(_("toevoeging is meer dan 4 letters of cijfers"))
    street, city = _text(values.get("straat")), _text(values.get("woonplaats"))
    if not street or len(street) > 80:
        problems.append(_("straat ontbreekt"))
    if not city or len(city) > 80:
        problems.append(_("woonplaats ontbreekt"))
    bag_id = _text(values.get("bag_id"))
    if not BAG_ID.match(bag_id):
        problems.append(_("BAG-id is geen 16 cijfers"))
    object_id = _text(values.get("object_id"))
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
            neighbourhood_code=_text(values.get("buurtcode")),
        ),
        [],
    )


# --- CSV --------------------------------------------------------------------------------------


def _column(name: str) -> str | None:
    return CSV_COLUMNS.get(re.sub(r"[\s_\-]", "", name.strip().lower()))


def _parse_csv(text: str, wanted: str | None) -> tuple[ParsedAddresses, list[str]]:
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    columns = [_column(name) for name in header]
    missing = [name for name in CSV_REQUIRED if name not in columns]
    has_ll = "lat" in columns and "lon" in columns
    has_rd = "x" in columns and "y" in columns
    if not (has_ll or has_rd):
        missing.append(_("lat/lon of x/y"))
    if missing:
        raise AddressImportError(
            _(
                "Het bestand is geen adresbestand: de kolommen %(columns)s ontbreken. Verwacht: "
                "postcode;huisnummer;toevoeging;straat;woonplaats;bag_id;lat;lon (of x;y in RD)."
            )
            % {"columns": ", ".join(missing)}
        )
    parsed = ParsedAddresses(format="csv")
    labels = parsed.labels
    errors: list[str] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {
            column: cell for column, cell in zip(columns, row, strict=False) if column is not None
        }
        municipality = _text(values.get("gemeentecode")).upper().removeprefix("GM")
        if wanted and municipality and municipality != wanted:
            parsed.skipped_other_municipality += 1
            continue
        if has_ll and _text(values.get("lat")) and _text(values.get("lon")):
            point = _point(values["lon"], values["lat"], rd=False)
        elif has_rd and _text(values.get("x")) and _text(values.get("y")):
            point = _point(values["x"], values["y"], rd=True)
        else:
            point = None
        address, problems = _row(values, point)
        if problems:
            errors.append(
                _("Regel %(n)s: %(problems)s") % {"n": line, "problems": "; ".join(problems)}
            )
        else:
            parsed.rows.append(address)
            labels.append(line)
    return parsed, errors
