"""Reading the housing corporation's rent-arrears export (CSV) into validated rows.

The export comes from the corporation's ERP or, just as often, from a person who saved an Excel
sheet on a Dutch Windows machine: semicolons, Windows-1252, "1.234,56" and "15-3-2025". The
parser is pure (bytes in, rows out, no database) so that the import service can show the whole
per-row report before anything is written, and upsert signals by external reference afterwards.

A file that cannot be read as a whole raises ``ArrearsFileError``. Otherwise every row becomes
either an ``ArrearsRow`` or a ``RowError`` that lists *all* problems of that row, so that the
corporation can fix its file in one go; one bad row never stops the others.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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

# The lengths of the fields the rows end up in (Signal and ArrearsDetails), so that a long value
# is reported here, per row, instead of failing the later upsert.
MAX_REFERENCE = 64
MAX_NAME = 150
MAX_STREET = 150
MAX_ADDITION = 20
MAX_CITY = 100
# The BAG's range for house numbers; a larger number is a typo or Excel's doing.
MAX_HOUSE_NUMBER = 99_999
MAX_MONTHS = 120
AMOUNT_LIMIT = Decimal("1000000")
CENTS = Decimal("0.01")
# An arrears date before 2000 is far likelier a typo (0225 for 2025) than a real date.
EARLIEST_DATE = date(2000, 1, 1)
SHOWN_VALUE_LENGTH = 40

POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
ADDITION = re.compile(r"[0-9A-Za-z]+(?:[ -]?[0-9A-Za-z]+)*")
DIGITS = re.compile(r"[0-9]+")
NUMBER_WITH_ADDITION = re.compile(r"[0-9]+[\s-]*[A-Za-z].*")
DUTCH_DATE = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{2,4})")
ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
EXCEL_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx (zip) and old .xls (OLE2)
SEPARATOR_HINT = re.compile(r"sep=(.)\s*", re.IGNORECASE)  # Excel's optional first line


class ArrearsFileError(DomainError):
    """The file cannot be read as a whole; no row of it is usable."""


@dataclass(frozen=True)
class ArrearsRow:
    line: int
    external_reference: str
    tenant_name: str
    street: str
    house_number: int
    house_number_addition: str
    postcode: str
    city: str
    amount: Decimal
    months: int
    signal_date: date
    contact_attempted_on: date | None
    debt_help_pointed_on: date | None
    written_reminder_on: date | None
    no_objection_on: date | None


@dataclass(frozen=True)
class RowError:
    line: int
    external_reference: str
    messages: list[str]


@dataclass
class ParsedArrears:
    rows: list[ArrearsRow]
    errors: list[RowError]
    encoding: str
    delimiter: str


def parse_arrears_csv(*, raw: bytes, today: date, max_rows: int = 50_000) -> ParsedArrears:
    """Parse and validate a whole arrears export.

    Raises ArrearsFileError when the file itself is unusable (not text, no header, missing
    columns, too many rows); otherwise returns the valid rows and one RowError per bad row, with
    1-based physical line numbers (the header is line 1).
    """
    text, encoding = _decode(raw)
    lines = list(io.StringIO(text, newline=""))
    header_index, hinted_delimiter = _find_header(lines)
    delimiter = hinted_delimiter or _detect_delimiter(lines[header_index])

    reader = csv.reader(lines[header_index:], delimiter=delimiter)
    parsed = ParsedArrears(rows=[], errors=[], encoding=encoding, delimiter=delimiter)
    first_line_of: dict[str, int] = {}
    record_count = 0
    try:
        header = next(reader)
        columns = _map_columns(header)
        previous_end = reader.line_num
        for record in reader:
            start, end = header_index + previous_end + 1, header_index + reader.line_num
            previous_end = reader.line_num
            # Excel writes ";;;;" for a row it considers used but empty.
            if not any(cell.strip() for cell in record):
                continue
            record_count += 1
            if record_count > max_rows:
                raise ArrearsFileError(
                    _("Het bestand heeft meer dan %(max)d regels; splits het in kleinere delen.")
                    % {"max": max_rows},
                    code="too_many_rows",
                )
            result = _validate_record(
                record=record,
                header=header,
                columns=columns,
                start=start,
                end=end,
                today=today,
                first_line_of=first_line_of,
            )
            if isinstance(result, ArrearsRow):
                parsed.rows.append(result)
            else:
                parsed.errors.append(result)
    except csv.Error as error:
        raise ArrearsFileError(
            _("Regel %(line)d is geen geldige CSV: %(error)s")
            % {"line": header_index + reader.line_num, "error": error},
            code="not_csv",
        ) from error

    if record_count == 0:
        raise ArrearsFileError(
            _("Het bestand bevat alleen een kopregel en geen gegevens."), code="no_rows"
        )
    return parsed


def _decode(raw: bytes) -> tuple[str, str]:
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


def _find_header(lines: list[str]) -> tuple[int, str | None]:
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


def _detect_delimiter(header_line: str) -> str:
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


def _map_columns(header: list[str]) -> dict[str, int]:
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


def _validate_record(
    *,
    record: list[str],
    header: list[str],
    columns: dict[str, int],
    start: int,
    end: int,
    today: date,
    first_line_of: dict[str, int],
) -> ArrearsRow | RowError:
    cells = {
        name: " ".join(record[position].split()) if position < len(record) else ""
        for name, position in columns.items()
    }
    labels = {name: header[position].strip() for name, position in columns.items()}
    check = _RowCheck(cells=cells, labels=labels, today=today)

    if end > start:
        # No value in this export spans lines, so this is nearly always a stray quote that
        # swallowed the lines after it; say so rather than lose those rows silently.
        check.messages.append(
            _("de regel loopt door tot regel %(end)d; controleer de aanhalingstekens")
            % {"end": end}
        )
    if any(cell.strip() for cell in record[len(header) :]):
        check.messages.append(
            _(
                "de regel heeft meer velden (%(found)d) dan de kopregel (%(expected)d); "
                "staat er een scheidingsteken in een waarde zonder aanhalingstekens?"
            )
            % {"found": len(record), "expected": len(header)}
        )

    reference = check.text("referentie", required=True, max_length=MAX_REFERENCE)
    if reference in first_line_of:
        check.problem(
            "referentie",
            _("'%(value)s' komt al voor op regel %(line)d")
            % {"value": reference, "line": first_line_of[reference]},
        )
    elif reference:
        first_line_of[reference] = start

    row = ArrearsRow(
        line=start,
        external_reference=reference,
        tenant_name=check.text("naam", required=True, max_length=MAX_NAME),
        street=check.text("straat", required=True, max_length=MAX_STREET),
        house_number=check.integer(
            "huisnummer",
            minimum=1,
            maximum=MAX_HOUSE_NUMBER,
            hint=_("zet een toevoeging in de kolom toevoeging"),
        ),
        house_number_addition=check.addition("toevoeging"),
        postcode=check.postcode("postcode"),
        city=check.text("plaats", required=False, max_length=MAX_CITY),
        amount=check.amount("bedrag"),
        months=check.integer("maanden", minimum=1, maximum=MAX_MONTHS),
        signal_date=check.day("datum") or today,
        contact_attempted_on=check.day("stap_contact", required=False),
        debt_help_pointed_on=check.day("stap_schuldhulp", required=False),
        written_reminder_on=check.day("stap_aanmaning", required=False),
        no_objection_on=check.day("stap_geen_bezwaar", required=False),
    )
    if check.messages:
        return RowError(line=start, external_reference=reference, messages=check.messages)
    return row


class BadValue(Exception):
    """A cell's value is wrong; the message says why, without the column name."""


