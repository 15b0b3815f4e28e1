"""Distances between WGS84 points, for "near this spot" questions (tens to hundreds of metres)."""

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_METRES = 6_371_000
METRES_PER_DEGREE_LATITUDE = 111_320


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * asin(sqrt(a))


def bounding_box(latitude: float, longitude: float, metres: float) -> tuple[tuple, tuple]:
    """((lat_min, lat_max), (lon_min, lon_max)) around a point: a cheap index range to narrow
    candidates before measuring the real distance."""
    lat_delta = metres / METRES_PER_DEGREE_LATITUDE
    lon_delta = metres / (METRES_PER_DEGREE_LATITUDE * max(cos(radians(latitude)), 0.01))
    return (
        (latitude - lat_delta, latitude + lat_delta),
        (longitude - lon_delta, longitude + lon_delta),
    )
