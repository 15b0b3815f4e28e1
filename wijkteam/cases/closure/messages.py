"""The message for the reporters when a case is handled: the team's templates, their
placeholders, who can be reached, and the email with the tracking link."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wijkteam.cases.models import (
    Case,
    CaseStatus,
    ClosureTemplate,
)
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message
from wijkteam.notifications.services import email_enqueue
from wijkteam.signals.models import Reporter, Signal
from wijkteam.signals.resident_access import reporter_link_value

MAX_MESSAGE_LENGTH = 4000


CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


@dataclass(frozen=True)
class Audience:
    """Who hears of the closure: signals (tracking pages) and reporters reached by email."""

    signals: int
    emails: int


def closure_texts() -> dict[str, str]:
    """The template text per outcome (functional admins keep them in Beheer)."""
    return dict(ClosureTemplate.objects.values_list("outcome", "text"))


def fill_placeholders(text: str, *, reference: str, public_name: str) -> str:
    """{melding} and {onderwerp} filled in ({onderwerp}: the category's public name without its
    examples in brackets). Plain replacement, so a brace typed by the lead never breaks
    sending. The data migration that repaired stored messages keeps its own copy of this."""
    subject = public_name.split(" (")[0].lower()
    return text.replace("{melding}", reference).replace("{onderwerp}", subject)


def message_for(text: str, signal: Signal) -> str:
    """The message as one reporter reads it."""
    return fill_placeholders(
        text, reference=signal.reference, public_name=signal.category.public_name
    )


def message_for_case(text: str, case: Case, signals: list[Signal]) -> str:
    """The message as the staff read it on the case page and in its timeline: about the case's
    category, for all of its signals. Never stored with its placeholders, which would show
    the staff a raw {onderwerp}."""
    return fill_placeholders(
        text,
        reference=", ".join(signal.reference for signal in signals),
        public_name=case.category.public_name,
    )


def reachable_reporters(reporters) -> list[Reporter]:
    return [r for r in reporters if r.email and not r.is_anonymous]


def closure_audience(case: Case) -> Audience:
    """How many signals and email addresses the closure message reaches (no identities)."""
    signals = list(Signal.objects.filter(case_link__case=case).prefetch_related("reporters"))
    emails = sum(len(reachable_reporters(signal.reporters.all())) for signal in signals)
    return Audience(signals=len(signals), emails=emails)


def _tracking_link(reporter: Reporter) -> str:
    return settings.SITE_URL + reverse("portal:track_link", args=[reporter_link_value(reporter)])


def email_reporter(
    case: Case, reporter: Reporter, signal: Signal, *, subject: Message, message: str, ask: bool
):
    """One email to one reporter, about ``case``, in the language they reported in (Dutch
    when unknown); the lead's ``message`` is as they wrote it. ``ask``: invite them to say
    whether they are satisfied (not when they already did)."""
    context = {
        "message": message,
        "reference": signal.reference,
        "link": _tracking_link(reporter),
        "team": case.team.district.name,
        "ask_satisfaction": ask,
        # Greet by the name the reporter gave ("Beste melder," without one).
        "name": reporter.name,
    }
    with translation.override(reporter.language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=reporter.email,
            subject=subject.render(),
            body_text=render_to_string("cases/email/to_reporter.txt", context),
            body_html=render_to_string("cases/email/to_reporter.html", context),
            topic=case.reference,
        )


def require_lead_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise DomainError(_("Schrijf het bericht voor de melder."), field="message")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise DomainError(
            _("Het bericht is te lang (maximaal %(count)s tekens).")
            % {"count": MAX_MESSAGE_LENGTH},
            field="message",
        )
    return message
