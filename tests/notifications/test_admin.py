from collections.abc import Callable

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_user
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.notifications.delivery import email_deliver
from wijkteam.notifications.models import EmailStatus, OutgoingEmail
from wijkteam.notifications.services import email_enqueue, emails_send_again

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


def uncertain_email(to: str, subject: str) -> OutgoingEmail:
    """An email its worker stopped on while the mail server had it."""
    email = email_enqueue(to=to, subject=subject, body_text="Tekst", topic="Z-2026-00012")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.UNCERTAIN, attempts=1)
    return email


def test_emails_that_may_have_been_sent_go_again_only_after_confirming(
    superuser_client, failed_email, run_worker, django_capture_on_commit_callbacks
):
    uncertain = uncertain_email("bewoner@example.test", "Uw melding is ontvangen")
    failed = failed_email(topic="Z-2026-00013")
    chosen = {"action": "send_again", "_selected_action": [uncertain.pk, failed.pk], "index": 0}

    asked = superuser_client.post(reverse(CHANGELIST), chosen).content.decode()

    assert "anders krijgt de ontvanger ze twee keer" in asked
    assert "b…@example.test — Uw melding is ontvangen" in asked
    assert "1 gekozen e-mail heeft niet de status ‘mogelijk verzonden’" in asked
    assert "bewoner@example.test" not in asked
    uncertain.refresh_from_db()
    assert uncertain.status == EmailStatus.UNCERTAIN  # nothing changes before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse(CHANGELIST), {**chosen, "post": "yes"}, follow=True
        )

    assert "1 mogelijk verzonden e-mail opnieuw in de wachtrij" in response.content.decode()
    uncertain.refresh_from_db()
    failed.refresh_from_db()
    assert (uncertain.status, uncertain.attempts) == (EmailStatus.QUEUED, 0)
    assert failed.status == EmailStatus.FAILED  # the retry action is for those
    assert AuditEntry.objects.filter(
        action="send_again", object_type="notifications.outgoingemail", object_id=str(uncertain.pk)
    ).exists()
    mail.outbox.clear()
    run_worker()
    assert [message.to for message in mail.outbox] == [["bewoner@example.test"]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<wijkteam.{uncertain.pk}.")


def test_sending_again_leaves_sent_and_queued_emails_alone(superuser_client):
    sent = email_enqueue(to="ander@example.test", subject="Al verzonden", body_text="Tekst")
    email_deliver(email_id=sent.pk)
    queued = email_enqueue(to="derde@example.test", subject="Onderweg", body_text="Tekst")
    chosen = {"action": "send_again", "_selected_action": [sent.pk, queued.pk], "index": 0}

    asked = superuser_client.post(reverse(CHANGELIST), chosen).content.decode()
    confirmed = superuser_client.post(
        reverse(CHANGELIST), {**chosen, "post": "yes"}, follow=True
    ).content.decode()

    assert "er is niets opnieuw te versturen" in asked
    assert "0 mogelijk verzonden e-mails opnieuw in de wachtrij" in confirmed
    assert dict(OutgoingEmail.objects.values_list("pk", "status")) == {
        sent.pk: EmailStatus.SENT,
        queued.pk: EmailStatus.QUEUED,
    }
    assert not AuditEntry.objects.filter(action="send_again").exists()


def test_only_a_functional_admin_sends_uncertain_emails_again():
    email = uncertain_email("bewoner@example.test", "Uw melding")
    staff = make_user("medewerker@gemeente.test", None)

    with pytest.raises(DomainError):
        emails_send_again(actor=staff, email_ids=[email.pk])

    email.refresh_from_db()
    assert email.status == EmailStatus.UNCERTAIN
