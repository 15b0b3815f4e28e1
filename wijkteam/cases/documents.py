"""Documents attached to a case (a letter, a report, a photo of the situation): what is accepted,
and adding and removing them.

As with intake photos, an upload's type is decided by its content, never by its name or the
type the browser claims. JPEG and PNG go through the photo intake: re-encoded, so that GPS
positions and other metadata are gone. A PDF cannot be re-encoded that simply, so it is stored
as it came in, and only when it holds nothing that acts by itself when a colleague opens it.
"""

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_remove_document
from wijkteam.cases.guards import forbidden, require_details
from wijkteam.cases.models import Case, CaseDocument, CaseEventKind
from wijkteam.cases.steps import case_event, require_personal_data_kept
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.actors import Actor
from wijkteam.signals.photos import clean_name, format_size, process_photo

PDF = "application/pdf"
# What may be stored and served, with the extensions that fit each type (the first is used).
EXTENSIONS = {PDF: ("pdf",), "image/jpeg": ("jpg", "jpeg"), "image/png": ("png",)}
MAX_TITLE_LENGTH = 200

_FIELD = "file"
_MB = 1024 * 1024
_JPEG_START = b"\xff\xd8\xff"
_PNG_START = b"\x89PNG\r\n\x1a\n"
# PDF readers accept the end-of-file marker anywhere in the last 1024 bytes (mail programs and
# old transfer tools append junk); a PDF without it was cut off on the way.
_EOF_WINDOW = 1024

# Names (PDF dictionary keys and values) that make a PDF do something by itself. A document for
# colleagues only needs to show pages; everything here can run code or start a program on the
# reader's computer, or smuggle in something other than what the list on the case page shows:
# - JavaScript, JS: scripts, run on opening (an /OpenAction with JS), on a page or a form field.
#   An /OpenAction itself is common and harmless (open at page 1, fit the width); only one that
#   runs a script is dangerous, and that script always needs one of these two names.
# - Launch: starts a program or opens a file on the reader's computer.
# - EmbeddedFile(s): files inside the PDF (an .exe in a "PDF") that readers offer to open.
# - AA: "additional actions", triggers on opening or closing a page or touching a form field.
# - RichMedia: embedded Flash/video with its own player, a history of exploits.
# - XFA: dynamic XML forms with their own scripting, only run by Adobe's readers.
_ACTIVE_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"AA",
        b"RichMedia",
        b"XFA",
    }
)
# An encrypted PDF's strings and streams cannot be read without its key, so nothing above can
# be checked in it: refused as a whole.
_ENCRYPTED = b"Encrypt"

# PDF syntax, enough to find names outside and inside object streams. A name runs from "/" to
# whitespace or a delimiter; "#xx" in a name is the character with hex code xx, so "/J#53" is
# "/JS" to a reader and must be to this check too.
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# The "stream" keyword as a word of its own (not the end of "endstream").
_STREAM = re.compile(rb"(?<![^\x00\t\n\x0c\r ()<>\[\]{}/%])stream(?:\r\n|\n|\r)")
_ENDSTREAM = b"endstream"
# Objects ("12 0 obj") and the trailer: a reader finds these through the file's offsets, so a
# "stream" that contains them is not skipped as data but read as the rest of the file is.
_STRUCTURE = re.compile(rb"\d+\s+\d+\s+obj\b|\btrailer\b")
# Compressed object streams (PDF 1.5+) hold most objects of a modern PDF, so a check that only
# read the plain text would miss a script hidden there. A reader needs /First and /N to read
# one, whether or not it says /Type /ObjStm.
_OBJECT_STREAM_MARKS = (frozenset({b"ObjStm"}), frozenset({b"First", b"N"}))
_FLATE = frozenset({b"FlateDecode", b"Fl"})
# Encodings (and PNG predictors) this check does not undo: on an object stream they would hide
# its names.
_UNCHECKED_ENCODINGS = frozenset(
    {
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"LZWDecode",
        b"LZW",
        b"RunLengthDecode",
        b"RL",
        b"Crypt",
        b"Predictor",
    }
)
# Object streams are small (kilobytes); a PDF whose object streams unpack to more than this is
# more likely a compression bomb than a letter.
_MAX_UNPACKED = 64 * _MB


@dataclass(frozen=True)
class ProcessedDocument:
    content: bytes
    content_type: str
    extension: str
    original_name: str


def max_document_bytes() -> int:
    """The largest upload accepted, in bytes; ``WIJKTEAM_DOCUMENT_MAX_BYTES`` overrides 20 MB."""
    return getattr(settings, "WIJKTEAM_DOCUMENT_MAX_BYTES", 20 * _MB)


