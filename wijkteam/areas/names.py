"""The names of the wijken and buurten by id, kept per process for as long as the areas'
version stays (version.py): texts that name a case's buurt (a notification's subject) do not
ask the database for it on every report."""

import threading

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.areas.version import areas_version

_lock = threading.Lock()
_names: dict[str, tuple[str, dict[int, str], dict[int, str]]] = {}


def _current() -> tuple[dict[int, str], dict[int, str]]:
    version = areas_version()
    with _lock:
        known = _names.get("names")
    if known is None or known[0] != version:
        known = (
            version,
            dict(Neighbourhood.objects.values_list("pk", "name")),
            dict(District.objects.values_list("pk", "name")),
        )
        with _lock:
            _names["names"] = known
    return known[1], known[2]


def area_name(*, neighbourhood_id: int | None, district_id: int | None) -> str:
    """The buurt's name, or the wijk's when there is no buurt ("" when neither is known)."""
    neighbourhoods, districts = _current()
    if neighbourhood_id is not None and neighbourhood_id in neighbourhoods:
        return neighbourhoods[neighbourhood_id]
    return districts.get(district_id, "") if district_id is not None else ""
