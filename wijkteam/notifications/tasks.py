"""Background tasks of the outbox. Tasks take ids and are idempotent."""

from django.utils import timezone
from django_tasks import task

from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_deliver, retry_delay


@task()
def deliver_email(email_id: int) -> None:
    sent = email_deliver(email_id=email_id)
    if sent:
        return
    email = OutgoingEmail.objects.filter(pk=email_id).only("status", "attempts").first()
    if email is not None and email.status == EmailStatus.QUEUED and email.attempts:
        deliver_email.using(run_after=timezone.now() + retry_delay(email.attempts)).enqueue(
            email_id
        )


@task()
def send_digests() -> None:
    """Once a day: the digest email for everyone who chose it. First queues every periodic run
    that is missing, its own next one included (core/periodic.py)."""
    from wijkteam.core.periodic import periodic_ensure
    from wijkteam.notifications.services import digests_send

    periodic_ensure()
    digests_send()
