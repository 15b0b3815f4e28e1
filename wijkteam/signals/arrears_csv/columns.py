"""The columns of the corporation's rent-arrears export, and how the file is decoded and
split: Windows-1252 or UTF-8, semicolons or commas, Dutch or English column names."""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

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


NOT_BLANK = re.compile(rb"\S")  # bytes.strip()'s whitespace: a file of only these is empty


CHECK_CHUNK = 1 << 20


class ArrearsFileError(DomainError):
    """The file cannot be read as a whole; no row of it is usable."""


def file_encoding(raw: bytes) -> str:
    """The file's encoding: UTF-8 first (with or without BOM); then Windows-1252, which Excel on
    Dutch Windows writes for "CSV (puntkomma-gescheiden)". The file is checked a megabyte at a
    time, never decoded as a whole."""
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
    body = memoryview(raw)[len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0 :]
    if NOT_BLANK.search(body) is None:
        raise ArrearsFileError(_("Het bestand is leeg."), code="empty")
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for offset in range(0, len(body), CHECK_CHUNK):
                decoder.decode(body[offset : offset + CHECK_CHUNK])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            last_error = error
            continue
        return encoding
    raise ArrearsFileError(
        _("De tekens in het bestand zijn onleesbaar; sla het op als CSV UTF-8."),
        code="encoding",
    ) from last_error


def text_lines(stream: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """The lines of a file in ``encoding`` (from ``file_encoding``), read as they are needed,
    with their own line endings (a quoted value may hold one)."""
    return io.TextIOWrapper(
        stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline=""
    )


def find_header(lines: Iterator[str]) -> tuple[int, str, str | None]:
    """Read up to the header: its index among the lines, the header line itself, and the
    delimiter if Excel's "sep=;" line names one."""
    hinted: str | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        hint = SEPARATOR_HINT.fullmatch(line)
        if hint and hinted is None and hint.group(1) in DELIMITERS:
            hinted = hint.group(1)
            continue
        return index, line, hinted
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
