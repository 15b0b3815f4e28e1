"""Where the demo's signals are: a point resolved to its buurt offline (no address service
needed), with the street and number the demo gives it."""

from dataclasses import replace

from wijkteam.signals.locations import LocationInput, ResolvedLocation, location_resolve


def demo_location(
    point: tuple[float, float],
    *,
    street: str = "",
    house_number: int | None = None,
    postcode: str = "",
) -> ResolvedLocation:
    located = location_resolve(
        given=LocationInput(latitude=point[0], longitude=point[1]), client=None
    )
    return replace(
        located,
        street=street,
        house_number=house_number,
        postcode=postcode,
        city="Veenendaal" if street else "",
    )
