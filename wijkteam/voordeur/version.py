"""The version of what the Voordeur searches (reference data kept per process, core/kept.py):
every change of a door, of a category's words or of a category gives it a new token in the
same transaction (the model signals below)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.core.kept import data_changed
from wijkteam.signals.models import Category
from wijkteam.voordeur.models import CategoryWords, Door

TERMS = "voordeur"


def terms_changed() -> None:
    """A new version (call inside the transaction that changed the terms)."""
    data_changed(TERMS)


@receiver(post_save, sender=Door)
@receiver(post_save, sender=CategoryWords)
@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Door)
@receiver(post_delete, sender=CategoryWords)
@receiver(post_delete, sender=Category)
def _terms_saved_or_deleted(**kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading a fixture: the version row comes with it or is made next time
    terms_changed()
