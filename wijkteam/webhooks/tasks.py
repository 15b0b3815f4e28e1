"""The webhooks' periodic sweep (settings.PERIODIC_TASKS): a safety net for deliveries whose own
task was lost, and the end of old deliveries. Each delivery's own task is in sending.py."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.webhooks.models import WAITING, Delivery, DeliveryState
from wijkteam.webhooks.sending import claim_window, deliver_webhook

SWEEP_MINUTES = 10
# A delivery this late (its task should have run by then) is queued again by the sweep.
OVERDUE = timedelta(minutes=15)
# At most this many per sweep: a long outage of the worker is caught up over a few sweeps.
SWEEP_BATCH = 500


def next_sweep_at(now: datetime) -> datetime:
    return now + timedelta(minutes=SWEEP_MINUTES)


def deliveries_lost(*, now: datetime) -> list[int]:
    """Deliveries that still wait, long past their time, of subscriptions that are on: their
    task was lost (a worker killed in the middle of one, a restored backup)."""
    return list(
        Delivery.objects.filter(
            state__in=WAITING,
            subscription__active=True,
            next_attempt_at__lt=now - OVERDUE,
        )
        .filter(Q(sending_since=None) | Q(sending_since__lt=now - claim_window()))
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def deliveries_prune(*, now: datetime) -> int:
    """Remove deliveries (with their attempts) that arrived or were given up longer than
    ``WIJKTEAM_WEBHOOKS_KEEP_DAYS`` ago."""
    before = now - timedelta(days=settings.WIJKTEAM_WEBHOOKS_KEEP_DAYS)
    old = Delivery.objects.filter(
        Q(state=DeliveryState.SUCCEEDED, delivered_at__lt=before)
        | Q(state=DeliveryState.GIVEN_UP, created_at__lt=before)
    )
    return old.delete()[1].get(Delivery._meta.label, 0)


@task()
def sweep_webhooks() -> None:
    """Every ten minutes: queue again the deliveries whose task was lost (sending is safe to
    run twice), and remove old ones. First it queues every periodic run that is missing, its
    own next one included (core/periodic.py)."""
    periodic_ensure()
    now = timezone.now()
    for delivery_id in deliveries_lost(now=now):
        deliver_webhook.enqueue(delivery_id=delivery_id)
    deliveries_prune(now=now)
