"""Reference data kept per process: what every report reads and hardly ever changes (the
areas' boundaries and names, the categories, the teams with their partners, the triage
agreements) is read once and kept, so that taking a report in asks the database only about the
report.

Each kind of data has a version (``DataVersion``): every change gives it a new token in the same
transaction (``data_changed``; the apps call it from their model signals, and after bulk writes
that send none). A process asks for the tokens at most every
``REFERENCE_DATA_CHECK_SECONDS`` and rebuilds what it keeps of a kind when its token changed: a
change made in another process is seen within that time, one made in this process at once."""

import threading
from collections.abc import Callable
from time import monotonic
from typing import TypeVar
from uuid import uuid4

from django.conf import settings

from wijkteam.core.models import DataVersion

T = TypeVar("T")

_lock = threading.Lock()
# When this process last read the tokens, and what they were.
_tokens: dict[str, str] = {}
_read_at: list[float] = []
# (kind, part) -> (token it was built at, value).
_values: dict[tuple[str, str], tuple[str, object]] = {}


def data_changed(kind: str) -> None:
    """A new version of ``kind`` (call it inside the transaction that changed the data)."""
    token = uuid4().hex
    if not DataVersion.objects.filter(name=kind).update(token=token):
        DataVersion.objects.update_or_create(name=kind, defaults={"token": token})
    # Seen here at once. Should the transaction roll back, the next check of the versions
    # finds the old token again, which differs from this one: rebuilt then too.
    with _lock:
        _tokens[kind] = token
        for key in [key for key in _values if key[0] == kind]:
            del _values[key]


def forget_kept() -> None:
    """Read the versions from the database at the next ask, and build everything again (this
    process only)."""
    with _lock:
        _tokens.clear()
        _read_at.clear()
        _values.clear()


def data_version(kind: str) -> str:
    """The current token of ``kind`` ("" before its first change), as this process knows it."""
    now = monotonic()
    with _lock:
        fresh = _read_at and now - _read_at[0] < settings.REFERENCE_DATA_CHECK_SECONDS
        if fresh:
            return _tokens.get(kind, "")
    # One query for every kind: the check costs the same however many kinds a request uses.
    tokens = dict(DataVersion.objects.values_list("name", "token"))
    with _lock:
        _tokens.clear()
        _tokens.update(tokens)
        _read_at[:] = [now]
    return tokens.get(kind, "")


def kept(kind: str, build: Callable[[], T], *, part: str = "") -> T:
    """What ``build`` makes of the data of ``kind``, built again only after it changed.
    ``part`` tells several things built from the same kind apart. The value is shared by every
    request of the process: treat it as read-only."""
    token = data_version(kind)
    with _lock:
        known = _values.get((kind, part))
    if known is not None and known[0] == token:
        return known[1]  # type: ignore[return-value]
    value = build()
    with _lock:
        _values[(kind, part)] = (token, value)
    return value
