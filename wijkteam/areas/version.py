"""The version of the wijken and buurten: what the point lookup's index and the map data are
built from. Every change of an area gives it a new token in the same transaction
(``areas_changed``: the model signals below for single saves and deletes, the import for its
bulk writes). A process reads it at most every ``AREAS_VERSION_CHECK_SECONDS`` (a change made in
another process is seen within that time, one made in this process at once), so a report's
point lookup asks the database nothing about freshness."""

import threading
from time import monotonic
from uuid import uuid4

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.areas.models import AreasVersion, District, Neighbourhood

_lock = threading.Lock()
_known: dict[str, tuple[float, str]] = {}


def areas_changed() -> None:
    """A new version (call inside the transaction that changed areas)."""
    token = uuid4().hex
    if not AreasVersion.objects.filter(pk=1).update(token=token):
        AreasVersion.objects.update_or_create(pk=1, defaults={"token": token})
    forget_areas_version()


def forget_areas_version() -> None:
    """Read the version from the database at the next ask (this process only)."""
    with _lock:
        _known.clear()


def areas_version() -> str:
    now = monotonic()
    with _lock:
        known = _known.get("version")
    if known is not None and now - known[0] < settings.AREAS_VERSION_CHECK_SECONDS:
        return known[1]
    token = AreasVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    with _lock:
        _known["version"] = (now, token)
    return token


@receiver(post_save, sender=District)
@receiver(post_save, sender=Neighbourhood)
@receiver(post_delete, sender=District)
@receiver(post_delete, sender=Neighbourhood)
def _area_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture: the version row comes with it or is made next time
    areas_changed()
