"""Settings of logging in through an organisation's own provider (partners/oidc.py), read from
the environment; wijkteam/settings.py takes them in."""

import os

from django.core.exceptions import ImproperlyConfigured


def _seconds(name: str, default: int, low: int, high: int) -> int:
    value = os.environ.get(name, "")
    try:
        seconds = int(value) if value else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error
    if not low <= seconds <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}")
    return seconds


# Seconds Wijkteam waits for each answer of a provider (discovery, keys, token).
SSO_TIMEOUT_SECONDS = _seconds("WIJKTEAM_SSO_TIMEOUT", 5, 1, 60)
# Seconds a provider's discovery document and signing keys are kept before asking again (a key
# the token names but the kept set lacks is asked for at once).
SSO_DISCOVERY_CACHE_SECONDS = _seconds("WIJKTEAM_SSO_DISCOVERY_CACHE_SECONDS", 300, 0, 86400)

__all__ = ["SSO_DISCOVERY_CACHE_SECONDS", "SSO_TIMEOUT_SECONDS"]
