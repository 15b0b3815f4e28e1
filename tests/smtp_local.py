"""A real SMTP server for tests: aiosmtpd on the loopback interface, on a port the operating
system picks, with Django's SMTP backend pointed at it. What arrives is kept as parsed
messages, so that a test reads an email as its recipient would (links included)."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class LocalController(Controller):
    """Listens on a free port that the operating system picks (port 0), so that test runs never
    collide, and tells which one it got."""

    def _create_server(self):
        creating = super()._create_server()

        async def bound():
            server = await creating
            self.port = server.sockets[0].getsockname()[1]
            return server

        return bound()


def use_smtp(settings, port: int) -> None:
    """Send Django's email through the SMTP server on 127.0.0.1:``port`` (no login, no TLS)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


@contextmanager
def smtp_serving(settings, handler) -> Iterator[LocalController]:
    """A local SMTP server with ``handler`` for as long as the block runs, Django sending
    through it."""
    controller = LocalController(
        handler, hostname="127.0.0.1", port=0, server_hostname="smtp.wijkteam.test"
    )
    controller.start()
    use_smtp(settings, controller.port)
    try:
        yield controller
    finally:
        controller.stop()


def parse(content: bytes) -> EmailMessage:
    # On the wire lines end in CRLF; Python's email package works with "\n".
    return message_from_bytes(content.replace(b"\r\n", b"\n"), policy=policy.default)


@dataclass(frozen=True)
class Received:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The plain text part (the whole body of a text-only email)."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    def link(self, path: str) -> str:
        """The first link in the text whose path starts with ``path``."""
        found = re.search(r"https?://[^/\s]+" + re.escape(path) + r"\S*", self.text)
        assert found, f"no link to {path} in:\n{self.text}"
        return found.group(0)


class Mailbox:
    """Accepts every message and keeps it."""

    def __init__(self) -> None:
        self.received: list[Received] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's name
        self.received.append(Received(list(envelope.rcpt_tos), parse(envelope.content)))
        return "250 2.0.0 OK"

    def to(self, address: str) -> list[Received]:
        return [mail for mail in self.received if address in mail.recipients]
