"""Asking for a new password ("Wachtwoord vergeten?"): throttled per email address and per client
address, and answered the same whatever happens behind it.

The request itself does the same work whether or not the address belongs to an account and
whether or not its limit was reached: it counts the request, looks the address up and queues one
task. The task (in the background worker) writes the email, so the time the answer takes says
nothing about the account. Only a client past its own limit gets nothing queued: that tells it
nothing it did not know, and keeps a flood of requests out of the worker's queue.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from wijkteam.core.ratelimit import rate_limit_hit
from wijkteam.notifications.services import email_enqueue
from wijkteam.partners.models import User

logger = logging.getLogger(__name__)

ACCOUNT_SCOPE = "password_reset.account"
ADDRESS_SCOPE = "password_reset.address"
HOUR = 60 * 60
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.txt"


@transaction.atomic
def password_reset_request(
    *, email: str, client: str, domain: str, use_https: bool, language: str
) -> None:
    """Count a request for a new password for ``email`` from ``client`` and, within both
    limits (settings.PASSWORD_RESETS_PER_ACCOUNT and PASSWORD_RESETS_PER_ADDRESS per 60
    minutes), queue the email with the link for the active account of that address, if there
    is one. ``domain`` and ``use_https`` make the link, ``language`` the email's language.
    Every request counts, the ones past a limit too, so that a client that keeps asking stays
    stopped."""
    address_allows = rate_limit_hit(
        scope=ADDRESS_SCOPE,
        client=client,
        limit=settings.PASSWORD_RESETS_PER_ADDRESS,
        window_seconds=HOUR,
    )
    account_allows = rate_limit_hit(
        scope=ACCOUNT_SCOPE,
        client=email.strip().lower(),
        limit=settings.PASSWORD_RESETS_PER_ACCOUNT,
        window_seconds=HOUR,
    )
    user_ids = list(
        User.objects.filter(
            email__iexact=email.strip(), is_active=True, is_api_account=False
        ).values_list("pk", flat=True)
    )
    if not address_allows:
        logger.warning("Password reset refused: too many requests from one client address")
        return
    if not account_allows:
        logger.warning("Password reset refused: too many requests for one email address")
        user_ids = []
    # Queued for an unknown or throttled address too (with nobody to write to), so that the
    # answer takes as long either way.
    # The key makes the task's emails go out once, should the task run twice (a killed worker).
    send_password_reset.enqueue(user_ids, domain, use_https, language, get_random_string(24))


def password_reset_send(
    *, user_ids: list[int], domain: str, use_https: bool, language: str, key: str = ""
) -> int:
    """Queue the email with a link to choose a new password for each of these accounts that is
    still active and may have a password (never an API client's account). Returns how many
    were queued. With a ``key`` (one per request) each account's email is queued once, however
    often this runs."""
    queued = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True, is_api_account=False):
        if not user.has_usable_password():
            continue
        context = {
            "email": user.email,
            "domain": domain,
            "site_name": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": "https" if use_https else "http",
        }
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = "".join(render_to_string(SUBJECT_TEMPLATE, context).splitlines())
            body = render_to_string(BODY_TEMPLATE, context)
        email_enqueue(
            to=user.email,
            subject=subject,
            body_text=body,
            key=f"password-reset:{key}:{user.pk}" if key else "",
        )
        queued += 1
    return queued


@task()
def send_password_reset(
    user_ids: list[int], domain: str, use_https: bool, language: str, key: str = ""
) -> None:
    """The background half of a request for a new password (see password_reset_request). Safe
    to run twice (``key``)."""
    password_reset_send(
        user_ids=user_ids, domain=domain, use_https=use_https, language=language, key=key
    )
