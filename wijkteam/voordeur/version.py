"""The version of what the Voordeur searches: every change of a door, of a category's words or
of a category gives it a new token in the same transaction (the model signals below). A process
keeps its compiled index (index.py) and asks the database at most every
``VOORDEUR_VERSION_CHECK_SECONDS`` whether the token changed, as areas/version.py does for the
wijken and buurten; a change made in this process is seen at once."""

import threading
from time import monotonic
from uuid import uuid4

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wijkteam.signals.models import Category
from wijkteam.voordeur.models import CategoryWords, Door, TermsVersion

_lock = threading.Lock()
_known: dict[str, tuple[float, str]] = {}


def terms_changed() -> None:
    """A new version (call inside the transaction that changed the terms)."""
    token = uuid4().hex
    if not TermsVersion.objects.filter(pk=1).update(token=token):
        TermsVersion.objects.update_or_create(pk=1, defaults={"token": token})
    forget_terms_version()


def forget_terms_version() -> None:
    """Read the version from the database at the next ask (this process only)."""
    with _lock:
        _known.clear()


def terms_version() -> str:
    now = monotonic()
    with _lock:
        known = _known.get("version")
    if known is not None and now - known[0] < settings.VOORDEUR_VERSION_CHECK_SECONDS:
        return known[1]
    token = TermsVersion.objects.filter(pk=1).values_list("token", flat=True).first() or ""
    with _lock:
        _known["version"] = (now, token)
    return token


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
