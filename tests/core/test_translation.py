"""The mechanism that shows stored texts in the reader's language (core/translation.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_noop

from wijkteam.core.translation import (
    InLanguages,
    Message,
    TranslatedText,
    message_from_dutch,
    render_stored,
)
from wijkteam.signals.models import Channel, PublicStatus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def read(data: dict, language: str) -> str:
    with translation.override(language):
        return render_stored(data, "fallback")


def test_a_stored_line_reads_in_the_language_of_whoever_reads_it():
    # Written while the writer had chosen English: still stored as the Dutch source.
    with translation.override("en"):
        data = Message(
            gettext_noop("Melding ontvangen (%(channel)s)."), channel=Channel.PHONE.label
        ).as_data()

    assert data == {
        "m": "Melding ontvangen (%(channel)s).",
        "p": {"channel": {"m": "Telefoon", "p": {}}},
    }
    assert read(data, "nl") == "Melding ontvangen (Telefoon)."
    assert read(data, "en") == "Report received (Phone)."


def test_nested_lines_names_in_two_languages_and_plain_values():
    line = Message(
        gettext_noop("%(line)s Reden: %(reason)s"),
        line=Message(
            gettext_noop("Casus geopend met melding %(signal)s (%(category)s)."),
            signal="M-2026-00001",
            category=InLanguages("Geluid", "Noise"),
        ),
        reason="Buren belden",
    ).as_data()

    assert (
        read(line, "nl") == "Casus geopend met melding M-2026-00001 (Geluid). Reden: Buren belden"
    )
    assert read(line, "en") == "Case opened with signal M-2026-00001 (Noise). Reason: Buren belden"


def test_a_name_without_english_falls_back_to_the_dutch():
    data = Message(
        gettext_noop("Casus geopend met melding %(signal)s (%(category)s)."),
        signal="M-1",
        category=InLanguages("Geluid", ""),
    ).as_data()

    assert "(Geluid)" in read(data, "en")


def test_dates_in_a_line_follow_the_reader():
    data = Message(
        gettext_noop("Afspraak: %(description)s – %(owner)s, uiterlijk %(due)s."),
        description="Gesprek",
        owner="Veens",
        due=date(2026, 12, 7),
    ).as_data()

    assert read(data, "nl").endswith("uiterlijk 7 december 2026.")
    assert "7 December 2026" in read(data, "en")

    moment = datetime(2026, 12, 7, 9, 30, tzinfo=AMSTERDAM)
    data = Message(gettext_noop("Status: %(before)s → %(after)s."), before=moment, after="x")
    assert "7 december 2026, 09:30" in read(data.as_data(), "nl")
    assert "7 December 2026, 09:30" in read(data.as_data(), "en")


def test_a_row_without_a_message_shows_its_text_as_written():
    assert render_stored(None, "Vrije tekst van een medewerker") == "Vrije tekst van een medewerker"


def test_a_translation_with_broken_placeholders_falls_back_to_the_dutch(monkeypatch):
    monkeypatch.setattr("wijkteam.core.translation.gettext", lambda text: "Broken %(nope)s")
    data = Message(gettext_noop("Document toegevoegd: %(name)s"), name="brief.pdf").as_data()

    assert read(data, "en") == "Document toegevoegd: brief.pdf"


class Thing:
    name = "Overlast"
    name_en = ""
    display_name = TranslatedText("name")


def test_translated_text_reads_the_english_only_when_it_is_filled_in():
    thing = Thing()
    with translation.override("en"):
        assert thing.display_name == "Overlast"
        thing.name_en = "Nuisance"
        assert thing.display_name == "Nuisance"
    with translation.override("nl"):
        assert thing.display_name == "Overlast"


def test_status_labels_go_through_gettext():
    with translation.override("en"):
        assert [str(label) for label in PublicStatus.labels] == [
            "Received",
            "In progress",
            "Completed",
        ]


def test_named_date_formats_read_in_each_language():
    moment = datetime(2026, 12, 7, 9, 30, tzinfo=AMSTERDAM)
    template = Template(
        '{{ at|date:"SHORT_DATETIME_FORMAT" }}|{{ at|date:"SHORT_DATE_FORMAT" }}|'
        '{{ at|date:"DATE_FORMAT" }}'
    )

    def render(language: str) -> str:
        with translation.override(language), translation.override(language):
            return template.render(Context({"at": moment}))

    assert render("en") == "Mon 7 Dec, 09:30|7 Dec 2026|7 December 2026"
    assert render("nl") == "ma 7 dec, 09:30|7 dec 2026|7 december 2026"


def test_lines_written_before_are_recognised_with_their_parts():
    patterns = [
        ("%(line)s Reden: %(reason)s", {"line": "line"}),
        ("Status: %(before)s → %(after)s.", {"before": "label", "after": "label"}),
        ("Afspraak: %(description)s – %(owner)s, uiterlijk %(due)s.", {"due": "day"}),
        (
            "Voorstel: %(lead)s eerste reactie%(involved)s. %(reasons)s Reageren kan tot "
            "%(deadline)s.",
            {"involved": "involved", "deadline": "moment"},
        ),
    ]

    status = message_from_dutch("Status: Toegewezen → Wacht op derden. Reden: gemeente", patterns)
    assert read(status, "en") == "Status: Assigned → Waiting for others. Reason: gemeente"

    action = message_from_dutch("Afspraak: Gesprek – Veens, uiterlijk 07-12-2026.", patterns)
    assert action["p"]["due"] == {"day": "2026-12-07"}

    proposal = message_from_dutch(
        "Voorstel: Veens eerste reactie, betrokken: Politie. Zo besloten. Reageren kan tot "
        "07-12-2026 09:30.",
        patterns,
    )
    english = read(proposal, "en")
    assert english.startswith("Proposal: Veens first responder")
    assert "Politie" in english and "7 December 2026, 09:30" in english

    assert message_from_dutch("Een opmerking van iemand", patterns) is None
