"""One value of an arrears row as people write it: "1.234,56", "15-3-2025", "3905 BA"."""

import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

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


# A whole number of euros with at most two decimals and no thousands separator: unambiguous
# in both notations (a single separator before three digits is refused below: "1.234").
PLAIN_AMOUNT = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,2})?")


CURRENCY = re.compile(r"^(?:€|eur)|(?:€|eur)$", re.IGNORECASE)


AMOUNT_CHARACTERS = re.compile(r"[0-9.,]+")


AMBIGUOUS_AMOUNT = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")


DUTCH_DATE = re.compile(r"([0-9]{1,2})([-/])([0-9]{1,2})\2([0-9]{2,4})")


ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class BadValue(Exception):
    """A cell's value is wrong; the message says why, without the column name."""


def shown_value(value: str) -> str:
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
    if PLAIN_AMOUNT.fullmatch(value):  # "1234,56" or "1234.56": most rows of an export
        whole, _sign, fraction = value.replace(",", ".").partition(".")
        return Decimal(f"{whole}.{fraction or '0'}").quantize(CENTS)

    def not_an_amount() -> BadValue:
        return BadValue(_("'%(value)s' is geen bedrag") % {"value": shown_value(value)})

    cleaned = "".join(value.split())
    cleaned = CURRENCY.sub("", cleaned)
    negative = cleaned.startswith("-")
    digits = cleaned.removeprefix("-")
    if not AMOUNT_CHARACTERS.fullmatch(digits):
        raise not_an_amount()

    if "," in digits and "." in digits:
        decimal_sign: str | None = max(",", ".", key=digits.rfind)
    elif digits.count(",") + digits.count(".") == 1:
        decimal_sign = "," if "," in digits else "."
        if AMBIGUOUS_AMOUNT.fullmatch(digits):
            raise BadValue(
                _("'%(value)s' is dubbelzinnig; schrijf bijvoorbeeld 1234,00 of 1.234,00")
                % {"value": shown_value(value)}
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
        raise not_an_amount()
    if len(fraction) > 2:
        raise BadValue(
            _("'%(value)s' heeft meer dan twee cijfers achter de komma")
            % {"value": shown_value(value)}
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
                _("'%(value)s' heeft geen jaartal van vier cijfers") % {"value": shown_value(value)}
            )
        year = int(match.group(4))
    else:
        raise BadValue(
            _("'%(value)s' is geen datum (gebruik dd-mm-jjjj of jjjj-mm-dd)")
            % {"value": shown_value(value)}
        )
    try:
        return date(year, month, day)
    except ValueError as error:
        raise BadValue(
            _("'%(value)s' bestaat niet als datum") % {"value": shown_value(value)}
        ) from error
