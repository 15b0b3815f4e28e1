"""The minutes' PDF is a real PDF: read back with pypdf it says what the copy says, Dutch
characters included, and long minutes run onto further pages."""

from io import BytesIO

from pypdf import PdfReader

from tests.meetings.held import NOISE_ACTION, held_meeting
from wijkteam.meetings.copies import partner_copy
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import AgendaItem, ItemKind, ItemOutcome
from wijkteam.meetings.pdf import minutes_pdf, plain

DUTCH = "Eén bewoner is geïnformeerd in café ‘De Hoek’ – kosten € 25, reeën en coöperatie."


def _reader(body: bytes) -> PdfReader:
    return PdfReader(BytesIO(body))


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_reads_back_with_its_dutch_characters(world):
    held = held_meeting(world)
    AgendaItem.objects.filter(pk=held.member_item.pk).update(
        minutes=DUTCH, outcome=ItemOutcome.DISCUSSED
    )
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()

    reader = _reader(minutes_pdf(partner_copy(held.meeting, world.politie)))
    text = _text(reader)

    assert DUTCH in text
    for word in ("één", "geïnformeerd", "café"):
        assert word in text
    assert "Notulen wijkteamoverleg Wijk 01 Testoord" in text
    assert "Buurtfeest Petenbos" in text and NOISE_ACTION in text
    assert "Politie Test: Aanwezig (Agnes)" in text
    assert "Exemplaar voor Politie Test" in text
    assert reader.metadata.title == "Notulen wijkteamoverleg Wijk 01 Testoord"


def test_characters_the_core_font_lacks_become_a_question_mark_instead_of_an_error(world):
    assert plain("A → B ≥ 3 漢字 ë") == "A -> B >= 3 ?? ë"
    held = held_meeting(world)
    AgendaItem.objects.filter(pk=held.member_item.pk).update(minutes="Pijl → 漢字 🙂 klaar")
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()

    text = _text(_reader(minutes_pdf(partner_copy(held.meeting, world.politie))))
    assert "Pijl -> ?? ? klaar" in text


def test_many_long_items_run_onto_further_pages_with_their_numbers(world):
    held = held_meeting(world)
    long_minutes = " ".join(["De partners bespraken de situatie in de portiek uitgebreid."] * 12)
    for n in range(12):
        AgendaItem.objects.create(
            meeting=held.meeting,
            kind=ItemKind.MEMBER,
            title=f"Lang agendapunt {n + 1}",
            minutes=long_minutes,
            outcome=ItemOutcome.DISCUSSED,
            position=100 + n,
        )
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()

    reader = _reader(minutes_pdf(partner_copy(held.meeting, world.politie)))

    assert len(reader.pages) > 1
    last = reader.pages[-1].extract_text()
    assert f"pagina {len(reader.pages)} van {len(reader.pages)}" in last
    assert "Lang agendapunt 12" in _text(reader)
    assert "Lang agendapunt 12" not in reader.pages[0].extract_text()


def test_a_meeting_without_items_still_makes_a_pdf(world):
    held = held_meeting(world)
    AgendaItem.objects.filter(meeting=held.meeting).delete()
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()

    text = _text(_reader(minutes_pdf(partner_copy(held.meeting, world.welzijn))))
    assert "Dit overleg had geen agendapunten." in text