def process_document(*, upload: UploadedFile) -> ProcessedDocument:
    """Check an uploaded document and return what may be stored: a JPEG or PNG re-encoded by the
    photo intake (metadata dropped), or a PDF as it is when it is complete, not encrypted and
    without active content.

    Raises ``DomainError`` with a Dutch message for anything else.
    """
    data = _read_within_limit(upload=upload)
    if data.startswith((_JPEG_START, _PNG_START)):
        photo = process_photo(upload=upload)
        return ProcessedDocument(
            content=photo.content,
            content_type=photo.content_type,
            extension=photo.extension,
            original_name=photo.original_name,
        )
    if not data.startswith(b"%PDF-"):
        raise DomainError(
            _("Dit soort bestand kan niet bij een casus. Alleen PDF, JPEG of PNG."),
            field=_FIELD,
            code="document_type",
        )
    _check_pdf(data=data)
    return ProcessedDocument(
        content=data, content_type=PDF, extension="pdf", original_name=clean_name(name=upload.name)
    )


def download_name(document: CaseDocument) -> str:
    """The name to save a document under: its original name, with an extension that fits what
    the file really is (a PNG that came in as "rapport.exe" leaves as "rapport.exe.png")."""
    extensions = EXTENSIONS[document.content_type]
    stem, dot, suffix = document.original_name.rpartition(".")
    if dot and stem and suffix.lower() in extensions:
        return document.original_name
    return f"{document.original_name or 'document'}.{extensions[0]}"


def case_document_add(
    *, actor: Actor, case: Case, document: ProcessedDocument, title: str = ""
) -> CaseDocument:
    """Attach a checked document to a case, open or closed, with a line on its timeline: any
    member of the wijkteam who may work cases and sees the case's details, until the case's
    personal data is removed."""
    title = title.strip()
    case = Case.objects.get(pk=case.pk)
    uploader = require_details(actor, case)
    require_personal_data_kept(case)
    if len(title) > MAX_TITLE_LENGTH:
        raise DomainError(
            _("De omschrijving is te lang (maximaal %(max)s tekens).") % {"max": MAX_TITLE_LENGTH},
            field="title",
        )
    stored = CaseDocument(
        case=case,
        content_type=document.content_type,
        size=len(document.content),
        original_name=document.original_name,
        title=title,
        uploaded_by=uploader,
        organisation=uploader.organisation,
    )
    # The file first, outside the transaction: no database lock is held while it is written.
    stored.file.save(f"document.{document.extension}", ContentFile(document.content), save=False)
    try:
        with transaction.atomic():
            # Checked again under the case's lock: the retention run may have come in between.
            require_personal_data_kept(Case.objects.select_for_update().get(pk=case.pk))
            stored.save()
            with in_default_language():
                case_event(
                    case,
                    actor,
                    CaseEventKind.DOCUMENT,
                    Message(gettext_noop("Document toegevoegd: %(name)s"), name=str(stored)),
                )
            audit_record(
                actor=actor,
                action="document_add",
                instance=case,
                changes={
                    "document": stored.pk,
                    "name": stored.original_name,
                    "title": title,
                    "content_type": stored.content_type,
                    "size": stored.size,
                },
            )
    except BaseException:
        # Without its row nobody could ever find or remove the file.
        stored.file.storage.delete(stored.file.name)
        raise
    return stored


def case_document_remove(*, actor: Actor, document: CaseDocument) -> None:
    """Remove a document from its case: its uploader's organisation or the chair, in the
    wijkteam and seeing the case's details. Its file goes once the removal is committed."""
    with transaction.atomic():
        locked = (
            CaseDocument.objects.select_for_update(of=("self",))
            .select_related("case__team")
            .filter(pk=document.pk)
            .first()
        )
        if locked is None:
            raise DomainError(_("Dit document is al verwijderd."))
        case = locked.case
        user = require_details(actor, case)
        if not may_remove_document(user, locked):
            raise forbidden(
                _(
                    "Alleen de organisatie die dit document toevoegde of de voorzitter "
                    "verwijdert het."
                )
            )
        name, file_name, storage = str(locked), locked.file.name, locked.file.storage
        locked.delete()
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.DOCUMENT,
                Message(gettext_noop("Document verwijderd: %(name)s"), name=name),
            )
        audit_record(
            actor=actor,
            action="document_remove",
            instance=case,
            changes={"document": document.pk, "name": locked.original_name, "title": locked.title},
        )
        # Only after the commit: a rolled back removal must still find its file.
        transaction.on_commit(partial(storage.delete, file_name))


# --- reading an upload ------------------------------------------------------------------------


def _read_within_limit(*, upload: UploadedFile) -> bytes:
    """The upload's bytes, refusing a file over the limit without reading more than needed."""
    limit = max_document_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_large(size=upload.size, limit=limit)
    upload.seek(0)
    # The reported size comes from the client or the upload handler; don't trust it with memory.
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(size=None, limit=limit)
    return data


