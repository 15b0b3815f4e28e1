"""Background task of the daily digest. Apart from notifications.tasks because the digest
queues emails, which queues their delivery task: one module for both would import itself."""

from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.notifications.digests import digests_send


@task()
def send_digests() -> None:
    """Once a day: the digest email for everyone who chose it. First queues every periodic run
    that is missing, its own next one included (core/periodic.py)."""
    periodic_ensure()
    digests_send()
