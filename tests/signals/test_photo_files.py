"""A photo's file is written before its row, and a rollback takes back only the row. A write that
fails after its photos were written deletes their files: a file without a row is personal data
that nobody can find, and that retention never removes (signals/uploads.py)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from tests.initiatives.conftest import png, propose_idea
from tests.signals.test_services import here
from wijkteam.core.written_files import atomic_with_files
from wijkteam.initiatives import proposals
from wijkteam.initiatives.models import Initiative, InitiativePhoto
from wijkteam.intake import services as intake_services
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals import registration
from wijkteam.signals.models import Attachment, Category, Channel, PendingUpload, Signal
from wijkteam.signals.photos import process_photo
from wijkteam.signals.registration import signal_add_reporter
from wijkteam.signals.services import ReporterInput
from wijkteam.signals.uploads import pending_uploads_keep


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def photo(colour=(10, 120, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, "JPEG")
    upload = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
    return process_photo(upload=upload)


class Broken(Exception):
    """Something that fails after the photos were written."""


def fails(*args, **kwargs):
    raise Broken


def report(**extra):
    return signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug="vervuiling-zwerfafval"),
        description="Afval naast de container.",
        location=here(),
        reporter=ReporterInput(name="Bea Bewoner"),
        **extra,
    )


def test_a_report_that_fails_after_its_photos_were_written_leaves_no_files(world, monkeypatch):
    # The case is placed after the signal and its photos were written.
    monkeypatch.setattr(intake_services, "case_place_signal", fails)

    with pytest.raises(Broken):
        report(photos=[photo(), photo((200, 30, 30))])

    assert not Signal.objects.exists()
    assert not Attachment.objects.exists()
    assert files() == set()


def test_a_report_that_is_taken_in_keeps_its_photo_files(world):
    report(photos=[photo(), photo((200, 30, 30))])

    assert files() == {attachment.file.name for attachment in Attachment.objects.all()}
    assert len(files()) == 2


def test_a_resident_who_joins_and_then_fails_leaves_no_files(world, monkeypatch):
    signal = report(photos=[photo()]).signal
    kept = files()
    # The timeline line is written after the joining resident's photos.
    monkeypatch.setattr(registration, "record_event", fails)

    with pytest.raises(Broken):
        signal_add_reporter(
            actor=SYSTEM, signal=signal, reporter=ReporterInput(name="Sam"), photos=[photo()]
        )

    assert signal.reporters.count() == 1
    assert files() == kept


def test_an_idea_that_fails_after_its_photos_were_written_leaves_no_files(world, monkeypatch):
    monkeypatch.setattr(proposals, "audit_record", fails)

    with pytest.raises(Broken):
        propose_idea(world.buurt_a1, photos=[png()])

    assert not Initiative.objects.exists()
    assert not InitiativePhoto.objects.exists()
    assert files() == set()


@pytest.mark.django_db(transaction=True)
def test_files_whose_rows_committed_stay_when_something_after_the_commit_fails():
    def after_commit():
        raise Broken

    with pytest.raises(Broken), atomic_with_files():
        pending_uploads_keep(key="k" * 22, photos=[photo()])
        transaction.on_commit(after_commit)

    kept = PendingUpload.objects.get()
    assert files() == {kept.file.name}
