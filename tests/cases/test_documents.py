"""Documents on a case: what is accepted (by content, never by name), who may add, download and
remove them, and how a download is served."""

import random
import zlib
from collections.abc import Callable
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from tests.cases.support import address, case_of, intake
from tests.factories import add_member, make_user
from wijkteam.access.models import AccessLogEntry, AuditEntry
from wijkteam.cases import documents, pdf_check
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.cases.models import CaseDocument, CaseEvent, CaseEventKind
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import TeamFunction

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a folder of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case(world):
    """A noise case in wijk A: every member of team A sees its details."""
    return case_of(intake("overlast-geluid", location=address()))


@pytest.fixture
def care_case(world):
    """A care case: only the organisations taking part (here Welzijn) see its details."""
    return case_of(
        intake(
            "zorg-verwaarlozing",
            location=address(number=7, postcode="3999AB"),
            receiving_organisation=world.welzijn,
        )
    )


# --- building files ---------------------------------------------------------------------------


def pdf(*, catalog: bytes = b"", extra: tuple[bytes, ...] = (), trailer: bytes = b"") -> bytes:
    """A small, well-formed one-page PDF. ``extra`` objects are numbered from 6 on."""
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Brief aan de huurder) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,
    ]
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n"
    output += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def object_stream(*objects: bytes, compress: bool = True, marks: bytes = b"/Type /ObjStm") -> bytes:
    """An object stream (PDF 1.5) holding ``objects`` as numbers 20, 21, ..."""
    offsets, body = [], b""
    for index, item in enumerate(objects):
        offsets.append(b"%d %d" % (20 + index, len(body)))
        body += item + b"\n"
    header = b" ".join(offsets) + b"\n"
    data = header + body
    encoded = zlib.compress(data) if compress else data
    return (
        b"<< %s /N %d /First %d /Length %d%s >>\nstream\n"
        % (marks, len(objects), len(header), len(encoded), b" /Filter /FlateDecode" * compress)
        + encoded
        + b"\nendstream"
    )


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Fairphone"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 1.0, 30.0)})
    buffer = BytesIO()
    Image.effect_noise((40, 20), 64).convert("RGB").save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "brief.pdf") -> SimpleUploadedFile:
    # The browser's content type is deliberately wrong: it must not matter.
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refusal(content: bytes, name: str = "brief.pdf") -> DomainError:
    with pytest.raises(DomainError) as caught:
        process_document(upload=upload(content, name))
    return caught.value


def add(world, case, content: bytes = b"", name: str = "brief.pdf", actor=None, title: str = ""):
    return case_document_add(
        actor=actor or world.consulent_a,
        case=case,
        document=process_document(upload=upload(content or pdf(), name)),
        title=title,
    )


# --- what is accepted -------------------------------------------------------------------------


def test_a_plain_pdf_is_stored_as_it_came_in():
    content = pdf(catalog=b"/OpenAction [3 0 R /Fit] ")  # opening at page 1 is harmless
    document = process_document(upload=upload(content, "C:\\Users\\cor\\Brief huurder.pdf"))
    assert (document.content_type, document.extension) == ("application/pdf", "pdf")
    assert document.content == content
    assert document.original_name == "Brief huurder.pdf"


def test_a_pdf_with_ordinary_object_streams_is_accepted():
    fonts = object_stream(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
    assert process_document(upload=upload(pdf(extra=(fonts,)))).content_type == "application/pdf"


def test_photos_are_re_encoded_without_their_gps_position():
    source = jpeg_with_gps()
    assert b"Fairphone" in source and Image.open(BytesIO(source)).getexif().get_ifd(GPS_IFD)
    document = process_document(upload=upload(source, "IMG_0042.jpg"))
    assert (document.content_type, document.extension) == ("image/jpeg", "jpg")
    assert not Image.open(BytesIO(document.content)).getexif()
    assert b"Fairphone" not in document.content
    assert process_document(upload=upload(png(), "kaart.png")).content_type == "image/png"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64) + b"This program cannot be run", "brief.pdf"),
        (b"<!DOCTYPE html><script>alert(document.cookie)</script>", "foto.png"),
        (b"PK\x03\x04 a Word document", "verslag.pdf"),
        (b"", "leeg.pdf"),
    ],
)
def test_anything_but_pdf_jpeg_or_png_is_refused_whatever_its_name(content, name):
    error = refusal(content, name)
    assert "Alleen PDF, JPEG of PNG." in error.message
    assert error.code == "document_type"


