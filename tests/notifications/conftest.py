from collections.abc import Callable
from smtplib import SMTPServerDisconnected

import pytest

from wijkteam.notifications.delivery import MAX_ATTEMPTS, email_deliver
from wijkteam.notifications.models import EmailStatus, OutgoingEmail


@pytest.fixture
def give_up_on(monkeypatch) -> Callable[[OutgoingEmail], None]:
    """Let every attempt to send an email fail ("server went away") until the outbox gives up
    on it, through the real delivery service."""

    def refuse(self, *args, **kwargs):
        raise SMTPServerDisconnected("server went away")

    def give_up(email: OutgoingEmail) -> None:
        with monkeypatch.context() as patched:
            patched.setattr("django.core.mail.EmailMessage.send", refuse)
            for _attempt in range(MAX_ATTEMPTS):
                email_deliver(email_id=email.pk)
        email.refresh_from_db()
        assert email.status == EmailStatus.FAILED

    return give_up
