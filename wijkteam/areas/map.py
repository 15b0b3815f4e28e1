"""The gemeente's wijken and buurten as map data for every map in the product.

The boundaries come from our own area data, so a map works without tiles (and without
internet): the lines and the buurt names are enough to point at the right spot. The pages draw
them with one script, areas/area-map.js.
"""

from typing import Any

import shapely
from django.conf import settings
from django.core.cache import cache
from shapely.geometry import mapping, shape

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.areas.version import areas_version

# About two metres: the map looks the same, the page carries a fraction of the vertices.
SIMPLIFY_DEGREES = 0.00002
# The boundaries change a few times a year; a changed boundary gets a new key at once.
CACHE_SECONDS = 24 * 3600


def _simplified(geometry: dict[str, Any]) -> dict[str, Any]:
    simple = shapely.simplify(shape(geometry), SIMPLIFY_DEGREES, preserve_topology=True)
    return mapping(shapely.set_precision(simple, 1e-6))


def _build() -> dict[str, Any]:
    districts = list(District.objects.exclude(geometry=None).order_by("code"))
    neighbourhoods = list(
        Neighbourhood.objects.exclude(geometry=None).select_related("district").order_by("code")
    )
    return {
        "districts": [
            {"code": d.code, "name": d.name, "geometry": _simplified(d.geometry)} for d in districts
        ],
        "neighbourhoods": [
            {
                "code": n.code,
                "name": n.name,
                "district": n.district.name,
                "district_code": n.district.code,
                "geometry": _simplified(n.geometry),
            }
            for n in neighbourhoods
        ],
        "approximate": any(a.is_approximate for a in [*districts, *neighbourhoods]),
    }


def areas_map_data() -> dict[str, Any]:
    """Every wijk and buurt with a boundary: ``districts`` and ``neighbourhoods`` (code, name,
    simplified GeoJSON geometry; a buurt also its wijk's name and code), and ``approximate``
    when any boundary is not an official one.

    Cached, keyed on the areas' version (version.py), so a form view does not read and
    simplify every boundary. Returns a new dict
    each call: callers may add their own keys."""
    key = f"areas:map:{areas_version()}"
    data = cache.get(key)
    if data is None:
        data = _build()
        cache.set(key, data, CACHE_SECONDS)
    return {**data}


def map_tiles() -> dict[str, str]:
    """The background tiles for area-map.js: ``url`` (empty: no tiles) and ``attribution``."""
    return {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION}
