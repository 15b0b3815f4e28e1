"""The period a page of the wijk's picture looks at: a month, a quarter, a year or months of
one's own choice, at most five years back. Whole months only: the picture is counted per month.

Read from the query string (``?periode=jaar&jaar=2026``); anything wrong falls back to the
default with a message saying why, so a page never fails on a bad link."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.signals.counts import next_month

MAX_MONTHS = 60  # five years back, the current month included
KINDS = ("maand", "kwartaal", "jaar", "eigen")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date  # the first month, its first day
    end: date  # the last month, its first day (inclusive)

    @property
    def months(self) -> list[date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = next_month(month)
        return months

    @property
    def end_exclusive(self) -> date:
        return next_month(self.end)

    @property
    def label(self) -> str:
        if self.start == self.end:
            return date_format(self.start, "F Y")
        return _("%(start)s t/m %(end)s") % {
            "start": date_format(self.start, "F Y"),
            "end": date_format(self.end, "F Y"),
        }

    def query(self) -> dict[str, str]:
        """The query string that selects this period again."""
        if self.kind == "maand":
            return {"periode": "maand", "maand": f"{self.start:%Y-%m}"}
        if self.kind == "kwartaal":
            return {"periode": "kwartaal", "kwartaal": f"{self.start.year}-K{_quarter(self.start)}"}
        if self.kind == "jaar" and self.start.year == self.end.year:
            return {"periode": "jaar", "jaar": str(self.start.year)}
        return {"periode": "eigen", "van": f"{self.start:%Y-%m}", "tot": f"{self.end:%Y-%m}"}


def _quarter(month: date) -> int:
    return (month.month - 1) // 3 + 1


def this_month(today: date | None = None) -> date:
    return (today or timezone.localdate()).replace(day=1)


def months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def default_period(today: date | None = None) -> Period:
    """The last twelve months, this one included."""
    end = this_month(today)
    return Period("eigen", months_back(end, 11), end)


_YEAR = re.compile(r"[0-9]{4}")
_MONTH = re.compile(r"[0-9]{1,2}")


def _year(text: str) -> int | None:
    """A year written as four digits, after 1900 and before 3000; anything else (a longer
    number than a date can hold, digits of another script) is None."""
    if not _YEAR.fullmatch(text):
        return None
    year = int(text)
    return year if 1900 < year < 3000 else None


def _month(value: str) -> date | None:
    year_text, _sep, month_text = value.partition("-")
    year = _year(year_text)
    if year is None or not _MONTH.fullmatch(month_text) or not 1 <= int(month_text) <= 12:
        return None
    return date(year, int(month_text), 1)


def parse_period(params, today: date | None = None) -> tuple[Period, str]:
    """The period asked for in ``params`` and an error message ('' when it was fine)."""
    kind = params.get("periode", "")
    if not kind:
        return default_period(today), ""
    period = _parse(kind, params)
    if period is None:
        return default_period(today), _("Deze periode bestaat niet; u ziet de laatste 12 maanden.")
    first, last = months_back(this_month(today), MAX_MONTHS - 1), this_month(today)
    if period.kind in ("kwartaal", "jaar") and period.start <= last and period.end >= first:
        # This quarter or year as far as it has come; the oldest from five years back.
        period = Period(period.kind, max(period.start, first), min(period.end, last))
    if period.start > period.end:
        return default_period(today), _(
            "Het begin van de periode ligt na het eind; u ziet de laatste 12 maanden."
        )
    if period.start < first or period.end > last:
        return default_period(today), _(
            "Kies een periode tussen %(first)s en %(last)s; u ziet de laatste 12 maanden."
        ) % {"first": date_format(first, "F Y"), "last": date_format(last, "F Y")}
    return period, ""


def _parse(kind: str, params) -> Period | None:
    if kind == "maand":
        month = _month(params.get("maand", ""))
        return Period(kind, month, month) if month else None
    if kind == "kwartaal":
        year_text, _sep, quarter = params.get("kwartaal", "").upper().partition("-K")
        year = _year(year_text)
        if year is None or quarter not in {"1", "2", "3", "4"}:
            return None
        start = date(year, 3 * int(quarter) - 2, 1)
        return Period(kind, start, date(start.year, start.month + 2, 1))
    if kind == "jaar":
        year = _year(params.get("jaar", ""))
        if year is None:
            return None
        return Period(kind, date(year, 1, 1), date(year, 12, 1))
    if kind == "eigen":
        start, end = _month(params.get("van", "")), _month(params.get("tot", ""))
        return Period(kind, start, end) if start and end else None
    return None
