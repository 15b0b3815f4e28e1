"""Background task of the audit trail's checkpoints: one every hour. Safe to run twice (a
second checkpoint of the same head is just another line)."""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.privacy.audit_checkpoints import audit_checkpoint_publish


def next_checkpoint_at(after: datetime) -> datetime:
    """The next full hour after ``after``."""
    return after.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


@task()
def write_audit_checkpoint() -> None:
    """Every hour: append a signed checkpoint of the audit trail to the checkpoint file (and
    mail it when configured), so that rows removed from its end are found by audit_verify.
    First queues every periodic run that is missing, its own next one included."""
    periodic_ensure()
    audit_checkpoint_publish()
