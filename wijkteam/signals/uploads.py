"""Photos of a signal: stored with it, or kept for a moment while a resident corrects a form."""

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError
from wijkteam.signals.models import (
    Attachment,
    PendingUpload,
    Signal,
    StoredPhoto,
)
from wijkteam.signals.photos import MAX_PHOTOS, ProcessedPhoto

logger = logging.getLogger(__name__)

# The photo files (storage, name) written inside the innermost ``atomic_with_photos`` block.
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "photo_files_written", default=None
)


@contextmanager
def atomic_with_photos(*, savepoint: bool = True) -> Iterator[None]:
    """``transaction.atomic(savepoint=...)`` for a block that stores photos. A photo's file is
    written before its row, and a rollback takes back the row but not the file: when the block
    fails (the unique index refuses a repeat that lost the race, or anything else), the files
    it wrote are deleted, since a file without a row is personal data that retention never
    finds. Files of a block nested in another go with the outer block's when that fails.

    Not for a failure after the commit (an on_commit callback): the rows are there and keep
    their files. Nor for an outer transaction without such a block that rolls back later."""
    written: list[tuple[Storage, str]] = []
    outer = _written.get()
    token = _written.set(written)
    committed = False

    def mark_committed() -> None:
        nonlocal committed
        committed = True

    try:
        with transaction.atomic(savepoint=savepoint):
            # The first callback of an outermost block: it runs before any that could fail.
            transaction.on_commit(mark_committed)
            yield
    except BaseException:
        if not committed:
            _files_delete(written)
        raise
    else:
        if outer is not None:
            outer.extend(written)
    finally:
        _written.reset(token)


def _files_delete(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:  # the failure that brought us here is the one to report
            logger.exception("Could not delete the photo file %s of a failed write", name)


def require_photo_count(photos: Sequence[ProcessedPhoto], pending: Sequence[PendingUpload]) -> None:
    """Refuse more photos than a signal takes (before anything is written)."""
    if len(photos) + len(pending) > MAX_PHOTOS:
        raise DomainError(
            _("U kunt maximaal %(count)s foto's meesturen.") % {"count": MAX_PHOTOS},
            field="photos",
        )


def store_photos(
    signal: Signal, photos: Sequence[ProcessedPhoto], pending: Sequence[PendingUpload]
) -> None:
    photos_save(lambda: Attachment(signal=signal), photos, pending)


def photos_save(
    new_row: Callable[[], StoredPhoto],
    photos: Sequence[ProcessedPhoto],
    pending: Sequence[PendingUpload],
) -> None:
    """Store photos in rows that ``new_row`` makes (a signal's attachments, an initiative's
    photos), at most ``MAX_PHOTOS``: the photos kept while a form came back for a correction
    move over with their files, the new ones are written."""
    require_photo_count(photos, pending)
    for upload in pending:
        row = new_row()
        row.file = upload.file.name
        for name in ("content_type", "size", "width", "height", "original_name"):
            setattr(row, name, getattr(upload, name))
        row.save()
        # The file now belongs to the new row; only the pending row goes.
        PendingUpload.objects.filter(pk=upload.pk).delete()
    for photo in photos:
        _save_photo(new_row(), photo)


def _save_photo(stored: StoredPhoto, photo: ProcessedPhoto) -> None:
    """Write a processed photo's file and save the row that holds it."""
    stored.content_type = photo.content_type
    stored.size = len(photo.content)
    stored.width = photo.width
    stored.height = photo.height
    stored.original_name = photo.original_name
    stored.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
    written = _written.get()
    if written is not None:
        written.append((stored.file.storage, stored.file.name))
    stored.save()


def pending_uploads_keep(*, key: str, photos: Sequence[ProcessedPhoto]) -> None:
    """Keep photos that passed the checks under a report form's key, so that a form sent
    back for a correction does not ask for them again."""
    with atomic_with_photos():
        for photo in photos:
            _save_photo(PendingUpload(key=key), photo)


def _uploads_delete(uploads: QuerySet[PendingUpload]) -> int:
    count = 0
    for upload in uploads.order_by("id").iterator():
        upload.file.delete(save=False)
        upload.delete()
        count += 1
    return count


def pending_uploads_discard(*, key: str) -> None:
    """Drop what is still pending under a form's key (the form was sent, or gave up)."""
    _uploads_delete(PendingUpload.objects.filter(key=key))


def pending_uploads_expire(*, before: datetime) -> int:
    """Remove the photos of report forms that nobody sent again, uploaded before ``before``:
    rows and files. Returns how many went."""
    return _uploads_delete(PendingUpload.objects.filter(created_at__lt=before))
