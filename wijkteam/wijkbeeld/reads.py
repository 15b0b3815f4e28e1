"""Reading the wijk's picture from the counts the worker keeps (signals/counts.py), with the
aggregate need-to-know rule (access.py) applied before anything leaves this module: a hidden
category is left out, a small count of a suppressed one is told as "< 5" and kept out of every
total, so that no sum or difference tells it."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.kept import kept
from wijkteam.signals.categories import CATEGORIES
from wijkteam.signals.models import Category, SignalMonthCount
from wijkteam.wijkbeeld.access import (
    Level,
    PictureViewer,
    category_level,
    shown,
    told,
)
from wijkteam.wijkbeeld.periods import Period


def main_categories() -> list[Category]:
    """Every main category, in order (kept per process until a category changes: read-only)."""
    return kept(
        CATEGORIES,
        lambda: list(Category.objects.filter(parent__isnull=True).order_by("sort_order", "name")),
        part="picture-main",
    )


def subcategories_by_main() -> dict[int, list[Category]]:
    """Every subcategory, in order, under its main category's id (kept like the above)."""

    def build() -> dict[int, list[Category]]:
        children = defaultdict(list)
        for category in Category.objects.filter(parent__isnull=False).order_by(
            "sort_order", "name"
        ):
            children[category.parent_id].append(category)
        return dict(children)

    return kept(CATEGORIES, build, part="picture-sub")


def visible_main_categories(viewer: PictureViewer) -> list[tuple[Category, Level]]:
    """The main categories the viewer sees, each with how they see it."""
    levelled = [(category, category_level(viewer, category)) for category in main_categories()]
    return [(category, level) for category, level in levelled if level is not Level.HIDDEN]


def counts(period: Period, group_by: tuple[str, ...], **filters) -> dict[tuple, int]:
    """Signals in the period, summed per ``group_by`` (fields of SignalMonthCount)."""
    rows = (
        SignalMonthCount.objects.filter(
            month__gte=period.start, month__lt=period.end_exclusive, **filters
        )
        .values(*group_by)
        .annotate(n=Sum("count"))
        .order_by()
    )
    return {tuple(row[name] for name in group_by): row["n"] for row in rows}


def per_thousand(count: int | None, population: int | None) -> float | None:
    if count is None or not population:
        return None
    return round(count * 1000 / population, 1)


@dataclass
class Cell:
    """One count as the viewer may see it: ``value`` is None when it may not be told."""

    count: int
    level: Level

    @property
    def value(self) -> int | None:
        return told(self.count, self.level)

    @property
    def text(self) -> str:
        return shown(self.count, self.level)


@dataclass
class Line:
    """A row of a table: a label and one cell per column, with the total of what may be told."""

    key: object
    label: str
    level: Level
    cells: list[Cell] = field(default_factory=list)

    @property
    def total(self) -> Cell:
        """The sum of all the cells, told as any count is: "< 5" or rounded to a multiple of 5
        in a suppressed category, where no month of it can be found from it."""
        return Cell(sum(cell.count for cell in self.cells), self.level)

    @property
    def values(self) -> list[int | None]:
        return [cell.value for cell in self.cells]


def told_total(cells: list[Cell]) -> int:
    """The sum of the cells that may be told: a small suppressed count is not in it."""
    return sum(cell.value or 0 for cell in cells)


def area_filter(area: District | Neighbourhood) -> dict[str, int]:
    if isinstance(area, Neighbourhood):
        return {"neighbourhood_id": area.pk}
    return {"district_id": area.pk}


def monthly_lines(
    area: District | Neighbourhood | None, period: Period, viewer: PictureViewer
) -> tuple[list[date], list[Line]]:
    """Per main category the viewer sees, its count in each month of the period (the whole
    gemeente when ``area`` is None)."""
    months = period.months
    found = counts(
        period, ("main_category_id", "month"), **(area_filter(area) if area is not None else {})
    )
    lines = []
    for category, level in visible_main_categories(viewer):
        cells = [Cell(found.get((category.pk, month), 0), level) for month in months]
        lines.append(Line(category, category.display_name, level, cells))
    return months, lines


def subcategory_lines(
    area: District | Neighbourhood, period: Period, viewer: PictureViewer
) -> list[tuple[Line, list[Line]]]:
    """Per main category the viewer sees, its subcategories with their counts in the period
    (one cell each)."""
    found = counts(period, ("category_id",), **area_filter(area))
    children = subcategories_by_main()
    result = []
    for main, level in visible_main_categories(viewer):
        subs = [
            Line(sub, sub.display_name, level, [Cell(found.get((sub.pk,), 0), level)])
            for sub in children.get(main.pk, [])
        ]
        # What the subcategories tell, not their real sum: a hidden small one would be its
        # difference with the sum.
        main_line = Line(
            main, main.display_name, level, [Cell(sum(s.cells[0].count for s in subs), level)]
        )
        result.append((main_line, subs))
    return result


def area_lines(
    areas: list[District] | list[Neighbourhood], period: Period, viewer: PictureViewer
) -> tuple[list[tuple[Category, Level]], list[tuple[object, list[Cell]]]]:
    """Per area (all wijken, or the buurten of a wijk), its count per main category the viewer
    sees in the period: the comparison of wijken side by side."""
    by = "neighbourhood_id" if areas and isinstance(areas[0], Neighbourhood) else "district_id"
    found = counts(period, (by, "main_category_id"), **{f"{by}__in": [a.pk for a in areas]})
    columns = visible_main_categories(viewer)
    rows = [
        (area, [Cell(found.get((area.pk, category.pk), 0), level) for category, level in columns])
        for area in areas
    ]
    return columns, rows


def chosen_monthly_lines(
    area: District | Neighbourhood | None,
    period: Period,
    viewer: PictureViewer,
    chosen: Sequence[Category],
) -> tuple[list[date], list[Line]]:
    """Like ``monthly_lines``, for the chosen categories (main or sub, their parents loaded)
    the viewer sees, in the order chosen: at most two queries."""
    months = period.months
    where = area_filter(area) if area is not None else {}
    mains = [category.pk for category in chosen if category.parent_id is None]
    subs = [category.pk for category in chosen if category.parent_id is not None]
    found: dict[tuple, int] = {}
    if mains:
        found |= counts(period, ("main_category_id", "month"), main_category_id__in=mains, **where)
    if subs:
        found |= counts(period, ("category_id", "month"), category_id__in=subs, **where)
    lines = []
    for category in chosen:
        level = category_level(viewer, category.parent or category)
        if level is Level.HIDDEN:
            continue
        label = category.display_full_name
        cells = [Cell(found.get((category.pk, month), 0), level) for month in months]
        lines.append(Line(category, label, level, cells))
    return months, lines


def gemeente_population(measure: str) -> int | None:
    """All wijken's inhabitants (``measure`` "inwoners") or households together; None when a
    wijk's figure is unknown (a sum without it would make every rate too high)."""
    name = "inhabitants" if measure == "inwoners" else "households"
    found = District.objects.aggregate(
        total=Sum(name), missing=Count("pk", filter=Q(**{name: None}))
    )
    return None if found["missing"] or not found["total"] else found["total"]
