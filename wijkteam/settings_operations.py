"""Settings of running Wijkteam as a service: its logs and its metrics (wijkteam/operations).
Imported by settings.py, and by gunicorn's configuration (deploy/gunicorn.conf.py), which logs
through the same handler; so this module reads only the environment, never Django's settings."""

import os

from django.core.exceptions import ImproperlyConfigured

_ENVIRONMENT = os.environ.get("WIJKTEAM_ENV", "production")

# `json`: one JSON object per line (production's default, for a log collector); `text`: the
# message alone, as a developer reads it (the default elsewhere).
WIJKTEAM_LOG_FORMAT = os.environ.get(
    "WIJKTEAM_LOG_FORMAT", "json" if _ENVIRONMENT == "production" else "text"
)
if WIJKTEAM_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("WIJKTEAM_LOG_FORMAT must be json or text")
WIJKTEAM_LOG_LEVEL = os.environ.get("WIJKTEAM_LOG_LEVEL", "INFO")

# The bearer token Prometheus sends for /metrics; without one /metrics is not there (404).
WIJKTEAM_METRICS_TOKEN = os.environ.get("WIJKTEAM_METRICS_TOKEN", "").strip()


def logging_config(*, log_format: str = WIJKTEAM_LOG_FORMAT) -> dict:
    """The one logging configuration: every logger writes through one handler to stderr, whose
    filter adds the request id and keeps requests and raw paths out (operations/logs.py)."""
    formatters = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",
        },
        "text": {"format": "%(message)s"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "wijkteam.operations.logs.RequestContextFilter"}},
        "formatters": {log_format: formatters[log_format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request"],
            }
        },
        "root": {"handlers": ["console"], "level": WIJKTEAM_LOG_LEVEL},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # The request lines; the test suite's thousands of requests keep theirs quiet.
            "wijkteam.requests": {"level": "WARNING" if _ENVIRONMENT == "test" else "INFO"},
            # Its 4xx warnings repeat the request's own line; its 5xx errors stay.
            "django.request": {"level": "ERROR"},
            # gunicorn's own lines through the same handler; no access log of its own (it would
            # hold client addresses and query strings): the request line is ours.
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }


LOGGING = logging_config()
