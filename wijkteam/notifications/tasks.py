"""Background task of the outbox: delivering one email. Tasks take ids and are idempotent; this
module is the only importer of the delivery it runs."""

from django.utils import timezone
from django_tasks import task

from wijkteam.notifications.delivery import email_deliver, retry_delay
from wijkteam.notifications.models import EmailStatus, OutgoingEmail


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
