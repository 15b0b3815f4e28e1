"""The check of a PDF before it is stored on a case (documents.py): complete, not encrypted,
and holding nothing that acts by itself when a colleague opens it.

pypdf reads the file as a reader does: the cross-reference tables and streams, object streams,
name escapes ("/J#53" is "/JS"), and a rebuilt table for a damaged file. Every object is
looked at, not only those reachable from the document: the ones its tables list, the ones
the trailer reaches, and those in any object stream (a reader that rebuilds a damaged file's
table finds them too). Streams other than object streams (page content, images) are never
unpacked. This covers where PDF tools and known malicious PDFs put active content; it is a
filter, not a proof. The download is the second line: always saved, never shown in the
browser (Content-Disposition: attachment, nosniff, a sandboxing Content-Security-Policy).
"""

import logging
import threading
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PdfReadError
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

from wijkteam.core.errors import DomainError

_MB = 1024 * 1024
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
        "/JavaScript",
        "/JS",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/AA",
        "/RichMedia",
        "/XFA",
    }
)
# Form fields (/FT: text, buttons, choices) make a fill-in form, whose fields can also submit
# what is typed elsewhere. A signature field is what a signed letter has: that is kept.
_FIELD_TYPE = "/FT"
_SIGNATURE_FIELD = "/Sig"
# A stream that a reader can read objects from (PDF 1.5 object streams) needs /N and /First,
# whether or not it says /Type /ObjStm.
_OBJECT_STREAM_KEYS = ("/N", "/First")
# Object streams are small (kilobytes); a PDF whose object streams unpack to more than this is
# more likely a compression bomb than a letter. It is also the most any one stream may unpack
# to while the file is read.
_MAX_UNPACKED = 64 * _MB
# Reading every object takes time: a long report holds some tens of thousands of objects and
# their parts (names, numbers, lists). A file of nothing but hundreds of thousands of tiny objects
# would keep the request busy for many seconds, and is no letter either.
_MAX_PARTS = 500_000


def check_pdf(*, data: bytes, field: str) -> None:
    """Refuse, with a ``DomainError`` for the form's ``field``, a PDF that is cut off or damaged,
    encrypted, too much to check, or holds active content."""
    if data.rfind(b"%%EOF", max(0, len(data) - _EOF_WINDOW)) == -1:
        raise _damaged_pdf(field)
    limits = {
        name: _MAX_UNPACKED
        for name in (
            "zlib_maximum_output_length",
            "lzw_maximum_output_length",
            "run_length_maximum_output_length",
            "brotli_maximum_output_length",
            "array_based_stream_maximum_output_length",
            "stream_decoding_work_maximum_length",
        )
    }
    # Never start another program (jbig2dec) for a file from outside.
    configuration = apply_configuration(
        jbig2dec_binary=None, disable_legacy_handling=True, **limits
    )
    with configuration, _ObjectRepairs() as repairs:
        try:
            # Tolerant of what often goes wrong in real files (a cross-reference table that is
            # off and has to be rebuilt, a stream whose length is a byte off)...
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise _encrypted_pdf(field)
            active = _active_content(reader)
            # ...but not of an object pypdf could only read in part: it drops what it cannot
            # read, and a more forgiving reader might read that and run it.
            if repairs.count:
                raise _damaged_pdf(field)
        except DomainError:
            raise
        except (LimitReachedError, NotImplementedError) as error:
            # Too much to unpack, or an encoding pypdf does not undo: its contents stay unseen.
            raise _unchecked_pdf(field) from error
        except Exception as error:
            # Whatever else a broken file makes the parser raise: a clear refusal, never a 500.
            raise _damaged_pdf(field) from error
    if active:
        raise DomainError(
            _(
                "Dit PDF-bestand bevat onderdelen die zelf iets kunnen doen, zoals scripts, "
                "ingesloten bestanden of invulformulieren. Maak er een gewone PDF van "
                "(bijvoorbeeld met 'Afdrukken als PDF') en probeer het opnieuw."
            ),
            field=field,
            code="pdf_active_content",
        )


