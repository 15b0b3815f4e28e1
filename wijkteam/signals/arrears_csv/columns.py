"""The columns of the corporation's rent-arrears export, and how the file is decoded and
split: Windows-1252 or UTF-8, semicolons or commas, Dutch or English column names."""

import codecs
import csv
import re

from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError

REQUIRED_COLUMNS = (
    "referentie",
    "naam",
    "straat",
    "huisnummer",
    "postcode",
    "bedrag",
    "maanden",
    "datum",
)


OPTIONAL_COLUMNS = (
    "toevoeging",
    "plaats",
    "stap_contact",
    "stap_schuldhulp",
    "stap_aanmaning",
    "stap_geen_bezwaar",
)


# The longer spellings some corporations use for the four steps of art. 2 Besluit
# gemeentelijke schuldhulpverlening.
COLUMN_ALIASES = {
    "datum_persoonlijk_contact": "stap_contact",
    "datum_gewezen_op_schuldhulp": "stap_schuldhulp",
    "datum_schriftelijke_aanmaning": "stap_aanmaning",
    "datum_geen_bezwaar": "stap_geen_bezwaar",
}


def _column_key(name: str) -> str:
    # Spaces, underscores and hyphens are dropped altogether, not just made equal, because
    # people write "Huis-nummer" and "Post code" as readily as "stap contact".
    return re.sub(r"[\s_-]+", "", name.lower())


COLUMN_BY_KEY = {_column_key(name): name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS} | {
    _column_key(alias): name for alias, name in COLUMN_ALIASES.items()
}


# Dutch Excel writes ";" (the comma is the decimal sign), so it wins a tie.
DELIMITERS = (";", ",", "\t")


EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (zip) and old .xls (OLE2)


SEPARATOR_HINT = re.compile(r"sep=(.)\s*", re.IGNORECASE)  # Excel's optional first line


class ArrearsFileError(DomainError):
    """The file cannot be read as a whole; no row of it is usable."""


def decode_file(raw: bytes) -> tuple[str, str]:
    """UTF-8 first (with or without BOM); then Windows-1252, which Excel on Dutch Windows
    writes for "CSV (puntkomma-gescheiden)"."""
    if raw.startswith(EXCEL_SIGNATURES):
        raise ArrearsFileError(
            _("Dit is een Excel-bestand; sla het op als CSV (puntkomma-gescheiden)."),
            code="excel",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ArrearsFileError(
            _(
                "Dit bestand is opgeslagen als Unicode-tekst (UTF-16); sla het op als "
                "CSV (puntkomma-gescheiden) of CSV UTF-8."
            ),
            code="utf16",
        )
    if b"\x00" in raw:
        raise ArrearsFileError(
            _("Dit is geen tekstbestand; lever een CSV-bestand (puntkomma-gescheiden)."),
            code="binary",
        )
    raw = raw.removeprefix(codecs.BOM_UTF8)
    if not raw.strip():
        raise ArrearsFileError(_("Het bestand is leeg."), code="empty")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise ArrearsFileError(
            _("De tekens in het bestand zijn onleesbaar; sla het op als CSV UTF-8."),
            code="encoding",
        ) from error


def find_header(lines: list[str]) -> tuple[int, str | None]:
    """The index of the header line, and the delimiter if Excel's "sep=;" line names one."""
    hinted: str | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        hint = SEPARATOR_HINT.fullmatch(line)
        if hint and hinted is None and hint.group(1) in DELIMITERS:
            hinted = hint.group(1)
            continue
        return index, hinted
    # Only reachable with a lone "sep=" line; an all-blank file was refused while decoding.
    raise ArrearsFileError(_("Het bestand is leeg."), code="empty")


def detect_delimiter(header_line: str) -> str:
    """The delimiter that splits the header into the most known column names."""

    def known_names(delimiter: str) -> set[str]:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        return {COLUMN_BY_KEY.get(_column_key(cell), "") for cell in cells} - {""}

    best = max(DELIMITERS, key=lambda delimiter: len(known_names(delimiter)))
    if not known_names(best) & set(REQUIRED_COLUMNS):
        raise ArrearsFileError(
            _(
                "De eerste regel is geen kopregel met de verwachte kolommen. Verwacht: "
                "%(columns)s, gescheiden door puntkomma's (zoals Excel 'CSV "
                "(puntkomma-gescheiden)' opslaat); komma's of tabs mogen ook."
            )
            % {"columns": ";".join(REQUIRED_COLUMNS)},
            code="no_header",
        )
    return best


def map_columns(header: list[str]) -> dict[str, int]:
    """Canonical column name → position in the row; unknown columns are left out."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        canonical = COLUMN_BY_KEY.get(_column_key(cell))
        if canonical is None:
            continue
        if canonical in columns:
            # Two columns for one value: which one is right cannot be guessed.
            raise ArrearsFileError(
                _("De kolom %(column)s komt meer dan eens voor in de kopregel.")
                % {"column": canonical},
                code="duplicate_column",
            )
        columns[canonical] = position
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ArrearsFileError(
            _("Verplichte kolommen ontbreken in de kopregel: %(columns)s.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    return columns
