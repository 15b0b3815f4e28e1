"""Background task of the daily digest. Apart from notifications.tasks because the digest
queues emails, which queues their delivery task: one module for both would import itself."""

from django_tasks import task

from wijkteam.core.periodic import periodic_reschedule
from wijkteam.notifications.digests import digests_send


@task()
def send_digests() -> None:
    """Once a day: the digest email for everyone who chose it. Queues its own next run."""
    try:
        digests_send()
    finally:
        periodic_reschedule("wijkteam.notifications.digest_tasks.send_digests")
