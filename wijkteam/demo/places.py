"""Where the demo's signals are: a point resolved to its buurt offline (no address service
needed), with the street and number the demo gives it (and its BAG id, from the demo's address
register)."""

from dataclasses import replace

from wijkteam.areas.addresses import register_find
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
    registered = (
        register_find(postcode=postcode, house_number=house_number)
        if postcode and house_number
        else None
    )
    return replace(
        located,
        street=street,
        house_number=house_number,
        postcode=postcode,
        city="Veenendaal" if street else "",
        bag_id=registered.bag_id if registered else "",
    )
