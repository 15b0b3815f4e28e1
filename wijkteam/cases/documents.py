"""Documents attached to a case (a letter, a report, a photo of the situation): what is accepted,
and adding and removing them.

As with intake photos, an upload's type is decided by its content, never by its name or the
type the browser claims. JPEG and PNG go through the photo intake: re-encoded, so that GPS
positions and other metadata are gone. A PDF cannot be re-encoded that simply, so it is stored
as it came in, and only when it holds nothing that acts by itself when a colleague opens it.
"""

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
from wijkteam.cases.pdf_check import check_pdf
from wijkteam.cases.steps import case_event, require_personal_data_kept
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.core.written_files import atomic_with_files, file_written
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
    check_pdf(data=data, field=_FIELD)
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
    # Without its row nobody could ever find or remove the file: a write that fails deletes it.
    with atomic_with_files():
        # The file first, before the case's lock: no lock is held while it is written.
        stored.file.save(
            f"document.{document.extension}", ContentFile(document.content), save=False
        )
        file_written(stored.file)
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
