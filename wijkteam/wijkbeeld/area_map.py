"""A wijk's buurten drawn on the server as an inline SVG map: each buurt coloured by a count (a
choropleth) and, where the viewer may see them, spots as circles sized by their count.

No tiles and no script: the page works without JavaScript and prints as it is. The outline of a
wijk (its buurten projected to the picture's plane) is built once per process and kept until
the areas change (core/kept.py). Colours and sizes are presentation attributes (``fill="..."``),
never ``style``: the Content-Security-Policy forbids inline styles, in SVG too.

The projection is equirectangular around the wijk's middle latitude (longitude shrunk by its
cosine): at the size of a wijk it is indistinguishable from Web Mercator."""

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.areas.version import AREAS
from wijkteam.core.kept import kept

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 640.0
MAX_HEIGHT = 560.0
PADDING = 12.0
LEGEND_HEIGHT = 66.0
# The width of a digit of the legend's text (font size 12), with room to spare.
LEGEND_CHARACTER = 8
# About two metres: the map looks the same, the page carries a fraction of the vertices.
SIMPLIFY_DEGREES = 0.00002
# A sequential palette (ColorBrewer Blues), light to dark: no count to most.
SHADES = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
BOUNDARY = "#1a1a1a"
SPOT_FILL = "#e6550d"
SPOT_RADIUS = (2.5, 11.0)


@dataclass(frozen=True)
class Projection:
    """From lon/lat (WGS84) to the picture's plane, y pointing down."""

    min_lon: float
    max_lat: float
    x_scale: float
    y_scale: float

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            PADDING + (lon - self.min_lon) * self.x_scale,
            PADDING + (self.max_lat - lat) * self.y_scale,
        )


@dataclass(frozen=True)
class AreaShape:
    """One buurt as the map draws it: its path (empty without a boundary) and a point inside
    it for its name."""

    pk: int
    code: str
    name: str
    path: str
    label_at: tuple[float, float] | None


@dataclass(frozen=True)
class Outline:
    """A wijk's buurten projected to the picture: every buurt of the wijk, in name order."""

    width: float
    height: float
    projection: Projection | None
    shapes: tuple[AreaShape, ...]
    approximate: bool

    @property
    def drawable(self) -> bool:
        return self.projection is not None and any(shape.path for shape in self.shapes)


@dataclass(frozen=True)
class MapSpot:
    """A spot to mark: where (lon/lat), its count and its name ("Kerkewijk (Engelenburg)")."""

    lon: float
    lat: float
    count: int
    title: str


