"""Uploaded files are never served as a page of our origin: every view that returns a stored
file says how to save or show it, forbids sniffing, sends only the types it checked, and media
have no public route at all."""

import ast
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.views import static
from PIL import Image
from pypdf import PdfWriter

from tests.cases.support import address, case_of, intake
from wijkteam.cases.documents import case_document_add, process_document
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Category, Channel
from wijkteam.signals.photos import process_photo
from wijkteam.signals.resident_access import reporter_link_value
from wijkteam.signals.services import ReporterInput

ROOT = Path(__file__).resolve().parent.parent.parent / "wijkteam"
# Every function that builds a stored file's response, as module:function, and every view that
# returns one through them. A new one belongs here, and in the cases below, so that its headers
# are tested.
FILE_BUILDERS = {
    "wijkteam.signals.views:photo_response",
    "wijkteam.cases.views.documents:document_download",
}
FILE_VIEWS = {
    "wijkteam.signals.views:signal_photo",
    "wijkteam.portal.tracking:track_photo",
    "wijkteam.portal.tracking:track_link_photo",
    "wijkteam.cases.views.documents:document_download",
}
# What a stored file may be served as, and whether it may be shown in the page.
SAFE_TYPES = {"image/jpeg": True, "image/png": True, "application/pdf": False}
RESPONSE_CLASSES = {"FileResponse", "StreamingHttpResponse"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image(image_format: str) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (16, 16), "teal").save(buffer, format=image_format)
    return buffer.getvalue()


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/html")


def views_returning_files() -> set[str]:
    """module:function of every function in the code that builds a file response."""
    found = set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in RESPONSE_CLASSES
                ):
                    found.add(f"{module}:{node.name}")
    return found


def test_every_view_that_returns_a_stored_file_is_known_and_tested_here():
    assert views_returning_files() == FILE_BUILDERS


def served_files(world):
    """(url, user who may see it) for one stored file of each kind through each file view."""
    photo = process_photo(upload=upload(image("JPEG"), "foto.html"))
    signal = intake("overlast-geluid", location=address(), photos=[photo])
    attachment = signal.attachments.get()
    case = case_of(signal)
    documents = [
        case_document_add(
            actor=world.consulent_a,
            case=case,
            document=process_document(upload=upload(content, name)),
            title="",
        )
        for content, name in [
            (pdf(), "brief.html"),
            (image("PNG"), "plattegrond.svg"),
            (image("JPEG"), "foto.exe"),
        ]
    ]
    # A resident's own photo on their tracking page, by token and by the link in an email.
    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Iets aan de hand",
        location=address(),
        reporter=ReporterInput(name="Bea Bewoner"),
        photos=[process_photo(upload=upload(image("PNG"), "foto.svg"))],
    )
    own = created.signal.attachments.get()
    link = reporter_link_value(created.signal.reporters.get())
    return [
        (f"/meldingen/{signal.reference}/foto/{attachment.pk}/", attachment),
        (reverse("portal:track_photo", args=[created.tracking_token, own.pk]), own),
        (reverse("portal:track_link_photo", args=[link, own.pk]), own),
        *[(f"/casussen/{case.reference}/document/{d.pk}/", d) for d in documents],
    ]


def test_every_stored_file_is_served_with_safe_headers(client, world):
    client.force_login(world.consulent_a)
    served = served_files(world)
    assert {resolve(url)._func_path for url, _ in served} == {
        view.replace(":", ".") for view in FILE_VIEWS
    }

    for url, _stored in served:
        response = client.get(url)

        assert response.status_code == 200, url
        content_type = response["Content-Type"]
        assert content_type in SAFE_TYPES, url
        disposition = response["Content-Disposition"]
        if SAFE_TYPES[content_type]:
            assert disposition.startswith(("inline;", "attachment;")), url
        else:
            assert disposition.startswith("attachment;"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert "sandbox" in response["Content-Security-Policy"], url
        assert "private" in response["Cache-Control"], url
        # Saved under the extension of what the file really is, never the one it came with.
        assert disposition.rsplit(".", 1)[-1].rstrip('"') in {"jpg", "png", "pdf"}, url


def test_no_stored_file_is_kept_in_a_cache(client, world):
    """Photos (staff's and the resident's own) and documents are personal data: no browser
    cache or proxy keeps a copy."""
    client.force_login(world.consulent_a)
    served = served_files(world)
    assert {resolve(url).url_name for url, _ in served} == {
        "photo",
        "track_photo",
        "track_link_photo",
        "document",
    }

    for url, _stored in served:
        response = client.get(url)

        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "Expires" not in response and "ETag" not in response, url


def test_a_stored_file_whose_recorded_type_is_not_one_we_checked_is_not_served(client, world):
    client.force_login(world.consulent_a)

    for url, stored in served_files(world):
        type(stored).objects.filter(pk=stored.pk).update(content_type="text/html")

        assert client.get(url).status_code == 404, url


def url_callbacks(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_callbacks(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_media_have_no_route_of_their_own(settings):
    for route, callback in url_callbacks(get_resolver().url_patterns):
        assert callback is not static.serve, route
        assert not route.startswith(settings.MEDIA_URL), route
    with pytest.raises(Resolver404):
        resolve(f"/{settings.MEDIA_URL}signals/2026/foto.jpg")
