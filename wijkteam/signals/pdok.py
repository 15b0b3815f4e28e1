"""A client for PDOK's Locatieserver v3_1, the national search service for BAG addresses.

Four endpoints are used: ``/suggest`` (type-ahead), ``/lookup`` (one document by its id),
``/free`` (free-text search, also for postcode + house number) and ``/reverse`` (the nearest
address to a point). Every failure to get a usable answer (timeout, refused connection, an HTTP
error status including PDOK's 400 for a bad request, a body that is not the expected JSON)
raises :class:`LocationServiceUnavailable`, so that a caller has one thing to catch before it
falls back to asking the resident for the location by hand.

Only the standard library is used for HTTP, so this adds no dependency.
"""

import json
import logging
import math
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
DEFAULT_TIMEOUT_SECONDS = 3.0
USER_AGENT = "Wijkteam"

# The document fields an Address is built from. They are requested explicitly: /reverse returns
# only id, type, weergavenaam, score and afstand by default, and on /free and /lookup the list
# keeps the answer small and makes plain which fields this module depends on.
ADDRESS_FIELDS = (
    "id",
    "type",
    "weergavenaam",
    "straatnaam",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaatsnaam",
    "gemeentecode",
    "nummeraanduiding_id",
    "buurtcode",
    "wijkcode",
    "centroide_ll",
)
ADDRESSES_ONLY = "type:adres"
# PDOK documents rows up to 100 for every endpoint (the suggest schema says more; the text not).
MAX_ROWS = 100
# Locatieserver answers are a few kilobytes; anything far larger is not an answer we can use.
MAX_RESPONSE_BYTES = 1_000_000
ERROR_TEXT_LIMIT = 300

POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
MUNICIPALITY_CODE = re.compile(r"^(?:GM)?([0-9]{4})$")
WKT_POINT = re.compile(r"^\s*POINT\s*\(\s*(\S+)\s+(\S+)\s*\)\s*$")
# Characters with a meaning in Solr's query syntax that never occur in a Dutch address. A
# resident's stray quote or bracket would otherwise make PDOK answer 400, which callers must
# treat as "unavailable"; the hyphen and apostrophe stay ('s-Hertogenbosch, 58-1).
SOLR_SYNTAX = re.compile(r'[":()\[\]{}^~*?\\/!+&|]')


class LocationServiceUnavailable(Exception):
    """PDOK could not be reached or answered with an error (timeout, connection refused, 5xx,
    invalid JSON)."""


@dataclass(frozen=True)
class Address:
    """One BAG address as Locatieserver describes it."""

    id: str
    display_name: str
    street: str
    house_number: int | None
    house_letter: str
    house_number_addition: str
    postcode: str
    city: str
    municipality_code: str
    bag_id: str
    neighbourhood_code: str
    district_code: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class Suggestion:
    """One type-ahead hit; ``id`` is what :meth:`LocatieserverClient.lookup` takes."""

    id: str
    display_name: str
    type: str


