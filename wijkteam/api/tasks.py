"""The worker's part of the API: removing the answers to idempotent requests once their retries
are over."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from wijkteam.api.idempotency import idempotent_requests_prune
from wijkteam.core.periodic import periodic_ensure

PRUNE_MINUTES = 60


def next_prune_at(now: datetime) -> datetime:
    return now + timedelta(minutes=PRUNE_MINUTES)


@task()
def prune_idempotent_requests() -> None:
    """Every hour: the answers kept for retries longer than WIJKTEAM_API_IDEMPOTENCY_HOURS go
    (they may hold personal data, as the answer did)."""
    periodic_ensure()
    idempotent_requests_prune(
        before=timezone.now() - timedelta(hours=settings.WIJKTEAM_API_IDEMPOTENCY_HOURS)
    )
