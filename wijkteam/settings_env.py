"""Reading settings from the environment: a wrong value stops the start with its name."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from error


def env_int_between(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the environment that must lie between ``low`` and ``high``."""
    value = env_int(name, default)
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}")
    return value