class LocatieserverClient:
    """Talks to one Locatieserver v3_1 base URL with a per-request timeout in seconds."""

    def __init__(self, *, base_url: str, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        scheme = urllib.parse.urlsplit(base_url).scheme
        # urllib also opens file: and ftp: URLs; a misconfigured setting must not read files.
        if scheme not in ("http", "https"):
            raise ValueError(f"Locatieserver URL must be http or https, not {base_url!r}")
        if not timeout > 0:
            raise ValueError("Locatieserver timeout must be a positive number of seconds")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def suggest(
        self, *, query: str, rows: int = 7, municipality_code: str | None = None
    ) -> list[Suggestion]:
        """Type-ahead: addresses matching a partial ``query``, best first, at most ``rows``.

        ``municipality_code`` (``GM0345`` or ``0345``) limits the hits to one gemeente.
        """
        _check_rows(rows)
        filters = [ADDRESSES_ONLY, *_municipality_filter(municipality_code)]
        text = _clean_query(query)
        if not text:
            # v3_1 refuses /suggest without q; an empty box simply has no suggestions.
            return []
        docs = self._docs("suggest", {"q": text, "rows": rows, "fq": filters})
        return [
            Suggestion(
                id=_required_text(doc, "id"),
                display_name=_required_text(doc, "weergavenaam"),
                type=_text(doc, "type"),
            )
            for doc in docs
        ]

    def lookup(self, *, id: str) -> Address | None:
        """The address with Locatieserver document id ``id`` (``adr-...``), or None when
        there is no such address."""
        if not id.strip():
            return None
        # fq keeps an id of a street or postcode (weg-..., pcd-...) from becoming an Address.
        docs = self._docs(
            "lookup", {"id": id.strip(), "fq": [ADDRESSES_ONLY], "fl": " ".join(ADDRESS_FIELDS)}
        )
        return _address(docs[0]) if docs else None

    def find_by_postcode(
        self, *, postcode: str, house_number: int, addition: str = ""
    ) -> Address | None:
        """The address at ``postcode`` (``3901HC`` or ``3901 hc``) and ``house_number`` with
        an optional ``addition`` (house letter and/or toevoeging: ``A``, ``1``, ``A-2``).

        None when the postcode is not a Dutch postcode or no address matches exactly: the best
        free-text hit is only accepted when its postcode, number and addition are the ones asked
        for, because a near miss (number 7 when 17 was asked) is a wrong address, not an answer.
        """
        normalised = re.sub(r"\s+", "", postcode).upper()
        if not POSTCODE.match(normalised) or house_number < 1:
            return None
        wanted_addition = _addition_key(addition)
        docs = self._docs(
            "free",
            {
                "q": f"{normalised} {_house_designation(house_number, addition)}",
                "fq": [ADDRESSES_ONLY],
                "rows": 1,
                "fl": " ".join(ADDRESS_FIELDS),
            },
        )
        if not docs:
            return None
        address = _address(docs[0])
        found_addition = _addition_key(address.house_letter + address.house_number_addition)
        if (
            address.postcode != normalised
            or address.house_number != house_number
            or found_addition != wanted_addition
        ):
            return None
        return address

    def search(self, *, text: str, municipality_code: str | None = None) -> Address | None:
        """The best matching address for a free-text street address such as
        ``Spanjaardsgoed 3 Veenendaal``, optionally within one gemeente; None when none."""
        filters = [ADDRESSES_ONLY, *_municipality_filter(municipality_code)]
        query = _clean_query(text)
        if not query:
            return None
        docs = self._docs(
            "free", {"q": query, "fq": filters, "rows": 1, "fl": " ".join(ADDRESS_FIELDS)}
        )
        return _address(docs[0]) if docs else None

    def reverse(self, *, latitude: float, longitude: float) -> Address | None:
        """The address nearest to a WGS84 point, or None when PDOK finds none."""
        if not (math.isfinite(latitude) and math.isfinite(longitude)):
            raise ValueError("latitude and longitude must be finite numbers")
        # The address fields are asked for in fl rather than fetched with a follow-up lookup:
        # one request instead of two halves the time a resident waits and the ways it can fail.
        docs = self._docs(
            "reverse",
            {
                "lat": latitude,
                "lon": longitude,
                "type": "adres",
                "rows": 1,
                "fl": " ".join(ADDRESS_FIELDS),
            },
        )
        return _address(docs[0]) if docs else None

    def _docs(self, endpoint: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """GET ``endpoint`` with ``params`` and return the Solr ``response.docs`` list."""
        url = f"{self.base_url}/{endpoint}?{urllib.parse.urlencode(params, doseq=True)}"
        # The query is what a resident typed or where they clicked: debug level only.
        logger.debug("PDOK Locatieserver /%s %s", endpoint, params)
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            detail = _error_detail(error)
            logger.warning("PDOK Locatieserver /%s answered HTTP %s", endpoint, error.code)
            raise LocationServiceUnavailable(
                f"PDOK Locatieserver /{endpoint} answered HTTP {error.code}: {detail}"
            ) from error
        except (OSError, HTTPException) as error:
            # URLError (refused, DNS) and TimeoutError are both OSErrors; HTTPException covers
            # a server that hangs up or speaks something other than HTTP.
            reason = getattr(error, "reason", None) or error
            logger.warning("PDOK Locatieserver /%s unreachable: %s", endpoint, reason)
            raise LocationServiceUnavailable(
                f"PDOK Locatieserver /{endpoint} unreachable: {reason}"
            ) from error
        if len(body) > MAX_RESPONSE_BYTES:
            raise LocationServiceUnavailable(f"PDOK Locatieserver /{endpoint}: answer too large")
        return _solr_docs(body, endpoint=endpoint)


def default_client() -> LocatieserverClient:
    """A client for the Locatieserver configured in settings (PDOK's public v3_1 by default)."""
    return LocatieserverClient(
        base_url=getattr(settings, "PDOK_LOCATIESERVER_URL", DEFAULT_BASE_URL),
        timeout=float(getattr(settings, "PDOK_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)),
    )


def _check_rows(rows: int) -> None:
    if not 1 <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be between 1 and {MAX_ROWS}, not {rows}")


def _clean_query(text: str) -> str:
    return " ".join(SOLR_SYNTAX.sub(" ", text).split())


def _municipality_filter(municipality_code: str | None) -> list[str]:
    """Locatieserver's ``gemeentecode`` is the CBS code without ``GM``: ``GM0345`` -> ``0345``.

    A blank code (an unset setting) means no filter. The code goes into a Solr filter, so
    anything else but four digits is refused outright.
    """
    if municipality_code is None or not municipality_code.strip():
        return []
    match = MUNICIPALITY_CODE.match(municipality_code.strip().upper())
    if not match:
        raise ValueError(f"municipality code must look like GM0345, not {municipality_code!r}")
    return [f"gemeentecode:{match.group(1)}"]


def _house_designation(house_number: int, addition: str) -> str:
    """Write number and addition as BAG's display names do: ``5A``, ``58-1``, ``5A-2``.

    A bare digit addition glued to the number would ask for another number (58 + 1 -> 581).
    """
    rest = addition.strip().lstrip("-").strip()
    if not rest:
        return str(house_number)
    separator = "-" if rest[0].isdigit() else ""
    return f"{house_number}{separator}{rest}"


def _addition_key(addition: str) -> str:
    # "a", "A", "-a", "A 2" and "A-2" all mean the same house; compare letters and digits only.
    return re.sub(r"[^0-9A-Za-z]", "", addition).upper()


def _error_detail(error: urllib.error.HTTPError) -> str:
    """PDOK's own explanation: Solr's ``error.msg`` in JSON, or the text/plain body."""
    try:
        raw = error.read(MAX_RESPONSE_BYTES)
    except (OSError, HTTPException):
        raw = b""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict) and isinstance(document.get("error"), dict):
        message = document["error"].get("msg")
        if isinstance(message, str) and message:
            return message
    return text[:ERROR_TEXT_LIMIT] or str(error.reason)


def _solr_docs(body: bytes, *, endpoint: str) -> list[dict[str, Any]]:
    try:
        document = json.loads(body)
    except ValueError as error:
        raise LocationServiceUnavailable(
            f"PDOK Locatieserver /{endpoint} did not answer with JSON"
        ) from error
    response = document.get("response") if isinstance(document, dict) else None
    docs = response.get("docs") if isinstance(response, dict) else None
    if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
        raise LocationServiceUnavailable(
            f"PDOK Locatieserver /{endpoint} answered JSON without response.docs"
        )
    return docs


def _address(doc: dict[str, Any]) -> Address:
    latitude, longitude = _point(doc.get("centroide_ll"))
    municipality = _text(doc, "gemeentecode")
    return Address(
        id=_required_text(doc, "id"),
        display_name=_required_text(doc, "weergavenaam"),
        street=_text(doc, "straatnaam"),
        house_number=_house_number(doc.get("huisnummer")),
        house_letter=_text(doc, "huisletter"),
        house_number_addition=_text(doc, "huisnummertoevoeging"),
        postcode=_text(doc, "postcode"),
        city=_text(doc, "woonplaatsnaam"),
        municipality_code=f"GM{municipality}" if municipality else "",
        bag_id=_text(doc, "nummeraanduiding_id"),
        neighbourhood_code=_text(doc, "buurtcode"),
        district_code=_text(doc, "wijkcode"),
        latitude=latitude,
        longitude=longitude,
    )


def _text(doc: dict[str, Any], field: str) -> str:
    value = doc.get(field)
    return str(value) if value is not None else ""


def _required_text(doc: dict[str, Any], field: str) -> str:
    value = _text(doc, field)
    if not value:
        # Without an id or a display name a hit is useless; the answer is not what PDOK sends.
        raise LocationServiceUnavailable(f"PDOK Locatieserver document without {field}")
    return value


def _house_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _point(wkt: Any) -> tuple[float | None, float | None]:
    """``POINT(lon lat)``, WKT's x-before-y order, to ``(latitude, longitude)``."""
    match = WKT_POINT.match(wkt) if isinstance(wkt, str) else None
    if not match:
        return None, None
    try:
        longitude, latitude = float(match.group(1)), float(match.group(2))
    except ValueError:
        return None, None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None, None
    return latitude, longitude
