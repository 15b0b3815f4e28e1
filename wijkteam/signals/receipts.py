"""The receipt: the email that tells a reporter their signal was received, with the private
tracking link. Every door sends it the same way (the intake, and a resident who joins an
earlier report)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from wijkteam.core.followups import follow_up
from wijkteam.notifications.services import email_enqueue
from wijkteam.signals.models import Reporter


def receipt_wanted(reporter: Reporter) -> bool:
    """Whether the reporter gets a receipt: one who left an email address, not anonymous."""
    return not reporter.is_anonymous and bool(reporter.email)


def receipt_later(*, reporter: Reporter, token: str) -> bool:
    """``receipt_send`` by the background worker after commit (``core.followups``): the
    report's transaction writes no email. Returns whether a receipt will go out."""
    if not receipt_wanted(reporter):
        return False
    follow_up(receipt_deliver, reporter_id=reporter.pk, token=token)
    return True


@task()
def receipt_deliver(*, reporter_id: int, token: str) -> None:
    """Queued by ``receipt_later``; safe to run twice (the receipt is queued once per
    reporter)."""
    reporter = Reporter.objects.select_related("signal").filter(pk=reporter_id).first()
    if reporter is not None:
        receipt_send(reporter=reporter, token=token)


def receipt_send(*, reporter: Reporter, token: str) -> bool:
    """Queue the receipt for a reporter who left an email address (not an anonymous one), in
    the language they reported in (Dutch when staff took the report). The tracking link
    carries the token, which is only known now: it is stored hashed. Returns whether it was
    queued; it goes out once the surrounding transaction commits, once per reporter."""
    if not receipt_wanted(reporter):
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
            key=f"receipt:{reporter.pk}",
        )
    return True
