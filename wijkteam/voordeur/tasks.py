"""The Voordeur's nightly housekeeping: the counted searches are kept for the longest period
the statistics show and a month besides, then forgotten: words residents typed are kept no
longer than they serve."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.voordeur.models import SearchEvent

# At night, apart from the retention run at 03:00.
FORGET_HOUR = 4


def next_forgetting_at(after: datetime) -> datetime:
    """The next 04:00 local time after ``after``."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(after, zone).date()
    moment = timezone.make_aware(datetime.combine(day, time(FORGET_HOUR)), zone)
    if moment <= after:
        moment = timezone.make_aware(
            datetime.combine(day + timedelta(days=1), time(FORGET_HOUR)), zone
        )
    return moment


def searches_forget(*, today=None) -> int:
    """Remove the counted searches older than WIJKTEAM_SEARCH_LOG_DAYS; returns how many."""
    today = today or timezone.localdate()
    before = today - timedelta(days=settings.WIJKTEAM_SEARCH_LOG_DAYS)
    removed, _ = SearchEvent.objects.filter(day__lt=before).delete()
    return removed


@task()
def forget_searches() -> int:
    periodic_ensure()
    return searches_forget()