@pytest.mark.parametrize(
    "catalog",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ",
        b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> ",  # escaped names
        b"/OpenAction << /S /Launch /F (cmd.exe) >> ",
        b"/Names << /EmbeddedFiles << /Names [(factuur.exe) 9 0 R] >> >> ",
        b"/AA << /O << /S /URI /URI (https://example.org) >> >> ",
        b"/AcroForm << /Fields [] /XFA 9 0 R >> ",
        b"/Extra << /RichMedia 9 0 R >> ",
    ],
)
def test_a_pdf_with_active_content_is_refused(catalog):
    error = refusal(pdf(catalog=catalog))
    assert error.code == "pdf_active_content"
    assert "zelf iets kunnen doen" in error.message


@pytest.mark.parametrize(
    "marks",
    [b"/Type /ObjStm", b"/Type /Obj#53tm", b""],  # a reader needs only /N and /First
)
def test_javascript_hidden_in_a_compressed_object_stream_is_refused(marks):
    hidden = object_stream(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>", marks=marks)
    content = pdf(catalog=b"/OpenAction 20 0 R ", extra=(hidden,))
    assert b"JavaScript" not in content  # really hidden from a plain search
    assert refusal(content).code == "pdf_active_content"
    plain = object_stream(b"<< /S /JavaScript /JS (x) >>", compress=False, marks=marks)
    assert refusal(pdf(extra=(plain,))).code == "pdf_active_content"


def test_an_object_stream_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_check, "_MAX_UNPACKED", 1000)
    padded = object_stream(b"<< /Padding (" + b"x" * 5000 + b") >>")
    assert refusal(pdf(extra=(padded,))).code == "pdf_unchecked"


def test_a_pdf_of_too_many_objects_to_check_in_time_is_refused(monkeypatch):
    monkeypatch.setattr(pdf_check, "_MAX_PARTS", 200)
    assert process_document(upload=upload(written()))
    many = written(lambda writer: [writer.add_blank_page(595, 842) for _ in range(40)])
    assert refusal(many).code == "pdf_unchecked"


def test_an_encrypted_pdf_is_refused_because_it_cannot_be_checked():
    key = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /O <00> /U <00> /P -3904 >>"
    error = refusal(pdf(extra=(key,), trailer=b"/Encrypt 6 0 R "))
    assert error.code == "pdf_encrypted"
    assert "niet controleren" in error.message


def test_a_pdf_cut_off_on_the_way_is_refused():
    assert refusal(pdf()[:-300]).code == "pdf_damaged"


def test_a_document_over_the_limit_is_refused(settings):
    settings.WIJKTEAM_DOCUMENT_MAX_BYTES = 500
    error = refusal(pdf() + b" " * 600)
    assert error.code == "document_too_large"
    assert "Het maximum is 500 bytes." in error.message
    settings.WIJKTEAM_DOCUMENT_MAX_BYTES = 2048
    assert process_document(upload=upload(pdf()))


# --- PDFs made with a PDF library, as real tools write them -------------------------------------


def written(change=None, *, encrypt: tuple[str, str] | None = None) -> bytes:
    """A one-page PDF written by pypdf, after ``change(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if change is not None:
        change(writer)
    if encrypt is not None:
        user, owner = encrypt
        writer.encrypt(user, owner)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def name(value: str) -> NameObject:
    return NameObject(value)


def open_action(action: dict) -> Callable[[PdfWriter], None]:
    def change(writer: PdfWriter) -> None:
        writer.root_object[name("/OpenAction")] = DictionaryObject(
            {name(key): item for key, item in action.items()}
        )

    return change


def form_field(field_type: str) -> Callable[[PdfWriter], None]:
    """A form field on the first page, listed in the document's /AcroForm."""

    def change(writer: PdfWriter) -> None:
        widget = writer._add_object(
            DictionaryObject(
                {
                    name("/Type"): name("/Annot"),
                    name("/Subtype"): name("/Widget"),
                    name("/FT"): name(field_type),
                    name("/T"): TextStringObject("naam"),
                    name("/Rect"): ArrayObject([NumberObject(n) for n in (72, 700, 300, 720)]),
                }
            )
        )
        writer.pages[0][name("/Annots")] = ArrayObject([widget])
        writer.root_object[name("/AcroForm")] = DictionaryObject(
            {name("/Fields"): ArrayObject([widget])}
        )

    return change


