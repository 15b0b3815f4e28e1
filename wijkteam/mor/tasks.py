"""Background tasks of the forwarding: sending one forwarding (again after a failure worth
retrying), and the periodic round that reads back the MOR system's statuses and queues every
waiting forwarding whose own task was lost. Tasks take ids and are safe to run twice; this
module is the only importer of the sending and reading it runs."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.mor.models import Forwarding, ForwardingState, being_sent
from wijkteam.mor.polling import forwardings_poll
from wijkteam.mor.sending import forwarding_send


def next_poll_at(now: datetime) -> datetime:
    return now + timedelta(minutes=settings.WIJKTEAM_MOR_POLL_MINUTES)


@task()
def send_forwarding(*, forwarding_id: int) -> None:
    again = forwarding_send(forwarding_id=forwarding_id)
    if again is not None:
        send_forwarding.using(run_after=again).enqueue(forwarding_id=forwarding_id)


def forwardings_waiting(*, now: datetime | None = None) -> list[int]:
    """The forwardings that wait to be sent and are due, of active connections, that no worker
    is sending: those whose task was lost (a worker killed, a restored backup) or that waited
    for their connection to be switched on."""
    now = now or timezone.now()
    return list(
        Forwarding.objects.filter(state=ForwardingState.PENDING, connection__is_active=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(being_sent(now))
        .values_list("pk", flat=True)
    )


@task()
def poll_forwardings() -> None:
    """Every WIJKTEAM_MOR_POLL_MINUTES: the statuses of the open forwardings read back, and
    every waiting forwarding that is due queued (a second task for one is harmless: only one
    worker claims it). First it queues every periodic run that is missing, its own next one
    included (core/periodic.py)."""
    periodic_ensure()
    for forwarding_id in forwardings_waiting():
        send_forwarding.enqueue(forwarding_id=forwarding_id)
    forwardings_poll()
