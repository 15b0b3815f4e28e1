"""Where a signal is: an address (looked up in the BAG through PDOK's Locatieserver) or a point
(map or GPS), resolved to buurt and wijk against the imported boundaries.

Addresses are looked up in the local address register first (areas.RegisteredAddress, imported
from the BAG with ``manage.py import_addresses``) and only then at PDOK. The register answers in
a millisecond, without a network and the same way whether or not PDOK is up; PDOK covers what
the register lacks (an address built since the last import, or no register at all). PDOK being
unreachable never loses a signal: a point is resolved offline; an address that is neither in the
register nor checkable is kept and flagged for staff to check.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from wijkteam.areas.addresses import (
    postcode_outside_register,
    register_find,
    register_find_by_street,
)
from wijkteam.areas.models import Neighbourhood, RegisteredAddress
from wijkteam.areas.resolve import AreaMatch, resolve_point
from wijkteam.core.errors import DomainError
from wijkteam.signals.models import LocationStatus
from wijkteam.signals.pdok import Address, LocatieserverClient, LocationServiceUnavailable

logger = logging.getLogger(__name__)
POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


class AddressNotFound(DomainError):
    """The address service answered, and the address does not exist."""


@dataclass(frozen=True)
class LocationInput:
    """What a door collected about the place. Any combination may be empty."""

    latitude: float | None = None
    longitude: float | None = None
    postcode: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    street: str = ""
    city: str = ""
    note: str = ""

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def has_address(self) -> bool:
        return bool((self.postcode and self.house_number) or self.street)


@dataclass(frozen=True)
class ResolvedLocation:
    status: LocationStatus
    latitude: float | None = None
    longitude: float | None = None
    street: str = ""
    house_number: int | None = None
    house_number_addition: str = ""
    postcode: str = ""
    city: str = ""
    bag_id: str = ""
    district_id: int | None = None
    neighbourhood_id: int | None = None
    note: str = ""

    def signal_fields(self) -> dict:
        """The fields of a signal that say where it is, for this place."""
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "street": self.street,
            "house_number": self.house_number,
            "house_number_addition": self.house_number_addition,
            "postcode": self.postcode,
            "city": self.city,
            "bag_id": self.bag_id,
            "location_note": self.note,
            "location_status": self.status,
            "district_id": self.district_id,
            "neighbourhood_id": self.neighbourhood_id,
        }


def normalise_postcode(value: str) -> str:
    """'3901 hc' → '3901HC'; anything else is returned stripped and upper-cased."""
    match = POSTCODE.match(value or "")
    return f"{match.group(1)}{match.group(2).upper()}" if match else (value or "").strip().upper()


def display_postcode(value: str) -> str:
    """'3901hc' → '3901 HC', as a resident writes it."""
    normal = normalise_postcode(value)
    return f"{normal[:4]} {normal[4:]}" if POSTCODE.match(normal) else normal


def registered_address(found: RegisteredAddress) -> Address:
    """A register entry in the shape PDOK's answers have, so that both are placed alike."""
    return Address(
        id=f"adr-register-{found.bag_id}",
        display_name=str(found),
        street=found.street,
        house_number=found.house_number,
        house_letter=found.house_letter,
        house_number_addition=found.house_number_addition,
        postcode=found.postcode,
        city=found.city,
        municipality_code="",
        bag_id=found.bag_id,
        neighbourhood_code=found.neighbourhood.code if found.neighbourhood else "",
        district_code="",
        latitude=found.latitude,
        longitude=found.longitude,
    )


def _register_address(given: LocationInput) -> Address | None:
    if given.postcode and given.house_number:
        found = register_find(
            postcode=normalise_postcode(given.postcode),
            house_number=given.house_number,
            addition=given.house_number_addition,
        )
    else:
        text = " ".join(part for part in (given.street, given.city) if part)
        found = register_find_by_street(text=text)
    return registered_address(found) if found is not None else None


def _lookup_address(given: LocationInput, client: LocatieserverClient) -> Address | None:
    municipality = getattr(settings, "WIJKTEAM_MUNICIPALITY_CODE", None)
    if given.postcode and given.house_number:
        return client.find_by_postcode(
            postcode=normalise_postcode(given.postcode),
            house_number=given.house_number,
            addition=given.house_number_addition,
        )
    text = " ".join(part for part in (given.street, given.city) if part)
    return client.search(text=text, municipality_code=municipality)


def address_not_found(given: LocationInput) -> AddressNotFound:
    """PDOK answered that the address does not exist."""
    return AddressNotFound(
        _(
            "Dit adres kunnen we niet vinden. Controleer de postcode en het "
            "huisnummer, of wijs de plek aan op de kaart."
        ),
        field="postcode" if given.postcode else "street",
    )


