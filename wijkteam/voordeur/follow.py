""" "Volg uw melding": a resident who lost their tracking link asks for it again by email.

The request does the same work whatever the address: it counts the request (per client and per
address) and queues one task; the background worker looks the address up and writes the email,
if there is anything to write. So neither the answer nor the time it takes says whether the
address ever reported anything, as with "Wachtwoord vergeten?" (partners/password_reset.py).
Past the client's own limit nothing is queued: that tells it nothing it did not know, and keeps
a flood of requests out of the worker's queue."""

import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import task

from wijkteam.core.ratelimit import rate_limit_hit
from wijkteam.notifications.services import email_enqueue
from wijkteam.signals.resident_access import reporter_link_value, reporters_by_email

logger = logging.getLogger(__name__)

CLIENT_SCOPE = "tracking-links.client"
ADDRESS_SCOPE = "tracking-links.address"
HOUR = 60 * 60
# The newest reports an email lists; older ones are rarely what a resident looks for.
MOST_LINKS = 20


@transaction.atomic
def tracking_links_request(*, email: str, client: str, language: str) -> None:
    """Count a request for the tracking links of ``email`` from ``client`` and, within both
    limits (settings WIJKTEAM_TRACKING_REQUESTS_PER_CLIENT and
    WIJKTEAM_TRACKING_EMAILS_PER_ADDRESS per 60 minutes), queue the task that emails them."""
    address = email.strip().lower()
    client_allows = rate_limit_hit(
        scope=CLIENT_SCOPE,
        client=client,
        limit=settings.WIJKTEAM_TRACKING_REQUESTS_PER_CLIENT,
        window_seconds=HOUR,
    )
    address_allows = rate_limit_hit(
        scope=ADDRESS_SCOPE,
        client=address,
        limit=settings.WIJKTEAM_TRACKING_EMAILS_PER_ADDRESS,
        window_seconds=HOUR,
    )
    if not client_allows:
        logger.warning("Tracking links refused: too many requests from one client address")
        return
    if not address_allows:
        logger.warning("Tracking links refused: too many requests for one email address")
        address = ""  # queued all the same, with nobody to write to
    # The key makes the task's email go out once, should the task run twice (a killed worker).
    send_tracking_links.enqueue(address, language, get_random_string(24))


def tracking_links_send(*, email: str, language: str, key: str = "") -> bool:
    """Queue one email to ``email`` with the tracking links of the reports made with it (the
    newest MOST_LINKS), in ``language``; nothing when there are none. Returns whether it was
    queued. A reporter whose contact details the retention run removed has no address left,
    and so no link."""
    if not email:
        return False
    reporters = reporters_by_email(email, newest=MOST_LINKS)
    if not reporters:
        return False
    with translation.override(language or settings.LANGUAGE_CODE):
        reports = [
            {
                "reference": reporter.signal.reference,
                "category": reporter.signal.category.display_public_name,
                "reported_on": reporter.created_at,
                "url": settings.SITE_URL
                + reverse("portal:track_link", args=[reporter_link_value(reporter)]),
            }
            for reporter in reporters
        ]
        email_enqueue(
            to=reporters[0].email,
            subject=_("Uw meldingen bij het wijkteam"),
            body_text=render_to_string("voordeur/email/tracking_links.txt", {"reports": reports}),
            key=f"tracking-links:{key}" if key else "",
        )
    return True


@task()
def send_tracking_links(email: str, language: str, key: str = "") -> None:
    """The background half of "Volg uw melding" (see tracking_links_request). Safe to run twice
    (``key``: the email is queued once per request)."""
    tracking_links_send(email=email, language=language, key=key)
