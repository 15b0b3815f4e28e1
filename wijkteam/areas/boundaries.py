"""A wijk's or buurt's boundary stays where it is used: the map's data, the point-to-buurt
resolver and the import (this app), the wijk's picture's own map and the API's resource of an
area (tests/boundaries.py names them). Everywhere else a wijk
and a buurt are their code and name. A real CBS boundary is kilobytes of GeoJSON (a large buurt
~45 KB); read along with every row of a list, its polygons were parsed again for each row
(tests/areas/test_boundaries_stay_in_place.py)."""

from collections.abc import Iterator

from django.db.models import Model, QuerySet

from wijkteam.areas.models import Area

BOUNDARY = "geometry"


def without_boundaries(queryset: QuerySet) -> QuerySet:
    """The queryset without the boundary of the wijk or buurt it reads, itself or along its
    ``select_related`` (call it after ``select_related``)."""
    deferred = [BOUNDARY] if issubclass(queryset.model, Area) else []
    along = queryset.query.select_related
    if isinstance(along, dict):
        deferred += _boundaries_along(queryset.model, along, "")
    return queryset.defer(*deferred) if deferred else queryset


def _boundaries_along(model: type[Model], tree: dict, prefix: str) -> Iterator[str]:
    for name, further in tree.items():
        related = model._meta.get_field(name).related_model
        path = f"{prefix}{name}"
        if issubclass(related, Area):
            yield f"{path}__{BOUNDARY}"
        if further:
            yield from _boundaries_along(related, further, f"{path}__")