def outside_gemeente(postcode: str) -> DomainError:
    """An address that could not be checked, whose postcode area the register does not know."""
    return DomainError(
        _(
            "Postcode %(postcode)s ligt niet in de gemeente. Het wijkteam behandelt alleen "
            "meldingen in de gemeente: controleer de postcode, of wijs de plek aan op de "
            "kaart."
        )
        % {"postcode": display_postcode(postcode)},
        field="postcode",
    )


def location_resolve(
    *, given: LocationInput, client: LocatieserverClient | None
) -> ResolvedLocation:
    """Resolve what a door collected: an address from the local register, else from PDOK.
    Raises AddressNotFound when PDOK says the address does not exist, and DomainError when an
    address that could not be checked has a postcode the register shows is outside the
    gemeente; never raises for an unreachable PDOK. With ``client`` None it works offline
    (as when PDOK is down), e.g. for the rest of a bulk import once PDOK has failed."""
    address: Address | None = None
    if given.has_address:
        address = _register_address(given)
    if address is None and given.has_address and client is not None:
        try:
            address = _lookup_address(given, client)
        except LocationServiceUnavailable as error:
            logger.warning("Locatieserver unavailable, continuing offline: %s", error)
        else:
            if address is None:
                raise address_not_found(given)

    if (
        address is None
        and given.postcode
        and not given.has_point
        and postcode_outside_register(normalise_postcode(given.postcode))
    ):
        # Unchecked, but the register knows the gemeente's postcode areas: this one is not
        # among them. Better to say so now than to file a report no wijkteam can handle.
        raise outside_gemeente(given.postcode)

    latitude, longitude = location_point(given, address)
    placed = latitude is not None and longitude is not None
    match = resolve_point(latitude, longitude) if placed else None
    return located(given=given, address=address, match=match, neighbourhood_of=neighbourhood_of)


def location_point(
    given: LocationInput, address: Address | None
) -> tuple[float | None, float | None]:
    """Where the signal is: the point the door collected, else the address's."""
    if address is not None and address.latitude is not None and not given.has_point:
        return address.latitude, address.longitude
    return given.latitude, given.longitude


def neighbourhood_of(code: str) -> tuple[int, int] | None:
    """The buurt with this CBS code and its wijk, as (pk, district pk)."""
    return Neighbourhood.objects.filter(code=code).values_list("pk", "district_id").first()


def located(
    *,
    given: LocationInput,
    address: Address | None,
    match: AreaMatch | None,
    neighbourhood_of: Callable[[str], tuple[int, int] | None],
) -> ResolvedLocation:
    """The location of what a door collected, once its address (if any) is known and its point
    (``location_point``) placed in the boundaries (``match``): a buurt and wijk, outside the
    known wijken, or to be checked by staff when there is no point at all."""
    latitude, longitude = location_point(given, address)
    fields = {
        "latitude": latitude,
        "longitude": longitude,
        "note": given.note.strip(),
    }
    if address is not None:
        fields.update(
            street=address.street,
            house_number=address.house_number,
            house_number_addition=(address.house_letter + address.house_number_addition).strip(),
            postcode=address.postcode,
            city=address.city,
            bag_id=address.bag_id,
        )
    elif given.has_address:
        # PDOK is down: keep what was typed, for staff to check.
        fields.update(
            street=given.street.strip(),
            house_number=given.house_number,
            house_number_addition=given.house_number_addition.strip(),
            postcode=normalise_postcode(given.postcode),
            city=given.city.strip(),
        )

    if latitude is None or longitude is None:
        return ResolvedLocation(status=LocationStatus.NEEDS_REVIEW, **fields)
    if (match is None or match.neighbourhood_id is None) and address and address.neighbourhood_code:
        # Our boundaries may be older or newer than the BAG's; trust the address's buurt code
        # then (PDOK's, or the register's), as long as it does not contradict our wijk.
        neighbourhood = neighbourhood_of(address.neighbourhood_code)
        if neighbourhood and (match is None or match.district_id == neighbourhood[1]):
            return ResolvedLocation(
                status=LocationStatus.RESOLVED,
                neighbourhood_id=neighbourhood[0],
                district_id=neighbourhood[1],
                **fields,
            )
    if match is None:
        return ResolvedLocation(status=LocationStatus.OUTSIDE, **fields)
    return ResolvedLocation(
        status=LocationStatus.RESOLVED,
        district_id=match.district_id,
        neighbourhood_id=match.neighbourhood_id,
        **fields,
    )
