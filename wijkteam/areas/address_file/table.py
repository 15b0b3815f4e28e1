"""Addresses from a CSV file with a header row."""

import csv
import io
import re

from django.utils.translation import gettext as _

from wijkteam.areas.address_file.rows import (
    AddressImportError,
    ParsedAddresses,
    address_row,
    point_of,
    text_of,
)

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


def column_key(name: str) -> str | None:
    return CSV_COLUMNS.get(re.sub(r"[\s_\-]", "", name.strip().lower()))


def parse_csv(text: str, wanted: str | None) -> tuple[ParsedAddresses, list[str]]:
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    columns = [column_key(name) for name in header]
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
        municipality = text_of(values.get("gemeentecode")).upper().removeprefix("GM")
        if wanted and municipality and municipality != wanted:
            parsed.skipped_other_municipality += 1
            continue
        if has_ll and text_of(values.get("lat")) and text_of(values.get("lon")):
            point = point_of(values["lon"], values["lat"], rd=False)
        elif has_rd and text_of(values.get("x")) and text_of(values.get("y")):
            point = point_of(values["x"], values["y"], rd=True)
        else:
            point = None
        address, problems = address_row(values, point)
        if problems:
            errors.append(
                _("Regel %(n)s: %(problems)s") % {"n": line, "problems": "; ".join(problems)}
            )
        else:
            parsed.rows.append(address)
            labels.append(line)
    return parsed, errors
