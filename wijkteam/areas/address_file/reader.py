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

from django.utils.translation import gettext as _

from wijkteam.areas.address_file.locatieserver import parse_json
from wijkteam.areas.address_file.rows import (
    MUNICIPALITY_CODE,
    AddressImportError,
    ParsedAddresses,
)
from wijkteam.areas.address_file.table import parse_csv

MAX_ERRORS_SHOWN = 10


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
        parsed, errors = parse_json(text, wanted)
    else:
        try:
            parsed, errors = parse_csv(text, wanted)
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
