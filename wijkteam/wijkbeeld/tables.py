"""The numbers of a chart of the wijk's picture as one table: what the page shows beside the
chart, what the chart draws and what the CSV and Excel downloads hold are this one object, so
they cannot disagree. A number the viewer may not read is carried as its text only ("< 5",
"–", "onbekend") and never as a number."""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wijkteam.wijkbeeld.access import SUPPRESSED_TEXT, Level
from wijkteam.wijkbeeld.reads import Cell

NOT_TOLD = "–"


@dataclass(frozen=True)
class Value:
    """One number of a table: ``number`` None when it is not told, ``shown`` then says why."""

    number: float | int | None
    digits: int = 0
    shown: str = ""

    @property
    def text(self) -> str:
        """As the page writes it: in the page's language, thousands grouped."""
        if self.number is None:
            return self.shown
        return number_format(self.number, self.digits, use_l10n=True, force_grouping=True)

    @property
    def plain(self) -> str:
        """As a Dutch spreadsheet reads it from CSV: a decimal comma, no grouping."""
        if self.number is None:
            return self.shown
        if self.digits:
            return f"{self.number:.{self.digits}f}".replace(".", ",")
        return str(int(self.number))

    @property
    def plotted(self) -> float:
        """What a chart draws: nothing (a gap) for a number that is not told."""
        return float("nan") if self.number is None else float(self.number)


def unknown() -> Value:
    return Value(None, shown=_("onbekend"))


def count_value(cell: Cell) -> Value:
    """A count as the viewer may read it ("< 5" for a small one in a suppressed category)."""
    if cell.value is None:
        return Value(None, shown=SUPPRESSED_TEXT)
    return Value(cell.value)


def rate_value(cell: Cell, population: int | None, *, digits: int = 1) -> Value:
    """A count per 1,000 inhabitants (or households): "–" when the count may not be told,
    "onbekend" when the population is unknown."""
    if not population:
        return unknown()
    if cell.value is None:
        return Value(None, shown=NOT_TOLD)
    return Value(round(cell.value * 1000 / population, digits), digits)


def told_cell(cells: list[Cell], level: Level = Level.EXACT) -> Cell:
    """The total of the cells that may be told (a small suppressed count is not in it): itself
    0 or at least 5, so it never needs hiding."""
    return Cell(sum(cell.value or 0 for cell in cells), level)


def number_value(number: float | int | None, *, digits: int = 0) -> Value:
    return Value(None, shown=NOT_TOLD) if number is None else Value(round(number, digits), digits)


@dataclass
class Row:
    label: str
    values: list[Value]
    depth: int = 0  # 1: a subcategory under the row above
    key: str = ""


@dataclass
class Table:
    """Rows of values under column headers; the first header names the rows."""

    caption: str
    header: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def column(self, index: int) -> list[Value]:
        return [row.values[index] for row in self.rows]

    def as_lists(self, plain: bool = True) -> list[list[str]]:
        """Header and rows as text (``plain``: as CSV writes numbers)."""
        lines = [[self.header, *self.columns]]
        for row in self.rows:
            lines.append([row.label, *[v.plain if plain else v.text for v in row.values]])
        return lines

    def digest_key(self) -> tuple:
        return (
            self.caption,
            self.header,
            tuple(self.columns),
            tuple((row.label, tuple((v.number, v.shown) for v in row.values)) for row in self.rows),
        )
