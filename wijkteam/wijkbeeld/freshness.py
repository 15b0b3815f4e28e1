"""How fresh the wijk's picture is: a version the worker renews whenever it changed the kept
aggregates (counts or case figures), so that what a page computed from them can be kept in
Django's cache under that version and is computed again after the next refresh.

The version is one of the reference-data tokens of core/kept.py: the worker writes a new one
after a refresh that changed anything, and every process reads the tokens at most every
``REFERENCE_DATA_CHECK_SECONDS``; the worker itself refreshes every minute. A safety timeout
bounds what is kept should anything change the aggregates without the worker (a rebuild from
a shell)."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from wijkteam.core.kept import data_changed, data_version

T = TypeVar("T")
PICTURE = "wijkbeeld"
KEEP_SECONDS = 15 * 60


def picture_changed() -> None:
    """The aggregates changed: what was computed from them is old."""
    data_changed(PICTURE)


def picture_version() -> str:
    return data_version(PICTURE)


def picture_cached(parts: tuple, build: Callable[[], T]) -> T:
    """What ``build`` computes from the aggregates for ``parts`` (everything it depends on
    besides the aggregates: area, period, the viewer's levels), kept until they change."""
    digest = hashlib.sha256(repr((picture_version(), parts)).encode()).hexdigest()
    key = f"wijkbeeld:kept:{digest}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, KEEP_SECONDS)
    return found