def test_a_pdf_written_by_a_pdf_library_is_accepted():
    content = written()
    assert process_document(upload=upload(content)).content == content


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda writer: writer.add_open_action(JavaScript("app.alert(1)")), id="javascript"
        ),
        pytest.param(
            open_action({"/S": name("/JavaScript"), "/JS": TextStringObject("app.alert(1)")}),
            id="open-action-javascript",
        ),
        pytest.param(
            open_action({"/S": name("/Launch"), "/F": TextStringObject("cmd.exe")}),
            id="launch",
        ),
        pytest.param(
            lambda writer: writer.add_attachment("factuur.exe", b"MZ\x90\x00"),
            id="embedded-file",
        ),
        pytest.param(form_field("/Tx"), id="form-text-field"),
        pytest.param(form_field("/Btn"), id="form-button"),
    ],
)
def test_a_library_made_pdf_that_acts_by_itself_is_refused(change):
    error = refusal(written(change))
    assert error.code == "pdf_active_content"
    assert "zelf iets kunnen doen" in error.message


def test_a_signed_letter_keeps_its_signature_field():
    content = written(form_field("/Sig"))
    assert process_document(upload=upload(content)).content_type == "application/pdf"


@pytest.mark.parametrize(
    "passwords", [("geheim", "geheim"), ("", "eigenaar")], ids=["password", "owner-only"]
)
def test_a_library_encrypted_pdf_is_refused_even_without_a_password_to_open(passwords):
    content = written(encrypt=passwords)
    error = refusal(content)
    assert error.code == "pdf_encrypted"
    assert "beveiligd met een wachtwoord of versleuteld" in error.message


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n", id="noise"),
        pytest.param(b"%PDF-1.7\n%%EOF\n", id="nothing-inside"),
        pytest.param(
            written().replace(b"/Type /Pages", b"/Type /Pages /Kids 99 0 R /Kids [["),
            id="broken-object",
        ),
        pytest.param(
            # pypdf stops reading the catalog at the bad value; another reader may skip it.
            pdf(catalog=b"/Junk <zz> /OpenAction << /S /JavaScript /JS (x) >> "),
            id="script-after-a-broken-value",
        ),
        pytest.param(
            pdf(extra=(object_stream(b"<< /A 1 >>").replace(b"/First", b"/First 99999 %"),)),
            id="object-stream-first-outside",
        ),
        pytest.param(
            pdf(extra=(object_stream(b"<< /A 1 >>")[:60] + b"\nendstream",)),
            id="object-stream-cut-off",
        ),
    ],
)
def test_a_malformed_pdf_gets_a_clear_refusal(content):
    error = refusal(content)
    assert error.code in {"pdf_damaged", "pdf_unchecked"}
    assert "PDF-bestand" in error.message


