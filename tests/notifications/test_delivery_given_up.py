"""A delivery task given up because its worker kept stopping (core/lease.py) leaves no email
behind: the email it was sending becomes "mogelijk verzonden" (never sent again by itself), and
a fan-out's emails it had not reached yet each get a task of their own; a single email's task
that kept stopping its worker fails its email, for a functional admin to retry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from wijkteam.core.lease import tasks_reclaim
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_enqueue

pytestmark = pytest.mark.django_db

BATCH = "wijkteam.notifications.tasks.deliver_emails"
ONE = "wijkteam.notifications.tasks.deliver_email"


@pytest.fixture(autouse=True)
def two_lives(settings):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 2


def emails(*statuses: EmailStatus) -> list[OutgoingEmail]:
    made = []
    for number, status in enumerate(statuses):
        email = email_enqueue(
            to=f"partner{number}@veens.example",
            subject=f"Uw reactie gevraagd {number}",
            body_text=".",
        )
        OutgoingEmail.objects.filter(pk=email.pk).update(status=status)
        made.append(email)
    DBTaskResult.objects.all().delete()  # only the lost task below is on them
    return made


def lost(path: str, argument) -> DBTaskResult:
    """A delivery task claimed twice, whose last worker stopped beating an hour ago."""
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": [argument], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=["killed-1", "killed-2"],
    )


def statuses(made: list[OutgoingEmail]) -> list[str]:
    return [OutgoingEmail.objects.get(pk=email.pk).status for email in made]


def test_a_fan_out_given_up_sends_what_it_had_not_reached_and_never_the_one_it_was_sending(
    run_worker,
):
    sending, waiting, sent = made = emails(
        EmailStatus.SENDING, EmailStatus.QUEUED, EmailStatus.SENT
    )
    task = lost(BATCH, [email.pk for email in made])

    tasks_reclaim()

    assert DBTaskResult.objects.get(pk=task.pk).status == TaskResultStatus.FAILED
    assert statuses(made) == [EmailStatus.UNCERTAIN, EmailStatus.QUEUED, EmailStatus.SENT]
    assert "may have been delivered" in OutgoingEmail.objects.get(pk=sending.pk).last_error
    queued = DBTaskResult.objects.filter(task_path=ONE, status=TaskResultStatus.READY)
    assert [row.args_kwargs["args"] for row in queued] == [[waiting.pk]]

    run_worker()

    assert [message.to for message in mail.outbox] == [[waiting.to]]
    assert statuses(made) == [EmailStatus.UNCERTAIN, EmailStatus.SENT, EmailStatus.SENT]


def test_a_single_email_whose_task_kept_stopping_its_worker_fails_for_an_admin_to_retry():
    (waiting,) = emails(EmailStatus.QUEUED)
    lost(ONE, waiting.pk)

    tasks_reclaim()
    tasks_reclaim()  # a second look changes nothing

    waiting.refresh_from_db()
    assert waiting.status == EmailStatus.FAILED
    assert waiting.last_error.startswith("WorkerLost:")
    assert not DBTaskResult.objects.filter(task_path=ONE, status=TaskResultStatus.READY).exists()


def test_a_single_email_given_up_while_sending_may_have_been_sent(run_worker):
    (sending,) = emails(EmailStatus.SENDING)
    lost(ONE, sending.pk)

    tasks_reclaim()
    run_worker()

    assert statuses([sending]) == [EmailStatus.UNCERTAIN]
    assert mail.outbox == []
