from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_user
from wijkteam.access.models import AuditEntry
from wijkteam.notifications.delivery import email_deliver
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_enqueue

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:notifications_outgoingemail_changelist"


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("root@gemeente.test", None, is_superuser=True))
    return client


@pytest.fixture
def failed_email(give_up_on) -> Callable[..., OutgoingEmail]:
    def make(*, topic: str) -> OutgoingEmail:
        email = email_enqueue(
            to="bewoner@example.test",
            subject="Uw melding",
            body_text="Geheime resetlink",
            topic=topic,
        )
        give_up_on(email)
        return email

    return make


def test_staff_find_an_email_by_its_topic_without_seeing_the_body(superuser_client, failed_email):
    email = failed_email(topic="Z-2026-00012")
    failed_email(topic="Z-2026-00099")

    page = superuser_client.get(reverse(CHANGELIST), {"q": "Z-2026-00012"}).content.decode()
    detail = superuser_client.get(
        reverse("admin:notifications_outgoingemail_change", args=[email.pk])
    ).content.decode()

    assert "Z-2026-00012" in page
    assert "Z-2026-00099" not in page
    assert "Opnieuw proberen" in page
    assert "Z-2026-00012" in detail
    assert "server went away" in detail
    assert "Geheime resetlink" not in page + detail


def test_retry_action_queues_failed_emails_again_and_the_worker_sends_them(
    superuser_client, failed_email, run_worker, django_capture_on_commit_callbacks
):
    failed = failed_email(topic="Z-2026-00012")
    sent = email_enqueue(to="ander@example.test", subject="Al verzonden", body_text="Tekst")
    email_deliver(email_id=sent.pk)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse(CHANGELIST),
            {"action": "retry", "_selected_action": [failed.pk, sent.pk], "index": 0},
            follow=True,
        )

    assert response.status_code == 200
    assert "1 e-mail opnieuw in de wachtrij" in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (EmailStatus.QUEUED, 0)
    assert AuditEntry.objects.filter(
        action="retry", object_type="notifications.outgoingemail", object_id=str(failed.pk)
    ).exists()
    run_worker()
    assert [message.to for message in mail.outbox] == [["bewoner@example.test"]]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {EmailStatus.SENT}


def test_retry_action_says_so_when_nothing_was_failed(superuser_client):
    sent = email_enqueue(to="ander@example.test", subject="Al verzonden", body_text="Tekst")
    email_deliver(email_id=sent.pk)

    response = superuser_client.post(
        reverse(CHANGELIST),
        {"action": "retry", "_selected_action": [sent.pk], "index": 0},
        follow=True,
    )

    assert "0 e-mails opnieuw in de wachtrij" in response.content.decode()
    assert len(mail.outbox) == 1
