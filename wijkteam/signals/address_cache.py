"""Resolving the addresses of a bulk import many at a time (the rent-arrears file), with the
same outcome as ``locations.location_resolve`` gives one address.

Each distinct address of a batch is resolved once: from the local address register (one query
for the batch), else from the cache of addresses PDOK found before (areas.CachedAddress, one
query), else from PDOK's Locatieserver, several requests at a time. What PDOK finds goes into
the cache, so that next month's file, which mostly holds the same tenants, does not ask again.
An entry older than ``WIJKTEAM_ADDRESS_CACHE_DAYS`` is asked again; one placed before the
boundaries last changed is placed again from its point, without asking.

PDOK failing never loses a row: as in the single path, the address is kept for staff to check
(or refused when its postcode is outside the gemeente), and the rest of the import stops asking.
"""

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from wijkteam.areas.addresses import addition_key, postcode_outside_register, register_find_many
from wijkteam.areas.models import CachedAddress, District, Neighbourhood
from wijkteam.areas.resolve import AreaMatch, resolve_points
from wijkteam.core.errors import DomainError
from wijkteam.signals.locations import (
    LocationInput,
    ResolvedLocation,
    address_not_found,
    located,
    normalise_postcode,
    outside_gemeente,
    registered_address,
)
from wijkteam.signals.pdok import Address, LocatieserverClient, LocationServiceUnavailable

logger = logging.getLogger(__name__)

AddressKey = tuple[str, int, str]  # normalised postcode, house number, addition (letters+digits)
CACHED_FIELDS = (
    "bag_id",
    "street",
    "house_letter",
    "house_number_addition",
    "city",
    "latitude",
    "longitude",
    "neighbourhood_code",
    "neighbourhood",
    "district",
    "resolved_at",
)


def key_of(given: LocationInput) -> AddressKey:
    return (
        normalise_postcode(given.postcode),
        int(given.house_number or 0),
        addition_key(given.house_number_addition),
    )


def cache_max_age() -> timedelta:
    return timedelta(days=settings.WIJKTEAM_ADDRESS_CACHE_DAYS)


def addresses_outdated(now: datetime) -> QuerySet:
    """The entries too old to be used (the nightly run removes them too)."""
    return CachedAddress.objects.filter(resolved_at__lt=now - cache_max_age())


def address_cache_purge(*, now: datetime | None = None) -> int:
    """Remove the entries too old to be used (they would be asked again anyway): the cache
    keeps no list of addresses longer than it needs. Returns how many went."""
    removed, _detail = addresses_outdated(now or timezone.now()).delete()
    return removed


def _boundaries_changed_at() -> datetime | None:
    latest = [
        model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Neighbourhood, District)
    ]
    return max((moment for moment in latest if moment is not None), default=None)


def _cached_address(entry: CachedAddress) -> Address:
    return Address(
        id=f"adr-cache-{entry.bag_id}",
        display_name="",
        street=entry.street,
        house_number=entry.house_number,
        house_letter=entry.house_letter,
        house_number_addition=entry.house_number_addition,
        postcode=entry.postcode,
        city=entry.city,
        municipality_code="",
        bag_id=entry.bag_id,
        neighbourhood_code=entry.neighbourhood_code,
        district_code="",
        latitude=entry.latitude,
        longitude=entry.longitude,
    )


@dataclass
class _Found:
    """One distinct address: the BAG address, where it was placed once known (neighbourhood,
    district), and whether the cache is to learn it."""

    address: Address
    placed: tuple[int | None, int | None] | None = None
    to_cache: bool = False


SKIPPED = object()  # a lookup not made because PDOK failed meanwhile


