"""The compiled search index, kept per process and rebuilt when the words change (version.py):
a search asks the database nothing but, now and then, the version."""

import threading

from wijkteam.voordeur.destinations import destinations_from_database
from wijkteam.voordeur.matcher import Index
from wijkteam.voordeur.version import terms_version

_lock = threading.Lock()
_cached: dict[str, tuple[str, Index]] = {}


def search_index() -> Index:
    """The index of what the database holds now (as far as the version check knows)."""
    version = terms_version()
    with _lock:
        cached = _cached.get("index")
    if cached is not None and cached[0] == version:
        return cached[1]
    index = Index(destinations_from_database())
    with _lock:
        _cached["index"] = (version, index)
    return index


def forget_search_index() -> None:
    """Build the index again at the next search (this process only)."""
    with _lock:
        _cached.clear()
