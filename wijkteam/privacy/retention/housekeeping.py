"""Housekeeping in the nightly run: the tables that grow with every request, login, task, email
or notification lose their old rows, each after an age of its own (README, "What the nightly
run removes"). These rows are no domain record and nobody's file: they go without an audit row
each, in one statement per kind, and the run reports how many of each went.

A kind is listed once, in ``KINDS``, with the rows it removes at a moment; the dry run counts
those same rows. ``tests/privacy/test_housekeeping.py`` holds every model of the project to this
list or to the list of what is bounded or kept by design.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wijkteam.access.models import AccessLogEntry
from wijkteam.core.models import RateLimitHit
from wijkteam.notifications.models import EmailStatus, Notification, OutgoingEmail
from wijkteam.partners.lockout import throttles_forgotten
from wijkteam.privacy.models import PersonRequest
from wijkteam.signals.address_cache import addresses_outdated

logger = logging.getLogger(__name__)


def _days(name: str) -> timedelta:
    return timedelta(days=getattr(settings, name))


def _rate_limit_hits(now: datetime) -> QuerySet:
    # Their window is their age: a row past it counts for nothing (the sweep removes them
    # every quarter of an hour too).
    return RateLimitHit.objects.filter(expires_at__lt=now)


def _task_results(now: datetime) -> QuerySet:
    return DBTaskResult.objects.filter(
        Q(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at__lt=now - _days("WIJKTEAM_TASK_RESULTS_DAYS"),
        )
        | Q(
            status=TaskResultStatus.FAILED,
            finished_at__lt=now - _days("WIJKTEAM_FAILED_TASK_RESULTS_DAYS"),
        )
    )


def _emails(now: datetime) -> QuerySet:
    # An email still to be sent, or being sent, stays whatever its age.
    return OutgoingEmail.objects.filter(
        status__in=(EmailStatus.SENT, EmailStatus.FAILED, EmailStatus.UNCERTAIN),
        created_at__lt=now - _days("WIJKTEAM_OUTBOX_DAYS"),
    )


def _notifications(now: datetime) -> QuerySet:
    return Notification.objects.filter(created_at__lt=now - _days("WIJKTEAM_NOTIFICATION_DAYS"))


def _person_requests(now: datetime) -> QuerySet:
    # Counted from the request's last step: made, exported or carried out.
    last_step = Greatest(
        "created_at",
        Coalesce("exported_at", "created_at"),
        Coalesce("erased_at", "created_at"),
    )
    return PersonRequest.objects.alias(last_step=last_step).filter(
        last_step__lt=now - _days("WIJKTEAM_PERSON_REQUEST_DAYS")
    )


def _access_log(now: datetime) -> QuerySet:
    return AccessLogEntry.objects.filter(at__lt=now - _days("WIJKTEAM_ACCESS_LOG_DAYS"))


def _cached_addresses(now: datetime) -> QuerySet:
    # Purged when an arrears import starts, too; this catches the cache of imports that stopped.
    return addresses_outdated(now)


def _sessions(now: datetime) -> QuerySet:
    return Session.objects.filter(expire_date__lt=now)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    setting: str  # the setting that says its age ("" when the rows carry their own expiry)
    due: Callable[[datetime], QuerySet]


KINDS = [
    Kind("rate_limits", _("tellers van de snelheidsbegrenzing"), "", _rate_limit_hits),
    Kind(
        "login_throttles",
        _("mislukte inlogpogingen"),
        "WIJKTEAM_LOGIN_LOCKOUT_MAX_MINUTES",
        throttles_forgotten,
    ),
    Kind("sessions", _("verlopen sessies"), "", _sessions),
    Kind(
        "task_results",
        _("resultaten van achtergrondtaken"),
        "WIJKTEAM_TASK_RESULTS_DAYS",
        _task_results,
    ),
    Kind("emails", _("verzonden of mislukte e-mails"), "WIJKTEAM_OUTBOX_DAYS", _emails),
    Kind("notifications", _("notificaties"), "WIJKTEAM_NOTIFICATION_DAYS", _notifications),
    Kind(
        "person_requests",
        _("verzoeken van betrokkenen"),
        "WIJKTEAM_PERSON_REQUEST_DAYS",
        _person_requests,
    ),
    Kind(
        "cached_addresses",
        _("opgezochte adressen van de huurachterstandsimport"),
        "WIJKTEAM_ADDRESS_CACHE_DAYS",
        _cached_addresses,
    ),
    Kind("access_log", _("regels van het inzagelogboek"), "WIJKTEAM_ACCESS_LOG_DAYS", _access_log),
]


def housekeeping_due(*, now: datetime | None = None) -> dict[str, int]:
    """For the dry run: how many rows of each kind the next run removes."""
    now = now or timezone.now()
    return {kind.key: kind.due(now).count() for kind in KINDS}


def housekeeping_run(*, now: datetime | None = None) -> dict[str, int]:
    """Remove the rows of every kind whose age is over; returns how many of each went. Safe
    to run twice, and at any time (each kind is one DELETE of rows nobody uses any more)."""
    now = now or timezone.now()
    removed = {}
    for kind in KINDS:
        _total, per_model = kind.due(now).delete()
        removed[kind.key] = sum(per_model.values())
    if any(removed.values()):
        logger.info("Housekeeping removed %s", removed)
    return removed