class AddressResolver:
    """Resolves the addresses of one import, batch by batch. Holds what lasts over the import:
    whether PDOK still answers (``service_down``) and which postcode areas the register knows.
    ``client`` None: the register and the cache only (as when PDOK is down)."""

    def __init__(self, *, client: LocatieserverClient | None, now: datetime | None = None):
        self.client = client
        self.now = now or timezone.now()
        self.service_down = False
        # PDOK is asked one address at a time until it has answered once in this import, so
        # that an import with PDOK down asks it once; then several at a time.
        self._answered = False
        self._outside: dict[str, bool] = {}
        # When the boundaries last changed (asked once per import).
        self._boundaries_changed_at: tuple[datetime | None] | None = None

    def resolve(self, given: Sequence[LocationInput]) -> list[ResolvedLocation | DomainError]:
        """Each input's location, or the DomainError the single path raises for it. Inputs
        need a postcode and a house number (what the arrears file has)."""
        first_given: dict[AddressKey, LocationInput] = {}
        for item in given:
            first_given.setdefault(key_of(item), item)
        found: dict[AddressKey, _Found] = {}
        for key, registered in register_find_many(first_given).items():
            if registered is not None:
                found[key] = _Found(registered_address(registered))
        self._from_cache([key for key in first_given if key not in found], found)
        not_found = self._ask_pdok(
            [item for key, item in first_given.items() if key not in found], found
        )
        self._place(found)
        self._store(found)
        return [self._location(item, found.get(key_of(item)), not_found) for item in given]

    # -- the cache -----------------------------------------------------------------------------

    def _from_cache(self, keys: list[AddressKey], found: dict[AddressKey, _Found]) -> None:
        if not keys:
            return
        wanted = set(keys)
        if self._boundaries_changed_at is None:
            self._boundaries_changed_at = (_boundaries_changed_at(),)
        changed_at = self._boundaries_changed_at[0]
        for entry in CachedAddress.objects.filter(
            postcode__in={postcode for postcode, _number, _addition in keys},
            house_number__in={number for _postcode, number, _addition in keys},
            resolved_at__gte=self.now - cache_max_age(),
        ):
            key = (entry.postcode, entry.house_number, entry.addition)
            if key not in wanted:
                continue
            if changed_at is not None and entry.resolved_at < changed_at:
                # Placed against older boundaries: place the point again (and store that).
                found[key] = _Found(_cached_address(entry), to_cache=True)
            else:
                found[key] = _Found(
                    _cached_address(entry), placed=(entry.neighbourhood_id, entry.district_id)
                )

    def _store(self, found: dict[AddressKey, _Found]) -> None:
        entries = [
            CachedAddress(
                postcode=key[0],
                house_number=key[1],
                addition=key[2],
                bag_id=item.address.bag_id[:16],
                street=item.address.street[:150],
                house_letter=item.address.house_letter[:1],
                house_number_addition=item.address.house_number_addition[:20],
                city=item.address.city[:100],
                latitude=item.address.latitude,
                longitude=item.address.longitude,
                neighbourhood_code=item.address.neighbourhood_code[:10],
                neighbourhood_id=item.placed[0],
                district_id=item.placed[1],
                resolved_at=self.now,
            )
            for key, item in found.items()
            if item.to_cache and item.placed is not None
        ]
        if entries:
            CachedAddress.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["postcode", "house_number", "addition"],
                update_fields=list(CACHED_FIELDS),
                batch_size=500,
            )

    # -- PDOK ----------------------------------------------------------------------------------

    def _ask_pdok(
        self, missing: list[LocationInput], found: dict[AddressKey, _Found]
    ) -> set[AddressKey]:
        """Ask PDOK for the addresses neither the register nor the cache knows; returns those
        PDOK says do not exist. No more asking once it failed."""
        not_found: set[AddressKey] = set()
        answers: list[tuple[LocationInput, object]] = []
        pending = list(missing)
        while pending and not self._answered and self._may_ask():
            given = pending.pop(0)
            answers.append((given, self._ask(given)))
        if pending and self._may_ask():
            with ThreadPoolExecutor(max_workers=settings.PDOK_CONCURRENCY) as pool:
                answers.extend(zip(pending, pool.map(self._ask, pending), strict=True))
        for given, answer in answers:
            if isinstance(answer, Address):
                found[key_of(given)] = _Found(answer, to_cache=True)
            elif answer is None:
                not_found.add(key_of(given))
        return not_found

    def _may_ask(self) -> bool:
        return self.client is not None and not self.service_down

    def _ask(self, given: LocationInput) -> object:
        """PDOK's answer (an Address, or None: no such address), the error, or SKIPPED."""
        if self.service_down:
            return SKIPPED
        try:
            answer = self.client.find_by_postcode(
                postcode=normalise_postcode(given.postcode),
                house_number=given.house_number,
                addition=given.house_number_addition,
            )
        except LocationServiceUnavailable as error:
            if not self.service_down:
                logger.warning("Locatieserver unavailable, continuing offline: %s", error)
            self.service_down = True
            return error
        self._answered = True
        return answer

    # -- placing -------------------------------------------------------------------------------

    def _place(self, found: dict[AddressKey, _Found]) -> None:
        """Place every address not placed yet, with one look-up of all their points."""
        unplaced = [
            item
            for item in found.values()
            if item.placed is None
            and item.address.latitude is not None
            and item.address.longitude is not None
        ]
        areas = resolve_points([(i.address.latitude, i.address.longitude) for i in unplaced])
        codes = {
            item.address.neighbourhood_code
            for item, match in zip(unplaced, areas, strict=True)
            if (match is None or match.neighbourhood_id is None) and item.address.neighbourhood_code
        }
        neighbourhoods = {
            code: (pk, district_id)
            for code, pk, district_id in Neighbourhood.objects.filter(code__in=codes).values_list(
                "code", "pk", "district_id"
            )
        }
        for item, match in zip(unplaced, areas, strict=True):
            location = located(
                given=LocationInput(),
                address=item.address,
                match=match,
                neighbourhood_of=neighbourhoods.get,
            )
            item.placed = (location.neighbourhood_id, location.district_id)

    def _location(
        self, given: LocationInput, item: _Found | None, not_found: set[AddressKey]
    ) -> ResolvedLocation | DomainError:
        if item is None:
            if key_of(given) in not_found:
                return address_not_found(given)
            if self._outside_gemeente(key_of(given)[0]):
                return outside_gemeente(given.postcode)
            return located(given=given, address=None, match=None, neighbourhood_of=_nowhere)
        match = None
        if item.placed is not None and item.placed[1] is not None:
            neighbourhood_id, district_id = item.placed
            match = AreaMatch(district_id, "", neighbourhood_id, None)
        # The placing is done (with the buurt code where the point gave none): nothing more to
        # look up.
        return located(given=given, address=item.address, match=match, neighbourhood_of=_nowhere)

    def _outside_gemeente(self, postcode: str) -> bool:
        if postcode not in self._outside:
            self._outside[postcode] = postcode_outside_register(postcode)
        return self._outside[postcode]


def _nowhere(code: str) -> None:
    return None
