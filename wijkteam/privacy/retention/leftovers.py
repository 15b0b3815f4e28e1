"""What forms leave behind: photos a resident uploaded with a report form that came back for a
correction and was never sent again. They belong to no signal, so no case's retention period
covers them; the nightly run removes them after ``WIJKTEAM_PENDING_UPLOAD_HOURS``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from wijkteam.signals.models import PendingUpload
from wijkteam.signals.uploads import pending_uploads_expire


def _cutoff(now: datetime | None) -> datetime:
    return (now or timezone.now()) - timedelta(hours=settings.WIJKTEAM_PENDING_UPLOAD_HOURS)


def leftovers_due(*, now: datetime | None = None) -> int:
    """For the dry run: how many unsent photos the next run removes."""
    return PendingUpload.objects.filter(created_at__lt=_cutoff(now)).count()


def leftovers_remove(*, now: datetime | None = None) -> int:
    """Remove the unsent photos whose time is over; returns how many went."""
    return pending_uploads_expire(before=_cutoff(now))