def test_no_damage_to_a_pdf_makes_the_check_fail_otherwise_than_with_a_refusal():
    """Bytes changed at a thousand places of a library-made PDF with a form and an object
    stream: every result is an accepted document or a refusal, never another error."""
    fonts = object_stream(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
    originals = [written(form_field("/Sig")), pdf(extra=(fonts,))]
    randomness = random.Random(20260313)
    for _ in range(500):
        for original in originals:
            damaged = bytearray(original)
            for _ in range(randomness.randint(1, 4)):
                damaged[randomness.randrange(len(damaged) - 8)] = randomness.randrange(256)
            try:
                process_document(upload=upload(bytes(damaged)))
            except DomainError as error:
                assert error.code.startswith(("pdf_", "document_"))


def test_a_malformed_pdf_through_the_case_page_is_a_400_with_the_reason(client, world, case):
    client.force_login(world.consulent_a)
    response = client.post(
        reverse("cases:document_add", args=[case.reference]),
        {"doc-file": upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages [[[ \n%%EOF\n")},
    )
    assert response.status_code == 400
    assert "Dit PDF-bestand is beschadigd" in response.content.decode()
    assert not CaseDocument.objects.exists()


# --- adding through the case page -------------------------------------------------------------


def test_a_team_member_adds_a_document_and_the_timeline_says_so(client, world, case):
    client.force_login(world.consulent_a)
    response = client.post(
        reverse("cases:document_add", args=[case.reference]),
        {"doc-file": upload(jpeg_with_gps(), "situatie.jpg"), "doc-title": "Foto van de gang"},
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert (document.case, document.uploaded_by, document.organisation) == (
        case,
        world.consulent_a,
        world.corporatie,
    )
    assert (document.title, document.original_name) == ("Foto van de gang", "situatie.jpg")
    assert document.file.name.startswith("cases/") and document.file.name.endswith(".jpg")
    stored = document.file.open("rb").read()
    assert document.size == len(stored)
    assert b"Fairphone" not in stored and not Image.open(BytesIO(stored)).getexif()
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEventKind.DOCUMENT, text="Document toegevoegd: Foto van de gang"
    ).exists()
    assert AuditEntry.objects.filter(action="document_add", object_id=str(case.pk)).exists()

    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    listed = page.split('id="documents"')[1].split("</ul>")[0]
    assert "Foto van de gang" in listed and "situatie.jpg" in listed
    assert "Cor Consulent (Woonstichting Test)" in listed
    assert reverse("cases:document", args=[case.reference, document.pk]) in listed


def test_a_refused_upload_shows_why_and_keeps_the_typed_title(client, world, case):
    client.force_login(world.consulent_a)
    response = client.post(
        reverse("cases:document_add", args=[case.reference]),
        {"doc-file": upload(b"MZ\x90\x00 not a pdf", "brief.pdf"), "doc-title": "Brief huurder"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Alleen PDF, JPEG of PNG." in body
    assert 'value="Brief huurder"' in body
    assert 'class="error-summary"' in body
    assert not CaseDocument.objects.exists()
    missing = client.post(reverse("cases:document_add", args=[case.reference]), {"doc-title": "x"})
    assert missing.status_code == 400
    assert "Kies een bestand." in missing.content.decode()


def test_the_case_page_shows_the_empty_state_and_the_upload_form_only_to_workers(
    client, world, case
):
    client.force_login(world.consulent_a)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Nog geen documenten." in page
    assert 'enctype="multipart/form-data"' in page
    assert 'accept="application/pdf,image/jpeg,image/png"' in page
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Nog geen documenten." in page
    assert reverse("cases:document_add", args=[case.reference]) not in page


def test_who_may_not_see_the_details_gets_404_for_upload_and_download(
    client, world, case, care_case
):
    document = add(world, care_case, actor=world.opbouwwerker_a)
    download = reverse("cases:document", args=[care_case.reference, document.pk])
    add_url = reverse("cases:document_add", args=[care_case.reference])
    client.force_login(world.opbouwwerker_a)
    assert client.get(download).status_code == 200
    logged = AccessLogEntry.objects.get()
    assert (logged.record_type, logged.record_id) == ("cases.casedocument", str(document.pk))
    assert (logged.user, logged.route) == (world.opbouwwerker_a, "cases:document")
    client.force_login(world.agent_a)  # in the team, but the police does not take part
    page = client.get(reverse("cases:detail", args=[care_case.reference])).content.decode()
    assert "De inhoud is alleen zichtbaar voor de betrokken partners." in page
    assert "Documenten" not in page
    assert client.get(download).status_code == 404
    assert client.post(add_url, {"doc-file": upload(pdf())}).status_code == 404
    client.force_login(world.wijkmanager_b)  # another team
    assert client.get(download).status_code == 404
    assert AccessLogEntry.objects.count() == 1  # refusals leave no trace of a view
    assert client.post(add_url, {"doc-file": upload(pdf())}).status_code == 404
    other = reverse("cases:document_add", args=[case.reference])
    assert client.post(other, {"doc-file": upload(pdf())}).status_code == 404
    # A document of another case is not reachable through this case's address.
    client.force_login(world.consulent_a)
    assert (
        client.get(reverse("cases:document", args=[case.reference, document.pk])).status_code == 404
    )
    assert CaseDocument.objects.count() == 1


def test_a_read_only_user_may_download_but_not_add(client, world, case):
    document = add(world, case)
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)
    assert (
        client.get(reverse("cases:document", args=[case.reference, document.pk])).status_code == 200
    )
    response = client.post(
        reverse("cases:document_add", args=[case.reference]), {"doc-file": upload(pdf())}
    )
    assert response.status_code == 403
    assert CaseDocument.objects.count() == 1


def test_a_failed_add_leaves_no_file_behind(world, case, monkeypatch, settings):
    def broken_audit(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(documents, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        add(world, case)
    assert not CaseDocument.objects.exists()
    assert not [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


# --- downloading ------------------------------------------------------------------------------


def test_a_download_is_always_saved_never_shown_or_cached(client, world, case):
    content = pdf()
    document = add(world, case, content, name="Brief aan de huurder – maart.pdf")
    client.force_login(world.opbouwwerker_a)
    response = client.get(reverse("cases:document", args=[case.reference, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=UTF-8''Brief%20aan%20de%20huurder%20%E2%80%93%20maart.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    url = reverse("cases:document", args=[case.reference, document.pk])
    assert client.get(url).status_code == 302  # to the login page
    # Media are not reachable through a public URL at all.
    assert client.get("/media/" + document.file.name).status_code == 404


def test_a_download_gets_the_extension_of_what_the_file_really_is(client, world, case):
    document = add(world, case, png(), name="plattegrond.exe")
    assert document.original_name == "plattegrond.exe"
    client.force_login(world.consulent_a)
    response = client.get(reverse("cases:document", args=[case.reference, document.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith("''plattegrond.exe.png")


# --- removing ---------------------------------------------------------------------------------


def test_only_the_uploaders_organisation_or_the_chair_removes_a_document(
    client, world, case, django_capture_on_commit_callbacks
):
    first = add(world, case, title="Brief huurder")
    second = add(world, case, name="verslag.pdf")
    paths = [first.file.name, second.file.name]
    assert all(default_storage.exists(path) for path in paths)

    def remove(document):
        url = reverse("cases:document_remove", args=[case.reference, document.pk])
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url)

    client.force_login(world.opbouwwerker_a)  # Welzijn did not upload it
    assert remove(first).status_code == 403
    add_member(world.team_a, world.reader, TeamFunction.OVERIG)
    client.force_login(world.reader)
    assert remove(first).status_code == 403
    client.force_login(world.wijkmanager_b)
    assert remove(first).status_code == 404
    page = client.get(reverse("cases:detail", args=[case.reference]))
    assert page.status_code == 404

    colleague = make_user("collega@corporatie.test", world.corporatie, full_name="Cas Collega")
    add_member(world.team_a, colleague, TeamFunction.WIJKCONSULENT)
    client.force_login(colleague)
    assert remove(first).status_code == 302
    client.force_login(world.wijkmanager_a)  # the chair, of the gemeente
    assert remove(second).status_code == 302

    assert not CaseDocument.objects.exists()
    assert not any(default_storage.exists(path) for path in paths)
    removed = CaseEvent.objects.filter(case=case, text__startswith="Document verwijderd: ")
    assert sorted(removed.values_list("text", flat=True)) == [
        "Document verwijderd: Brief huurder",
        "Document verwijderd: verslag.pdf",
    ]
    assert AuditEntry.objects.filter(action="document_remove").count() == 2
    timeline = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Document verwijderd: Brief huurder" in timeline.split('id="timeline"')[1]


def test_the_remove_button_shows_only_where_removing_is_allowed(client, world, case):
    document = add(world, case)
    remove_url = reverse("cases:document_remove", args=[case.reference, document.pk])
    client.force_login(world.consulent_a)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert remove_url in page
    assert "data-confirm=" in page.split(remove_url)[1].split("</form>")[0]
    client.force_login(world.agent_a)
    assert (
        remove_url
        not in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    )


# --- the page's cost --------------------------------------------------------------------------


def test_the_case_page_lists_documents_in_a_constant_number_of_queries(
    client, world, case, django_assert_max_num_queries
):
    add(world, case)
    page = reverse("cases:detail", args=[case.reference])
    client.force_login(world.opbouwwerker_a)  # not the uploader: the chair question is asked
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for number, author in enumerate([world.consulent_a, world.agent_a, world.wijkmanager_a] * 2):
        add(world, case, name=f"bijlage-{number}.pdf", actor=author)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(page).content.decode()
    assert body.split('id="documents"')[1].split("</ul>")[0].count("<li>") == 7
