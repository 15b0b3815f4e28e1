"""Point (WGS84 lat/lon) → buurt and wijk.

The boundaries live in the database as GeoJSON; lookups go through an in-memory STRtree (a
spatial index) over the buurt polygons, built once per process and rebuilt when the boundaries
change (reference data kept per process on the areas' version, core/kept.py, which asks the
database at most every few seconds). A bulk call resolves many points with one index query.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.areas.version import AREAS
from wijkteam.core.kept import kept


@dataclass(frozen=True)
class AreaMatch:
    district_id: int
    district_code: str
    neighbourhood_id: int | None
    neighbourhood_code: str | None


@dataclass
class _Index:
    tree: shapely.STRtree
    matches: list[AreaMatch]


def _build() -> _Index:
    geometries, matches = [], []
    # Buurten first: a point inside a buurt gets the buurt; the wijk polygons after them catch
    # points in a wijk whose buurten are not (all) known.
    for pk, code, district_id, district_code, geometry in Neighbourhood.objects.exclude(
        geometry=None
    ).values_list("pk", "code", "district_id", "district__code", "geometry"):
        geometries.append(shape(geometry))
        matches.append(AreaMatch(district_id, district_code, pk, code))
    for pk, code, geometry in District.objects.exclude(geometry=None).values_list(
        "pk", "code", "geometry"
    ):
        geometries.append(shape(geometry))
        matches.append(AreaMatch(pk, code, None, None))
    for geometry in geometries:
        shapely.prepare(geometry)
    return _Index(tree=shapely.STRtree(geometries), matches=matches)


def _index() -> _Index:
    return kept(AREAS, _build, part="index")


def resolve_points(points: Sequence[tuple[float, float]]) -> list[AreaMatch | None]:
    """Resolve (lat, lon) pairs to their buurt and wijk; None where no known area contains it."""
    if not points:
        return []
    index = _index()
    if not index.matches:
        return [None] * len(points)
    geometries = shapely.points([(lon, lat) for lat, lon in points])
    point_idx, area_idx = index.tree.query(geometries, predicate="intersects")
    best = np.full(len(points), np.iinfo(np.int64).max, dtype=np.int64)
    # The lowest area index wins: buurten come before wijken, and a point on the shared edge of
    # two buurten deterministically gets the first.
    np.minimum.at(best, point_idx, area_idx)
    return [index.matches[int(i)] if i != np.iinfo(np.int64).max else None for i in best]


def resolve_point(lat: float, lon: float) -> AreaMatch | None:
    """The buurt and wijk containing the WGS84 point (lat, lon), or None."""
    return resolve_points([(lat, lon)])[0]
