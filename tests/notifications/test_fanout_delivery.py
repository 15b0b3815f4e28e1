"""A fan-out's emails go out in one background task over one connection to the mail server
(notifications.tasks.deliver_emails), each still claimed and marked on its own: a refused one
is retried by itself later, the others are sent once, and the task run again sends nothing
twice. Against a real SMTP server (aiosmtpd on the loopback interface) and the real worker."""

from collections.abc import Iterator

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.factories import make_organisation, make_user
from tests.smtp_local import smtp_serving, use_smtp
from wijkteam.notifications.models import EmailStatus, NotificationMode, OutgoingEmail
from wijkteam.notifications.services import notify_users
from wijkteam.notifications.tasks import deliver_emails
from wijkteam.partners.models import OrganisationKind

pytestmark = pytest.mark.django_db

SUBJECT = "Uw reactie gevraagd: Z-2026-00042 (Geluid, Petenbos)"
BATCH = "wijkteam.notifications.tasks.deliver_emails"
ONE = "wijkteam.notifications.tasks.deliver_email"


class CountingServer:
    """Accepts every message except those to ``refused`` (a temporary error, as a full
    mailbox gives), and remembers over which connection (the client's port) each came."""

    def __init__(self) -> None:
        self.refused: set[str] = set()
        self.received: list[tuple[str, int]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        (to,) = envelope.rcpt_tos
        if to in self.refused:
            return "452 4.2.2 Mailbox vol"
        self.received.append((to, session.peer[1]))
        return "250 2.0.0 OK"

    @property
    def addresses(self) -> list[str]:
        return sorted(to for to, _port in self.received)

    @property
    def connections(self) -> int:
        return len({port for _to, port in self.received})


@pytest.fixture
def smtp_server(settings) -> Iterator[CountingServer]:
    handler = CountingServer()
    with smtp_serving(settings, handler):
        yield handler


@pytest.fixture
def partners():
    organisation = make_organisation("Veenvesters", OrganisationKind.CORPORATIE)
    people = [
        make_user(f"{name}@veenvesters.example", organisation) for name in ("anna", "bram", "cor")
    ]
    make_user("digest@veenvesters.example", organisation, notification_mode=NotificationMode.DIGEST)
    return people


def fan_out(users, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify_users(users=users, subject=SUBJECT, body="Graag uw reactie.", link="/casussen/")


def tasks(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path))


def test_a_fan_out_queues_one_task_that_sends_every_email_over_one_connection(
    partners, smtp_server, run_worker, django_capture_on_commit_callbacks
):
    fan_out(partners, django_capture_on_commit_callbacks)
    assert len(tasks(BATCH)) == 1
    assert tasks(ONE) == []

    run_worker()

    assert smtp_server.addresses == [user.email for user in partners]
    assert smtp_server.connections == 1
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}
    assert tasks(BATCH)[0].status == TaskResultStatus.SUCCESSFUL


def test_a_refused_email_is_retried_on_its_own_and_the_others_go_once(
    partners, smtp_server, run_worker, django_capture_on_commit_callbacks
):
    smtp_server.refused = {"bram@veenvesters.example"}
    fan_out(partners, django_capture_on_commit_callbacks)

    run_worker()

    assert smtp_server.addresses == ["anna@veenvesters.example", "cor@veenvesters.example"]
    refused = OutgoingEmail.objects.get(to="bram@veenvesters.example")
    assert (refused.status, refused.attempts) == (EmailStatus.QUEUED, 1)
    (retry,) = tasks(ONE)
    assert retry.status == TaskResultStatus.READY
    assert retry.args_kwargs["args"] == [refused.pk]

    smtp_server.refused = set()
    retry.run_after = retry.enqueued_at  # due now
    retry.save(update_fields=["run_after"])
    run_worker()

    assert smtp_server.addresses == [user.email for user in partners]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_the_task_run_again_sends_nothing_twice(
    partners, smtp_server, run_worker, django_capture_on_commit_callbacks
):
    fan_out(partners, django_capture_on_commit_callbacks)
    run_worker()
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))

    deliver_emails.call(ids)

    assert smtp_server.addresses == [user.email for user in partners]
    assert tasks(ONE) == []


def test_an_unreachable_server_leaves_every_email_queued_with_its_own_retry(
    partners, settings, django_capture_on_commit_callbacks
):
    use_smtp(settings, 9)  # the discard port: nothing listens on the loopback
    settings.EMAIL_TIMEOUT = 1
    fan_out(partners, django_capture_on_commit_callbacks)
    ids = list(OutgoingEmail.objects.values_list("pk", flat=True))

    deliver_emails.call(ids)

    assert set(OutgoingEmail.objects.values_list("status", "attempts")) == {(EmailStatus.QUEUED, 1)}
    assert sorted(task.args_kwargs["args"][0] for task in tasks(ONE)) == sorted(ids)
