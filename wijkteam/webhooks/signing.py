"""Signing deliveries the Standard Webhooks way (https://www.standardwebhooks.com), so that a
partner can check them with that project's libraries or a few lines of its own:

- ``Webhook-Id``: the delivery's message id, the same on every attempt and replay;
- ``Webhook-Timestamp``: the moment of this attempt, in whole seconds since 1970 (UTC);
- ``Webhook-Signature``: ``v1,`` + base64 of HMAC-SHA256 over ``{id}.{timestamp}.{body}``,
  keyed with the secret's bytes (the base64 after ``whsec_``).

The timestamp is signed with the body, so a receiver that refuses timestamps more than a few
minutes off cannot be fed an old delivery again; the id is signed too, so it cannot be swapped.
"""

import base64
import binascii
import hashlib
import hmac
import secrets

from django.utils.translation import gettext as _

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix of every secret, not one
SECRET_BYTES = 32
# What Standard Webhooks allows for a secret's key: 24 to 64 bytes.
MIN_SECRET_BYTES, MAX_SECRET_BYTES = 24, 64


def secret_new() -> str:
    """A new secret: 256 random bits, written as Standard Webhooks writes them."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)


def secret_problem(secret: str) -> str | None:
    """Why an entered secret cannot be used (a Dutch sentence), or None."""
    if not secret.startswith(SECRET_PREFIX):
        return _("Een geheim begint met whsec_, gevolgd door base64.")
    try:
        length = len(_key(secret))
    except (binascii.Error, ValueError):
        return _("Na whsec_ volgt base64 (letters, cijfers, + / en =).")
    if not MIN_SECRET_BYTES <= length <= MAX_SECRET_BYTES:
        return _("Het geheim moet 24 tot 64 bytes zijn (32 tot 88 tekens base64).")
    return None


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``Webhook-Signature`` header's value for one attempt."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()
