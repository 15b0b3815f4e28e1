"""What every chart of the wijk's picture is made of: its table (tables.py) and what to draw
(``Plot``), with a title and a description that says in words what it shows. The page, the SVG
(charts.py) and the downloads (exports.py) all read one ``Chart``."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.wijkbeeld.access import SUPPRESSED_TEXT
from wijkteam.wijkbeeld.chart_request import ChartRequest
from wijkteam.wijkbeeld.marks import Mark
from wijkteam.wijkbeeld.reads import Cell, gemeente_population
from wijkteam.wijkbeeld.tables import Table, Value, count_value, rate_value

LINES, STACKED = "lines", "stacked"


@dataclass
class Plot:
    """What a chart draws: one label per table row, and per series one number per row (NaN: a
    gap, for a number that is not told)."""

    kind: str
    labels: list[str]
    series: list[tuple[str, list[float]]]
    axis_label: str
    months: list[date] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    percent: bool = False


@dataclass
class Chart:
    request: ChartRequest
    title: str
    description: str
    table: Table
    plot: Plot


def area_name(area: District | Neighbourhood | None) -> str:
    if area is None:
        return _("alle wijken")
    if isinstance(area, Neighbourhood):
        return _("buurt %(name)s") % {"name": area.name}
    return area.name


def population(area, measure: str) -> int | None:
    """The inhabitants or households the rates are per 1,000 of (None: unknown)."""
    if area is None:
        return gemeente_population(measure)
    return area.inhabitants if measure == "inwoners" else area.households


def unit(measure: str) -> str:
    if measure == "inwoners":
        return _("meldingen per 1.000 inwoners")
    if measure == "huishoudens":
        return _("meldingen per 1.000 huishoudens")
    return _("aantal meldingen")


def measured_value(cell: Cell, measure: str, people: int | None, *, digits: int) -> Value:
    if measure == "aantal":
        return count_value(cell)
    return rate_value(cell, people, digits=digits)


def series_of(table: Table, columns: range) -> list[tuple[str, list[float]]]:
    return [(table.columns[i], [v.plotted for v in table.column(i)]) for i in columns]


def not_told_note(table: Table) -> list[str]:
    if any(
        v.number is None and v.shown == SUPPRESSED_TEXT for row in table.rows for v in row.values
    ):
        return [
            _(
                'Aantallen onder 5 in gevoelige categorieën staan als "< 5" in de tabel, '
                "ontbreken in de grafiek en tellen in geen totaal mee; de andere zijn afgerond "
                "op een vijftal."
            )
        ]
    return []


def described(parts: list[str]) -> str:
    """A chart's description: its sentences, each ending once with a full stop."""
    return ". ".join(part.rstrip(".") for part in parts) + "."
