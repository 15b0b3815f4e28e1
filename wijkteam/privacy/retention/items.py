"""The kinds of personal data the retention run removes from a case, and the marker it leaves."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from wijkteam.cases.models import (
    CaseEventKind,
)
from wijkteam.core.translation import in_default_language
from wijkteam.signals.models import (
    EventKind,
)

# Timeline lines whose text the system writes itself, from names of organisations, categories
# and references; every other kind can quote what someone typed (a reason, a message, a note).
# A kind added later is treated as free text until it is listed here.
CASE_EVENTS_WITHOUT_FREE_TEXT = frozenset(
    {
        CaseEventKind.SIGNAL_ADDED,
        CaseEventKind.PROPOSED,
        CaseEventKind.SILENCE,
        CaseEventKind.AGREED,
        CaseEventKind.ESCALATED,
        CaseEventKind.URGENT,
        CaseEventKind.SUMMARY,
        CaseEventKind.CLOSED,
    }
)


# The same for a signal's history, for the staff text and for the text the reporter reads (a
# status line can carry the lead's message; a feedback line the reporter's comment).
SIGNAL_EVENTS_WITHOUT_FREE_TEXT = frozenset(
    {EventKind.CREATED, EventKind.REPORTER_ADDED, EventKind.STATUS, EventKind.MESSAGE}
)


SIGNAL_EVENTS_WITHOUT_FREE_PUBLIC_TEXT = frozenset(
    {EventKind.CREATED, EventKind.REPORTER_ADDED, EventKind.FEEDBACK}
)


# Rounding a point to three decimals moves it at most about 55 metres north-south (and less
# east-west at this latitude): the buurt and a hotspot map stay right, the house is gone.
POINT_DECIMALS = 3


POSTCODE_DIGITS = 4


def removed_marker_source() -> str:
    """The catalogue string of the marker, for lines stored as messages (core/translation.py)."""
    return gettext_noop("[verwijderd na de bewaartermijn]")


def removed_marker() -> str:
    """The text that replaces removed free text (stored, so in the default language)."""
    with in_default_language():
        return _(removed_marker_source())


@dataclass(frozen=True)
class Item:
    """One kind of personal data the run removes: the fields it touches and how it is named."""

    key: str
    label: Promise
    fields: tuple[str, ...]


ADDRESS_FIELDS = (
    "house_number",
    "house_number_addition",
    "bag_id",
    "postcode",
    "latitude",
    "longitude",
)


ITEMS = (
    Item(
        "reporter_details",
        gettext_lazy("Contactgegevens van melders (naam, e-mailadres, telefoon)"),
        ("signals.Reporter.name", "signals.Reporter.email", "signals.Reporter.phone"),
    ),
    Item("emails", gettext_lazy("E-mails aan melders"), ("notifications.OutgoingEmail",)),
    Item("photos", gettext_lazy("Foto's"), ("signals.Attachment",)),
    Item("documents", gettext_lazy("Documenten"), ("cases.CaseDocument",)),
    Item(
        "tenant_names",
        gettext_lazy("Namen van huurders"),
        ("signals.ArrearsDetails.tenant_name",),
    ),
    Item(
        "external_references",
        gettext_lazy("Kenmerken in het systeem van de bron"),
        ("signals.Signal.external_reference",),
    ),
    Item(
        "addresses",
        gettext_lazy("Adressen (alleen straat, buurt en postcodecijfers blijven)"),
        tuple(f"signals.Signal.{name}" for name in ADDRESS_FIELDS)
        + tuple(f"cases.Case.{name}" for name in (*ADDRESS_FIELDS, "address_key")),
    ),
    Item(
        "descriptions",
        gettext_lazy("Omschrijvingen van meldingen"),
        ("signals.Signal.description",),
    ),
    Item(
        "location_notes",
        gettext_lazy("Toelichtingen bij de plek"),
        ("signals.Signal.location_note",),
    ),
    Item("summaries", gettext_lazy("Samenvattingen voor de partners"), ("cases.Case.summary",)),
    Item(
        "reporter_messages",
        gettext_lazy("Berichten aan de melders"),
        ("cases.Case.reporter_message",),
    ),
    Item("notes", gettext_lazy("Notities"), ("cases.CaseNote.text",)),
    Item(
        "actions",
        gettext_lazy("Afspraken (omschrijving en resultaat)"),
        ("cases.CaseAction.description", "cases.CaseAction.result"),
    ),
    Item(
        "responses",
        gettext_lazy("Redenen bij reacties op voorstellen"),
        ("cases.ProposalResponse.reason",),
    ),
    Item(
        "feedback_comments", gettext_lazy("Toelichtingen van melders"), ("cases.Feedback.comment",)
    ),
    Item("case_events", gettext_lazy("Regels in de tijdlijn"), ("cases.CaseEvent.text",)),
    Item(
        "signal_events",
        gettext_lazy("Regels in de geschiedenis van meldingen"),
        ("signals.SignalEvent.text", "signals.SignalEvent.public_text"),
    ),
    Item(
        "notifications",
        gettext_lazy("Berichten aan medewerkers over de casus"),
        ("notifications.Notification.body",),
    ),
)


ITEMS_BY_KEY = {item.key: item for item in ITEMS}
