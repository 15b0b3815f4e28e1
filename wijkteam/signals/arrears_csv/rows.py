"""One row of the export, checked field by field into an ArrearsRow or a RowError."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.signals.arrears_csv.values import (
    ADDITION,
    AMOUNT_LIMIT,
    DIGITS,
    EARLIEST_DATE,
    MAX_ADDITION,
    MAX_CITY,
    MAX_HOUSE_NUMBER,
    MAX_MONTHS,
    MAX_NAME,
    MAX_REFERENCE,
    MAX_STREET,
    NUMBER_WITH_ADDITION,
    POSTCODE,
    BadValue,
    parse_amount,
    parse_date,
    shown_value,
)

# Read only for a house number with something glued to it.
ADDITION_HINT = gettext_lazy("zet een toevoeging in de kolom toevoeging")


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


def column_labels(header: list[str], columns: dict[str, int]) -> dict[str, str]:
    """Each column as the file spells it, for the messages."""
    return {name: header[position].strip() for name, position in columns.items()}


def validate_record(
    *,
    record: list[str],
    header: list[str],
    columns: dict[str, int],
    start: int,
    end: int,
    today: date,
    first_line_of: dict[str, int],
    labels: dict[str, str] | None = None,
) -> ArrearsRow | RowError:
    """Check one record field by field (``labels``: ``column_labels``, once per file)."""
    cells = {
        name: " ".join(record[position].split()) if position < len(record) else ""
        for name, position in columns.items()
    }
    labels = labels if labels is not None else column_labels(header, columns)
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
            hint=ADDITION_HINT,
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

    def integer(self, column: str, *, minimum: int, maximum: int, hint: object = "") -> int:
        value = self._value(column, required=True)
        if not value:
            return 0
        if not DIGITS.fullmatch(value):
            message = _("'%(value)s' is geen geheel getal") % {"value": shown_value(value)}
            if hint and NUMBER_WITH_ADDITION.fullmatch(value):
                message = f"{message}; {hint}"
            self.problem(column, message)
            return 0
        number = int(value)
        if not minimum <= number <= maximum:
            self.problem(
                column,
                _("'%(value)s' moet tussen %(minimum)d en %(maximum)d liggen")
                % {"value": shown_value(value), "minimum": minimum, "maximum": maximum},
            )
        return number

    def addition(self, column: str) -> str:
        value = self._value(column, required=False)
        if value and (len(value) > MAX_ADDITION or not ADDITION.fullmatch(value)):
            self.problem(
                column,
                _("'%(value)s' is geen huisnummertoevoeging (zoals A, bis of 2hoog)")
                % {"value": shown_value(value)},
            )
        return value

    def postcode(self, column: str) -> str:
        value = self._value(column, required=True)
        postcode = "".join(value.split()).upper()
        if value and not POSTCODE.fullmatch(postcode):
            self.problem(
                column,
                _("'%(value)s' is geen postcode (vier cijfers en twee letters, zoals 3901 HC)")
                % {"value": shown_value(value)},
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
            self.problem(
                column, _("'%(value)s' moet groter zijn dan 0") % {"value": shown_value(value)}
            )
        elif amount >= AMOUNT_LIMIT:
            self.problem(
                column,
                _("'%(value)s' moet kleiner zijn dan 1.000.000") % {"value": shown_value(value)},
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
            self.problem(
                column, _("'%(value)s' ligt in de toekomst") % {"value": shown_value(value)}
            )
        elif parsed < EARLIEST_DATE:
            self.problem(
                column,
                _("'%(value)s' ligt vóór %(year)d; is het jaartal goed?")
                % {"value": shown_value(value), "year": EARLIEST_DATE.year},
            )
        return parsed