class _RowCheck:
    """Reads the cells of one row, collecting every problem instead of stopping at the first.

    On a problem a method returns a placeholder of the right type; the row is then reported as
    a RowError, so the placeholder is never used.
    """

    def __init__(self, *, cells: dict[str, str], labels: dict[str, str], today: date) -> None:
        self.cells = cells
        self.labels = labels
        self.today = today
        self.messages: list[str] = []

    def problem(self, column: str, message: str) -> None:
        # The column as the file spells it, so the corporation finds it in its own sheet.
        self.messages.append(f"{self.labels.get(column, column)}: {message}")

    def _value(self, column: str, *, required: bool) -> str:
        value = self.cells.get(column, "")
        if not value and required:
            self.problem(column, _("is verplicht"))
        return value

    def text(self, column: str, *, required: bool, max_length: int) -> str:
        value = self._value(column, required=required)
        if len(value) > max_length:
            self.problem(column, _("is langer dan %(max)d tekens") % {"max": max_length})
        return value

    def integer(self, column: str, *, minimum: int, maximum: int, hint: str = "") -> int:
        value = self._value(column, required=True)
        if not value:
            return 0
        if not DIGITS.fullmatch(value):
            message = _("'%(value)s' is geen geheel getal") % {"value": _shown(value)}
            if hint and NUMBER_WITH_ADDITION.fullmatch(value):
                message = f"{message}; {hint}"
            self.problem(column, message)
            return 0
        number = int(value)
        if not minimum <= number <= maximum:
            self.problem(
                column,
                _("'%(value)s' moet tussen %(minimum)d en %(maximum)d liggen")
                % {"value": _shown(value), "minimum": minimum, "maximum": maximum},
            )
        return number

    def addition(self, column: str) -> str:
        value = self._value(column, required=False)
        if value and (len(value) > MAX_ADDITION or not ADDITION.fullmatch(value)):
            self.problem(
                column,
                _("'%(value)s' is geen huisnummertoevoeging (zoals A, bis of 2hoog)")
                % {"value": _shown(value)},
            )
        return value

    def postcode(self, column: str) -> str:
        value = self._value(column, required=True)
        postcode = "".join(value.split()).upper()
        if value and not POSTCODE.fullmatch(postcode):
            self.problem(
                column,
                _("'%(value)s' is geen postcode (vier cijfers en twee letters, zoals 3901 HC)")
                % {"value": _shown(value)},
            )
        return postcode

    def amount(self, column: str) -> Decimal:
        value = self._value(column, required=True)
        if not value:
            return Decimal(0)
        try:
            amount = parse_amount(value)
        except BadValue as error:
            self.problem(column, str(error))
            return Decimal(0)
        if amount <= 0:
            self.problem(column, _("'%(value)s' moet groter zijn dan 0") % {"value": _shown(value)})
        elif amount >= AMOUNT_LIMIT:
            self.problem(
                column,
                _("'%(value)s' moet kleiner zijn dan 1.000.000") % {"value": _shown(value)},
            )
        return amount

    def day(self, column: str, *, required: bool = True) -> date | None:
        value = self._value(column, required=required)
        if not value:
            return None
        try:
            parsed = parse_date(value)
        except BadValue as error:
            self.problem(column, str(error))
            return None
        if parsed > self.today:
            self.problem(column, _("'%(value)s' ligt in de toekomst") % {"value": _shown(value)})
        elif parsed < EARLIEST_DATE:
            self.problem(
                column,
                _("'%(value)s' ligt vóór %(year)d; is het jaartal goed?")
                % {"value": _shown(value), "year": EARLIEST_DATE.year},
            )
        return parsed


