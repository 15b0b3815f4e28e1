"""The compiled search index, kept per process and rebuilt when the words change (version.py,
core/kept.py): a search asks the database nothing but, now and then, the version."""

from wijkteam.core.kept import kept
from wijkteam.voordeur.destinations import destinations_from_database
from wijkteam.voordeur.matcher import Index
from wijkteam.voordeur.version import TERMS


def search_index() -> Index:
    """The index of what the database holds now (as far as the version check knows)."""
    return kept(TERMS, lambda: Index(destinations_from_database()))
