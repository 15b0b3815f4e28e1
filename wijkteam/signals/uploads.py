"""Photos of a signal: stored with it, or kept for a moment while a resident corrects a form."""

from collections.abc import Callable, Sequence
from datetime import datetime

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from wijkteam.core.errors import DomainError
from wijkteam.core.written_files import atomic_with_files, file_written
from wijkteam.signals.models import (
    Attachment,
    PendingUpload,
    Signal,
    StoredPhoto,
)
from wijkteam.signals.photos import MAX_PHOTOS, ProcessedPhoto


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
    file_written(stored.file)
    stored.save()


def pending_uploads_keep(*, key: str, photos: Sequence[ProcessedPhoto]) -> None:
    """Keep photos that passed the checks under a report form's key, so that a form sent
    back for a correction does not ask for them again."""
    with atomic_with_files():
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
