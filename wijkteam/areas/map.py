"""The gemeente's wijken and buurten as map data for the pages where staff point at a place.

The boundaries come from our own area data, so such a map works without tiles (and without
internet): the lines and the buurt names are enough to point at the right spot.
"""

from typing import Any

import shapely
from shapely.geometry import mapping, shape

from wijkteam.areas.models import District, Neighbourhood

# About two metres: the map looks the same, the page carries a fraction of the vertices.
SIMPLIFY_DEGREES = 0.00002


def _simplified(geometry: dict[str, Any]) -> dict[str, Any]:
    simple = shapely.simplify(shape(geometry), SIMPLIFY_DEGREES, preserve_topology=True)
    return mapping(shapely.set_precision(simple, 1e-6))


def areas_map_data() -> dict[str, Any]:
    """Every wijk and buurt with a boundary: ``districts`` and ``neighbourhoods`` (code, name,
    GeoJSON geometry), and ``approximate`` when any boundary is not an official one."""
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
                "geometry": _simplified(n.geometry),
            }
            for n in neighbourhoods
        ],
        "approximate": any(a.is_approximate for a in [*districts, *neighbourhoods]),
    }
