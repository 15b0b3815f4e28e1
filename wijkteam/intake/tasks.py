"""The worker's part of the intake: forgetting the keys of the staff's and field forms once
nobody will send such a form again."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.intake.form_keys import intake_keys_prune

PRUNE_HOUR = 4  # with the other nightly housekeeping


def next_prune_at(after: datetime) -> datetime:
    """The next 04:00 local time after ``after``."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(after, zone).date()
    moments = (
        timezone.make_aware(datetime.combine(date, time(PRUNE_HOUR)), zone)
        for date in (day, day + timedelta(days=1))
    )
    return next(moment for moment in moments if moment > after)


@task()
def prune_form_keys() -> None:
    """Every night: the form keys older than WIJKTEAM_INTAKE_KEY_DAYS go (a repeat of a form
    that old is taken in as a new report)."""
    periodic_ensure()
    intake_keys_prune(before=timezone.now() - timedelta(days=settings.WIJKTEAM_INTAKE_KEY_DAYS))