def _active_content(reader: PdfReader) -> bool:
    """Whether any object of the PDF holds a name of ``_ACTIVE_NAMES`` (as a key or a value) or
    is a form field other than a signature."""
    budget = _Budget()
    # The object streams the tables point into are unpacked (and counted) first, so that no
    # object in them is read before their total size is known.
    for number in sorted({number for number, _index in reader.xref_objStm.values()}):
        budget.unpack(IndirectObject(number, 0, reader).get_object())
    pending: list[Any] = [reader.trailer]
    pending += [
        IndirectObject(number, generation, reader)
        for generation, numbers in reader.xref.items()
        for number in numbers
    ]
    pending += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen_references: set[tuple[int, int]] = set()
    seen_streams: set[int] = set()
    parts_left = _MAX_PARTS
    while pending:
        item = pending.pop()
        parts_left -= 1
        if parts_left < 0:
            raise LimitReachedError("too many objects to check")
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) not in seen_references:
                seen_references.add((item.idnum, item.generation))
                pending.append(item.get_object())
        elif isinstance(item, NameObject):
            if item in _ACTIVE_NAMES:
                return True
        elif isinstance(item, DictionaryObject):
            # dict's own methods: the values as stored (references unresolved, so that each
            # object is read once and a cycle ends), whatever subclass pypdf chose.
            if any(key in _ACTIVE_NAMES for key in dict.keys(item)):
                return True
            field_type = dict.get(item, _FIELD_TYPE)
            if isinstance(field_type, IndirectObject):
                field_type = field_type.get_object()
            if field_type is not None and field_type != _SIGNATURE_FIELD:
                return True
            pending += dict.values(item)
            if (
                isinstance(item, StreamObject)
                and all(key in item for key in _OBJECT_STREAM_KEYS)
                and id(item) not in seen_streams
            ):
                seen_streams.add(id(item))
                pending += _object_stream_objects(reader, item, budget)
        elif isinstance(item, ArrayObject):
            pending += list.__iter__(item)
    return False


class _ObjectRepairs(logging.Handler):
    """Counts the repairs pypdf makes (and reports as warnings) while it reads the syntax of an
    object, in this thread only: another request may be reading a PDF at the same time."""

    _LOGGER = "pypdf.generic"

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.count += 1

    def __enter__(self) -> "_ObjectRepairs":
        logging.getLogger(self._LOGGER).addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        logging.getLogger(self._LOGGER).removeHandler(self)


class _Budget:
    """What the object streams unpacked to so far, up to ``_MAX_UNPACKED`` in all."""

    def __init__(self) -> None:
        self.left = _MAX_UNPACKED
        self.counted: set[int] = set()

    def unpack(self, stream: Any) -> bytes:
        if not isinstance(stream, StreamObject):
            raise PdfReadError("an object stream that is no stream")
        data = stream.get_data()
        if id(stream) not in self.counted:
            self.counted.add(id(stream))
            self.left -= len(data)
            if self.left < 0:
                raise LimitReachedError("object streams unpack to too much")
        return data


def _object_stream_objects(reader: PdfReader, stream: StreamObject, budget: _Budget) -> list:
    """The objects in an object stream, read with pypdf's own object parser: the stream's
    header lists (object number, offset) pairs, and each offset counts from /First."""
    data = budget.unpack(stream)
    first = int(stream["/First"])
    if not 0 <= first <= len(data):
        raise PdfReadError("/First outside the object stream")
    header = data[:first].split()
    offsets = [int(offset) for offset in header[1::2]]
    found = []
    source = BytesIO(data)
    for offset in offsets[: int(stream["/N"])]:
        if not 0 <= first + offset < len(data):
            raise PdfReadError("an object outside the object stream")
        source.seek(first + offset)
        found.append(read_object(source, reader))
    return found


def _encrypted_pdf(field: str) -> DomainError:
    # An encrypted PDF's strings and streams cannot be read without its key, so nothing can be
    # checked in it: refused as a whole.
    return DomainError(
        _(
            "Dit PDF-bestand is beveiligd met een wachtwoord of versleuteld. Dan kunnen wij "
            "niet controleren wat erin zit. Sla het op zonder beveiliging en probeer het "
            "opnieuw."
        ),
        field=field,
        code="pdf_encrypted",
    )


def _damaged_pdf(field: str) -> DomainError:
    return DomainError(
        _(
            "Dit PDF-bestand is beschadigd of niet volledig verstuurd. Probeer het opnieuw of "
            "kies een ander bestand."
        ),
        field=field,
        code="pdf_damaged",
    )


def _unchecked_pdf(field: str) -> DomainError:
    return DomainError(
        _(
            "Dit PDF-bestand kunnen wij niet controleren. Maak er een gewone PDF van "
            "(bijvoorbeeld met 'Afdrukken als PDF') en probeer het opnieuw."
        ),
        field=field,
        code="pdf_unchecked",
    )