def _polygons(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


def _path(geometry, projection: Projection) -> str:
    parts = []
    for polygon in _polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            points = [projection.point(lon, lat) for lon, lat, *_ in ring.coords]
            if len(points) < 3:
                continue
            moves = " ".join(f"{x:.1f},{y:.1f}" for x, y in points[:-1])
            parts.append(f"M{moves}Z")
    return "".join(parts)


def _projection(geometries: list) -> tuple[Projection, float]:
    min_lon, min_lat, max_lon, max_lat = shapely.total_bounds(geometries)
    shrink = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * shrink, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = min((WIDTH - 2 * PADDING) / span_x, (MAX_HEIGHT - 2 * PADDING) / span_y)
    height = span_y * scale + 2 * PADDING
    return Projection(min_lon, max_lat, scale * shrink, scale), height


def _build_outline(district_id: int) -> Outline:
    buurten = list(
        Neighbourhood.objects.filter(district_id=district_id)
        .only("id", "code", "name", "geometry", "boundary_source")
        .order_by("name", "code")
    )
    geometries = {}
    for buurt in buurten:
        if buurt.geometry:
            geometries[buurt.pk] = shapely.simplify(
                shape(buurt.geometry), SIMPLIFY_DEGREES, preserve_topology=True
            )
    if not geometries:
        shapes = tuple(AreaShape(b.pk, b.code, b.name, "", None) for b in buurten)
        approximate = any(b.is_approximate for b in buurten)
        return Outline(WIDTH, 0.0, None, shapes, approximate)
    projection, height = _projection(list(geometries.values()))
    shapes = []
    for buurt in buurten:
        geometry = geometries.get(buurt.pk)
        if geometry is None:
            shapes.append(AreaShape(buurt.pk, buurt.code, buurt.name, "", None))
            continue
        inside = geometry.representative_point()
        shapes.append(
            AreaShape(
                buurt.pk,
                buurt.code,
                buurt.name,
                _path(geometry, projection),
                projection.point(inside.x, inside.y),
            )
        )
    approximate = any(b.is_approximate for b in buurten if b.pk in geometries)
    return Outline(WIDTH, height, projection, tuple(shapes), approximate)


def district_outline(district: District) -> Outline:
    """The wijk's buurten as the map draws them, kept per process until the areas change."""
    return kept(AREAS, lambda: _build_outline(district.pk), part=f"wijkbeeld-outline:{district.pk}")


def shade_bins(highest: int) -> list[tuple[int, int]]:
    """The classes of the legend, as (lowest, highest) counts: none, then up to four classes of
    equal width up to the highest count."""
    if highest <= 0:
        return [(0, 0)]
    step = math.ceil(highest / (len(SHADES) - 1))
    bins = [(0, 0)]
    for index in range(len(SHADES) - 1):
        low = index * step + 1
        if low > highest:
            break
        bins.append((low, (index + 1) * step))
    return bins


def shade_of(value: int, bins: list[tuple[int, int]]) -> str:
    for index, (low, high) in enumerate(bins):
        if low <= value <= high:
            return SHADES[index]
    return SHADES[len(bins) - 1]


def bin_label(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(
        parent, tag, {name.rstrip("_").replace("_", "-"): str(v) for name, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _legend(svg: ET.Element, top: float, bins, legend_title: str, spot_note: str) -> None:
    """The classes in a row below the map (each as wide as its label needs), the spots' mark
    on a row of its own."""
    group = _element(svg, "g", font_size="12", fill="#1a1a1a")
    _element(group, "text", legend_title, x=PADDING, y=top + 12)
    x = PADDING
    for index, (low, high) in enumerate(bins):
        label = bin_label(low, high)
        _element(
            group,
            "rect",
            x=f"{x:.0f}",
            y=top + 20,
            width=26,
            height=16,
            fill=SHADES[index],
            stroke=BOUNDARY,
            stroke_width="0.75",
        )
        _element(group, "text", label, x=f"{x + 32:.0f}", y=top + 33)
        x += 32 + LEGEND_CHARACTER * len(label) + 20
    if spot_note:
        _element(
            group,
            "circle",
            cx=PADDING + 13,
            cy=top + 52,
            r=7,
            fill=SPOT_FILL,
            fill_opacity="0.7",
            stroke="#000",
            stroke_width="0.75",
        )
        _element(group, "text", spot_note, x=PADDING + 32, y=top + 57)


def choropleth_svg(
    outline: Outline,
    *,
    values: dict[int, int],
    area_titles: dict[int, str],
    spots: list[MapSpot],
    title: str,
    description: str,
    legend_title: str,
    spot_note: str = "",
    element_id: str = "kaart",
) -> str:
    """The map as SVG markup: every buurt with a boundary filled by its class of ``values``
    (buurt pk → count; missing: 0) with ``area_titles`` as its tooltip, the spots on top, and
    a legend below. ``title`` and ``description`` name the picture for assistive technology
    (the numbers themselves belong in a table beside it)."""
    bins = shade_bins(max(values.values(), default=0))
    height = outline.height + (LEGEND_HEIGHT if spots else LEGEND_HEIGHT - 20)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {outline.width:.0f} {height:.0f}",
            "role": "img",
            "aria-labelledby": f"{element_id}-title {element_id}-desc",
            "class": "area-map",
            "font-family": "system-ui, sans-serif",
        },
    )
    _element(svg, "title", title, id=f"{element_id}-title")
    _element(svg, "desc", description, id=f"{element_id}-desc")
    areas = _element(svg, "g", stroke=BOUNDARY, stroke_width="1", stroke_linejoin="round")
    for area in outline.shapes:
        if not area.path:
            continue
        path = _element(
            areas,
            "path",
            d=area.path,
            fill=shade_of(values.get(area.pk, 0), bins),
            fill_rule="evenodd",
        )
        _element(path, "title", area_titles.get(area.pk, area.name))
    if spots and outline.projection is not None:
        _spots(svg, outline.projection, spots)
    # The names last: on top of the spots, readable on any colour by their white halo.
    names = _element(
        svg,
        "g",
        font_size="11",
        text_anchor="middle",
        fill="#1a1a1a",
        stroke="#ffffff",
        stroke_width="3",
        paint_order="stroke",
        stroke_linejoin="round",
    )
    for area in outline.shapes:
        if area.label_at is not None:
            x, y = area.label_at
            _element(names, "text", area.name, x=f"{x:.1f}", y=f"{y:.1f}")
    _legend(svg, outline.height, bins, legend_title, spot_note if spots else "")
    return ET.tostring(svg, encoding="unicode")


def _spots(svg: ET.Element, projection: Projection, spots: list[MapSpot]) -> None:
    group = _element(
        svg, "g", fill=SPOT_FILL, fill_opacity="0.7", stroke="#000", stroke_width="0.75"
    )
    highest = max(spot.count for spot in spots) or 1
    smallest, largest = SPOT_RADIUS
    # Largest first: a small spot is drawn on top of a large one, never hidden under it.
    for spot in sorted(spots, key=lambda s: -s.count):
        x, y = projection.point(spot.lon, spot.lat)
        radius = smallest + (largest - smallest) * math.sqrt(spot.count / highest)
        circle = _element(group, "circle", cx=f"{x:.1f}", cy=f"{y:.1f}", r=f"{radius:.1f}")
        _element(circle, "title", spot.title)
