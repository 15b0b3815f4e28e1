"""Where a wijk's signals cluster: counts per buurt (for everyone who may open the picture) and
per spot (for the wijk's team, in the categories its whole team sees), each with the count of
the equal period before and the trend between them.

Read from the kept counts only, in a fixed number of queries whatever the period; the
aggregate rule (access.py) is applied here, before anything leaves: a small count of a
suppressed category per buurt is told as "< 5" and kept out of every total and trend."""

from dataclasses import dataclass, field

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.areas.models import District
from wijkteam.signals.counts import SPOT_CELLS_PER_DEGREE
from wijkteam.signals.models import SignalMonthCount, SignalSpotMonthCount
from wijkteam.wijkbeeld.access import Level, PictureViewer, sees_spots
from wijkteam.wijkbeeld.area_map import MapSpot, Outline
from wijkteam.wijkbeeld.chosen_categories import Selection
from wijkteam.wijkbeeld.periods import Period, months_back
from wijkteam.wijkbeeld.reads import Cell, told_total

TOP_AREAS = 5
TOP_SPOTS = 10
# The busiest spots drawn on the map; more would hide the buurten under them.
MAP_SPOTS = 60


def period_before(period: Period) -> Period:
    """The period of equal length that ends just before ``period``."""
    length = len(period.months)
    return Period(period.kind, months_back(period.start, length), months_back(period.start, 1))


@dataclass(frozen=True)
class Trend:
    """The change from the period before to this one."""

    now: int
    before: int

    @property
    def percent(self) -> int | None:
        """The change in whole percents (half away from zero); None when there was nothing
        before to compare with."""
        if self.before == 0:
            return None
        change = (self.now - self.before) * 100 / self.before
        rounded = int(abs(change) + 0.5)
        return rounded if change >= 0 else -rounded

    @property
    def direction(self) -> str:
        if self.now == self.before:
            return "same"
        if self.before == 0:
            return "new"
        return "up" if self.now > self.before else "down"

    @property
    def arrow(self) -> str:
        return {"same": "=", "new": "↑", "up": "↑", "down": "↓"}[self.direction]

    @property
    def text(self) -> str:
        """What the eye reads: "↑ 25%", "↓ 10%", "=", "↑ nieuw"."""
        if self.direction == "same":
            return "="
        if self.direction == "new":
            return _("↑ nieuw")
        return f"{self.arrow} {abs(self.percent)}%"

    @property
    def words(self) -> str:
        """What a screen reader says instead of the arrow."""
        if self.direction == "same":
            return _("evenveel als de periode ervoor")
        if self.direction == "new":
            return _("de periode ervoor geen meldingen")
        if self.direction == "up":
            return _("%(percent)s%% meer dan de periode ervoor") % {"percent": abs(self.percent)}
        return _("%(percent)s%% minder dan de periode ervoor") % {"percent": abs(self.percent)}


@dataclass
class AreaRow:
    """A buurt (or the signals without one) with a cell per chosen main category, now and in
    the period before."""

    pk: int | None
    code: str
    name: str
    cells: list[Cell]
    cells_before: list[Cell]

    @property
    def told(self) -> int:
        return told_total(self.cells)

    @property
    def told_before(self) -> int:
        return told_total(self.cells_before)

    @property
    def has_untold(self) -> bool:
        """A count in it is told as "< 5" and so not in its total."""
        return any(cell.value is None for cell in self.cells)

    @property
    def trend(self) -> Trend:
        return Trend(self.told, self.told_before)


@dataclass(frozen=True)
class SpotRow:
    """A street within a buurt with its signals now and in the period before."""

    street: str
    buurt: str
    now: int
    before: int

    @property
    def name(self) -> str:
        street = self.street or _("Plek zonder straatnaam")
        return f"{street} ({self.buurt})"

    @property
    def trend(self) -> Trend:
        return Trend(self.now, self.before)


@dataclass
class Hotspots:
    period: Period
    before: Period
    mains: list[tuple[object, Level]]
    areas: list[AreaRow]
    spots_shown: bool
    spot_categories: list = field(default_factory=list)
    top_spots: list[SpotRow] = field(default_factory=list)
    map_spots: list[MapSpot] = field(default_factory=list)

    @property
    def top_areas(self) -> list[AreaRow]:
        ranked = sorted(
            (row for row in self.areas if row.told > 0),
            key=lambda row: (-row.told, row.name),
        )
        return ranked[:TOP_AREAS]

    @property
    def has_untold(self) -> bool:
        return any(row.has_untold for row in self.areas)

    @property
    def told(self) -> int:
        return sum(row.told for row in self.areas)