def _too_large(*, size: int | None, limit: int) -> DomainError:
    if size is None:
        message = _("Dit bestand is te groot. Het maximum is %(max)s.") % {
            "max": format_size(limit)
        }
    else:
        message = _("Dit bestand is te groot (%(size)s). Het maximum is %(max)s.") % {
            "size": format_size(size),
            "max": format_size(limit),
        }
    return DomainError(message, field=_FIELD, code="document_too_large")


# --- checking a PDF ---------------------------------------------------------------------------
#
# This reads a PDF as a sequence of bytes, not as a reader would (no dependency on a PDF parser):
# it finds every name outside stream data and inside object streams, decoded as a reader decodes
# it. That covers where PDF tools and known malicious PDFs put active content; it is a filter,
# not a proof. The download is the second line: always saved, never shown in the browser
# (Content-Disposition: attachment, nosniff, a sandboxing Content-Security-Policy).


def _check_pdf(*, data: bytes) -> None:
    if data.rfind(b"%%EOF", max(0, len(data) - _EOF_WINDOW)) == -1:
        raise _damaged_pdf()
    names = _pdf_names(data=data)
    if _ENCRYPTED in names:
        raise DomainError(
            _(
                "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. Dan kunnen wij "
                "niet controleren wat erin zit. Sla het op zonder beveiliging en probeer het "
                "opnieuw."
            ),
            field=_FIELD,
            code="pdf_encrypted",
        )
    if names & _ACTIVE_NAMES:
        raise DomainError(
            _(
                "Dit PDF-bestand bevat onderdelen die zelf iets kunnen doen, zoals scripts, "
                "ingesloten bestanden of invulformulieren. Maak er een gewone PDF van "
                "(bijvoorbeeld met 'Afdrukken als PDF') en probeer het opnieuw."
            ),
            field=_FIELD,
            code="pdf_active_content",
        )


def _pdf_names(*, data: bytes) -> set[bytes]:
    """Every name in the PDF outside stream data, plus those inside its object streams."""
    names: set[bytes] = set()
    budget = _MAX_UNPACKED
    for text, stream in _pdf_parts(data=data):
        text_names = _names(text)
        names |= text_names
        if stream is None or not any(marks <= text_names for marks in _OBJECT_STREAM_MARKS):
            continue
        if text_names & _UNCHECKED_ENCODINGS:
            raise _unchecked_pdf()
        if text_names & _FLATE:
            stream = _unpack(stream=stream, budget=budget)
            budget -= len(stream)
        names |= _names(stream)
    return names


def _pdf_parts(*, data: bytes) -> Iterator[tuple[bytes, bytes | None]]:
    """The PDF as (text, stream data) pairs: the text up to a "stream" keyword, then the data up
    to "endstream"; the last pair has no stream. The text before a stream ends with its
    dictionary. Data holding objects or a trailer is read as text, not skipped."""
    text_start = search_from = 0
    end = structure = -1
    while (match := _STREAM.search(data, search_from)) is not None:
        # Both searches only move forward, so a file full of "stream" keywords stays linear.
        if end < match.end():
            found = data.find(_ENDSTREAM, match.end())
            end = len(data) if found == -1 else found
        if structure < match.end():
            found = _STRUCTURE.search(data, match.end())
            structure = len(data) if found is None else found.start()
        if structure < end:
            search_from = match.end()
            continue
        yield data[text_start : match.start()], data[match.end() : end]
        text_start = search_from = end + len(_ENDSTREAM)
    yield data[text_start:], None


def _names(text: bytes) -> set[bytes]:
    return {_NAME_ESCAPE.sub(_unescape, name) for name in _NAME.findall(text)}


def _unescape(match: re.Match[bytes]) -> bytes:
    return bytes([int(match[1], 16)])


def _unpack(*, stream: bytes, budget: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        unpacked = inflater.decompress(stream, budget + 1)
    except zlib.error as error:
        raise _damaged_pdf() from error
    if len(unpacked) > budget:
        raise _unchecked_pdf()
    return unpacked


def _damaged_pdf() -> DomainError:
    return DomainError(
        _(
            "Dit PDF-bestand is beschadigd of niet volledig verstuurd. Probeer het opnieuw of "
            "kies een ander bestand."
        ),
        field=_FIELD,
        code="pdf_damaged",
    )


def _unchecked_pdf() -> DomainError:
    return DomainError(
        _(
            "Dit PDF-bestand kunnen wij niet controleren. Maak er een gewone PDF van "
            "(bijvoorbeeld met 'Afdrukken als PDF') en probeer het opnieuw."
        ),
        field=_FIELD,
        code="pdf_unchecked",
    )
