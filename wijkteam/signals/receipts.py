"""The receipt: the email that tells a reporter their signal was received, with the private
tracking link. Every door sends it the same way (the intake, and a resident who joins an
earlier report)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wijkteam.notifications.services import email_enqueue
from wijkteam.signals.models import Reporter


def receipt_send(*, reporter: Reporter, token: str) -> bool:
    """Queue the receipt for a reporter who left an email address (not an anonymous one), in
    the language they reported in (Dutch when staff took the report). The tracking link
    carries the token, which is only known now: it is stored hashed. Returns whether it was
    queued; it goes out once the surrounding transaction commits."""
    if reporter.is_anonymous or not reporter.email:
        return False
    reference = reporter.signal.reference
    context = {
        "reference": reference,
        "tracking_url": settings.SITE_URL + reverse("portal:track", args=[token]),
        # Greet by the name the reporter gave ("Beste melder," without one).
        "name": reporter.name.strip(),
    }
    with translation.override(reporter.language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=reporter.email,
            subject=_("Uw melding %(reference)s is ontvangen") % {"reference": reference},
            body_text=render_to_string("signals/email/received.txt", context),
        )
    return True