def _now_and_before(period: Period):
    return {
        "now": Coalesce(Sum("count", filter=Q(month__gte=period.start)), 0),
        "before": Coalesce(Sum("count", filter=Q(month__lt=period.start)), 0),
    }


def _area_rows(
    district: District, outline: Outline, period: Period, before: Period, selection: Selection
) -> list[AreaRow]:
    found = {}
    rows = (
        SignalMonthCount.objects.filter(
            district_id=district.pk,
            month__gte=before.start,
            month__lt=period.end_exclusive,
            **selection.count_filter(),
        )
        .values("neighbourhood_id", "main_category_id")
        .annotate(**_now_and_before(period))
        .order_by()
    )
    for row in rows:
        found[(row["neighbourhood_id"], row["main_category_id"])] = (row["now"], row["before"])

    def area(pk, code, name) -> AreaRow:
        pairs = [(found.get((pk, main.pk), (0, 0)), level) for main, level in selection.mains]
        return AreaRow(
            pk,
            code,
            name,
            [Cell(now, level) for (now, _before), level in pairs],
            [Cell(earlier, level) for (_now, earlier), level in pairs],
        )

    areas = [area(shape.pk, shape.code, shape.name) for shape in outline.shapes]
    elsewhere = area(None, "", _("Buurt onbekend"))
    if elsewhere.told or elsewhere.told_before or elsewhere.has_untold:
        areas.append(elsewhere)
    return areas


def _spots(district: District, period: Period, before: Period, spot_filter: dict):
    return SignalSpotMonthCount.objects.filter(
        district_id=district.pk,
        month__gte=before.start,
        month__lt=period.end_exclusive,
        **spot_filter,
    )


def _spot_rows(
    district: District, outline: Outline, period: Period, before: Period, spot_filter: dict
) -> tuple[list[SpotRow], list[MapSpot]]:
    names = {shape.pk: shape.name for shape in outline.shapes}
    by_street = (
        _spots(district, period, before, spot_filter)
        .values("street", "neighbourhood_id")
        .annotate(**_now_and_before(period))
        .filter(now__gt=0)
        .order_by("-now", "street", "neighbourhood_id")[:TOP_SPOTS]
    )
    top = [
        SpotRow(
            row["street"],
            names.get(row["neighbourhood_id"], _("buurt onbekend")),
            row["now"],
            row["before"],
        )
        for row in by_street
    ]
    by_cell = (
        _spots(district, period, before, spot_filter)
        .filter(month__gte=period.start)
        .values("cell_lat", "cell_lon", "street", "neighbourhood_id")
        .annotate(now=Sum("count"))
        .order_by("-now", "cell_lat", "cell_lon", "street")[:MAP_SPOTS]
    )
    marks = []
    for row in by_cell:
        street = row["street"] or _("Plek zonder straatnaam")
        place = f"{street} ({names.get(row['neighbourhood_id'], _('buurt onbekend'))})"
        marks.append(
            MapSpot(
                lon=(row["cell_lon"] + 0.5) / SPOT_CELLS_PER_DEGREE,
                lat=(row["cell_lat"] + 0.5) / SPOT_CELLS_PER_DEGREE,
                count=row["now"],
                title=ngettext(
                    "%(place)s: %(count)s melding", "%(place)s: %(count)s meldingen", row["now"]
                )
                % {"place": place, "count": row["now"]},
            )
        )
    return top, marks


def district_hotspots(
    district: District,
    outline: Outline,
    period: Period,
    selection: Selection,
    viewer: PictureViewer,
    *,
    team_id: int | None,
) -> Hotspots:
    """The wijk's buurten with their counts and trend in the chosen categories, and, for who
    may see them, its busiest spots (two queries more)."""
    before = period_before(period)
    areas = _area_rows(district, outline, period, before, selection)
    spot_categories = [
        category
        for category, _level in selection.mains
        if sees_spots(viewer, category, team_id=team_id)
    ]
    hotspots = Hotspots(period, before, selection.mains, areas, bool(spot_categories))
    if spot_categories:
        spot_filter = {"main_category_id__in": [category.pk for category in spot_categories]}
        if selection.category_ids is not None:
            spot_filter["category_id__in"] = sorted(selection.category_ids)
        hotspots.spot_categories = spot_categories
        hotspots.top_spots, hotspots.map_spots = _spot_rows(
            district, outline, period, before, spot_filter
        )
    return hotspots
