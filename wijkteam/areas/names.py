"""The names of the wijken and buurten by id, kept per process for as long as the areas'
version stays (version.py): texts that name a case's buurt (a notification's subject) do not
ask the database for it on every report."""

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.areas.version import AREAS
from wijkteam.core.kept import kept


def _names() -> tuple[dict[int, str], dict[int, str]]:
    return (
        dict(Neighbourhood.objects.values_list("pk", "name")),
        dict(District.objects.values_list("pk", "name")),
    )


def area_name(*, neighbourhood_id: int | None, district_id: int | None) -> str:
    """The buurt's name, or the wijk's when there is no buurt ("" when neither is known)."""
    neighbourhoods, districts = kept(AREAS, _names, part="names")
    if neighbourhood_id is not None and neighbourhood_id in neighbourhoods:
        return neighbourhoods[neighbourhood_id]
    return districts.get(district_id, "") if district_id is not None else ""
