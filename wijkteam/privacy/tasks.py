"""Background tasks of the privacy app: the nightly retention run, with the signals that never
reached a case, the photos of report forms nobody sent, the initiatives that ended long enough
ago and the ideas and supports nobody confirmed. Tasks are safe to run twice (a case, a signal,
an initiative is done once)."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.partners.actors import SYSTEM
from wijkteam.privacy.retention import (
    housekeeping_run,
    initiatives_retention_run,
    leftovers_remove,
    retention_run,
    unconfirmed_remove,
    unplaced_retention_run,
)

# At night, when nobody is working the cases it changes.
RETENTION_HOUR = 3


def next_retention_at(after: datetime) -> datetime:
    """The next 03:00 local time after ``after``."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(after, zone).date()
    moment = timezone.make_aware(datetime.combine(day, time(RETENTION_HOUR)), zone)
    if moment <= after:
        moment = timezone.make_aware(
            datetime.combine(day + timedelta(days=1), time(RETENTION_HOUR)), zone
        )
    return moment


@task()
def apply_retention() -> None:
    """Every night: remove the personal data of the closed cases, of the signals that never
    reached a case and of the ended initiatives whose retention period is over, the photos of
    report forms nobody sent, the ideas and supports whose confirmation link expired, and the
    old rows of the tables that grow with every request, task, email and notification
    (housekeeping.py). First queues every periodic run that is missing, its own next one
    included (core/periodic.py)."""
    periodic_ensure()
    retention_run(actor=SYSTEM)
    unplaced_retention_run(actor=SYSTEM)
    leftovers_remove()
    unconfirmed_remove(actor=SYSTEM)
    initiatives_retention_run(actor=SYSTEM)
    housekeeping_run()
