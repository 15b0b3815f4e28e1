"""The version of the wijken and buurten: what the point lookup's index, the names and the map
data are built from (reference data kept per process, core/kept.py). Every change of an area
gives it a new token in the same transaction: the model signals below for single saves and
deletes, the import for its bulk writes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.kept import data_changed, data_version

AREAS = "areas"


def areas_changed() -> None:
    """A new version (call inside the transaction that changed areas)."""
    data_changed(AREAS)


def areas_version() -> str:
    return data_version(AREAS)


@receiver(post_save, sender=District)
@receiver(post_save, sender=Neighbourhood)
@receiver(post_delete, sender=District)
@receiver(post_delete, sender=Neighbourhood)
def _area_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture: the version row comes with it or is made next time
    areas_changed()