def _shown(value: str) -> str:
    """A value as quoted in a message, cut short so one wild cell cannot flood the report."""
    if len(value) <= SHOWN_VALUE_LENGTH:
        return value
    return value[: SHOWN_VALUE_LENGTH - 1] + "…"


def parse_amount(value: str) -> Decimal:
    """Euros in Dutch ("€ 1.234,56", "1234,56") or English ("1234.56", "1,234.56") notation.

    A single separator followed by exactly three digits ("1.234", "1,234") is refused: it is a
    thousands separator in one notation and a decimal sign in the other, and guessing wrong
    changes the debt a thousandfold.
    """
    not_an_amount = BadValue(_("'%(value)s' is geen bedrag") % {"value": _shown(value)})
    cleaned = "".join(value.split())
    cleaned = re.sub(r"^(?:€|eur)|(?:€|eur)$", "", cleaned, flags=re.IGNORECASE)
    negative = cleaned.startswith("-")
    digits = cleaned.removeprefix("-")
    if not re.fullmatch(r"[0-9.,]+", digits):
        raise not_an_amount

    if "," in digits and "." in digits:
        decimal_sign: str | None = max(",", ".", key=digits.rfind)
    elif digits.count(",") + digits.count(".") == 1:
        decimal_sign = "," if "," in digits else "."
        if re.fullmatch(r"[1-9][0-9]{0,2}[.,][0-9]{3}", digits):
            raise BadValue(
                _("'%(value)s' is dubbelzinnig; schrijf bijvoorbeeld 1234,00 of 1.234,00")
                % {"value": _shown(value)}
            )
    else:
        decimal_sign = None  # "1234", or only thousands separators as in "1.234.567"
    thousands_sign = next(iter(({",", "."} & set(digits)) - {decimal_sign}), "")

    if decimal_sign:
        whole, _sign, fraction = digits.rpartition(decimal_sign)
    else:
        whole, fraction = digits, ""
    whole_pattern = (
        rf"[0-9]{{1,3}}(?:{re.escape(thousands_sign)}[0-9]{{3}})+" if thousands_sign else "[0-9]+"
    )
    if not re.fullmatch(whole_pattern, whole) or (decimal_sign and not DIGITS.fullmatch(fraction)):
        raise not_an_amount
    if len(fraction) > 2:
        raise BadValue(
            _("'%(value)s' heeft meer dan twee cijfers achter de komma") % {"value": _shown(value)}
        )
    amount = Decimal(f"{whole.replace(thousands_sign, '')}.{fraction or '0'}")
    return (-amount if negative else amount).quantize(CENTS)


def parse_date(value: str) -> date:
    """A date as "dd-mm-jjjj", "d-m-jjjj", "dd/mm/jjjj" or ISO "jjjj-mm-dd"."""
    if match := ISO_DATE.fullmatch(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := DUTCH_DATE.fullmatch(value):
        day, month = int(match.group(1)), int(match.group(3))
        if len(match.group(4)) != 4:
            raise BadValue(
                _("'%(value)s' heeft geen jaartal van vier cijfers") % {"value": _shown(value)}
            )
        year = int(match.group(4))
    else:
        raise BadValue(
            _("'%(value)s' is geen datum (gebruik dd-mm-jjjj of jjjj-mm-dd)")
            % {"value": _shown(value)}
        )
    try:
        return date(year, month, day)
    except ValueError as error:
        raise BadValue(
            _("'%(value)s' bestaat niet als datum") % {"value": _shown(value)}
        ) from error
