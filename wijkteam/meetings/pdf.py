"""The minutes as a PDF file: one reader's copy (copies.py), drawn with fpdf2 in the PDF core
font Helvetica, so no font files are needed. The core fonts know Windows-1252 (é, ë, ï, ‘’, –,
€ and the other Dutch characters); a character outside it is printed as "?" instead of failing.
Only the copy's fields are drawn, never an agenda item's own."""

import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from wijkteam.meetings.copies import MinutesCopy
from wijkteam.meetings.redaction import ItemView

ENCODING = "windows-1252"
FONT = "Helvetica"
# Characters people type that the core fonts lack, with what reads the same.
_PLAIN = str.maketrans({"→": "->", "←": "<-", "≥": ">=", "≤": "<=", "\u00a0": " ", "\t": "    "})


def plain(text: str) -> str:
    """``text`` as the core fonts can print it."""
    text = unicodedata.normalize("NFC", str(text)).translate(_PLAIN)
    return text.encode(ENCODING, "replace").decode(ENCODING)


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _time(moment) -> str:
    return date_format(timezone.localtime(moment), "TIME_FORMAT")


class MinutesDocument(FPDF):
    def __init__(self, copy: MinutesCopy):
        super().__init__(format="A4")
        self.copy = copy
        self.core_fonts_encoding = ENCODING
        # Uncompressed: the files are small, and the text stays readable to the checks that
        # search every download for what its reader may not see (tests/matrix, tests/leakwalk).
        self.set_compression(False)
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(plain(copy.title))
        self.set_creator("Wijkteam")
        self.alias_nb_pages()

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(FONT, size=8)
        line = _("Exemplaar voor %(reader)s · pagina %(page)s van %(pages)s") % {
            "reader": self.copy.reader,
            "page": self.page_no(),
            "pages": "{nb}",
        }
        self.cell(0, 5, plain(line), align="C")

    # --- drawing helpers ---------------------------------------------------------------------

    def text_block(self, text: str, *, size: float = 10, style: str = "", gap: float = 1) -> None:
        self.set_font(FONT, style=style, size=size)
        self.multi_cell(0, size * 0.5, plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def heading(self, text: str, *, size: float = 13) -> None:
        self.ln(2)
        self.text_block(text, size=size, style="B", gap=2)

    def fact(self, label: str, value: str) -> None:
        self.text_block(f"{label}: {value}")


def _facts(pdf: MinutesDocument, copy: MinutesCopy) -> None:
    meeting = copy.meeting
    pdf.text_block(copy.title, size=16, style="B", gap=3)
    pdf.fact(
        _("Datum"),
        f"{_day(meeting.starts_at)}, {_time(meeting.starts_at)}–{_time(meeting.ends_at)}",
    )
    if meeting.place:
        pdf.fact(_("Plaats"), meeting.place)
    pdf.fact(_("Voorzitter"), meeting.chair.full_name if meeting.chair else _("niet bekend"))
    if meeting.closed_at:
        pdf.fact(_("Vastgesteld"), _day(meeting.closed_at))
    else:
        pdf.fact(_("Status"), _("concept, nog niet vastgesteld"))
    pdf.fact(_("Exemplaar voor"), copy.reader)
    pdf.heading(_("Aanwezigheid"))
    if not copy.attendance:
        pdf.text_block(_("Niet vastgelegd."))
    for row in copy.attendance:
        names = f" ({row.names})" if row.names else ""
        pdf.text_block(f"{row.organisation.name}: {row.get_presence_display()}{names}")


def _item(pdf: MinutesDocument, view: ItemView) -> None:
    pdf.heading(f"{view.number}. {view.heading}", size=11)
    why = " – ".join(part for part in (view.kind, view.reason) if part)
    if why:
        pdf.fact(_("Waarom op de agenda"), why)
    if view.outcome:
        pdf.fact(_("Uitkomst"), view.outcome)
    if view.minutes:
        pdf.text_block(view.minutes)
    for action in view.actions:
        owner = action.owner_organisation.name
        if action.owner_user_id:
            owner = f"{owner}, {action.owner_user.full_name}"
        line = _("Actie: %(what)s (%(owner)s, uiterlijk %(day)s)") % {
            "what": action.description,
            "owner": owner,
            "day": date_format(action.due_date, "DATE_FORMAT"),
        }
        pdf.text_block(f"- {line}")
    for addendum in view.addenda:
        _addendum(pdf, addendum)


def _addendum(pdf: MinutesDocument, addendum) -> None:
    label = _("Aanvulling van %(day)s door %(author)s") % {
        "day": _day(addendum.created_at),
        "author": addendum.author.full_name,
    }
    pdf.text_block(label, style="I", gap=0)
    pdf.text_block(addendum.text)


def minutes_pdf(copy: MinutesCopy) -> bytes:
    """The copy as a PDF file."""
    pdf = MinutesDocument(copy)
    pdf.add_page()
    _facts(pdf, copy)
    pdf.heading(_("Agendapunten"))
    if not copy.items:
        pdf.text_block(_("Dit overleg had geen agendapunten."))
    for view in copy.items:
        _item(pdf, view)
    if copy.addenda:
        pdf.heading(_("Aanvullingen op de notulen"))
        for addendum in copy.addenda:
            _addendum(pdf, addendum)
    return bytes(pdf.output())
