"""The background worker's run of a queued CSV import (intake.arrears.tasks runs it): its
status, and its rows through the bulk path (bulk.py), which follows the form's rules."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.lease import WorkerLost
from wijkteam.intake.arrears.bulk import ImportStopped, arrears_rows_import
from wijkteam.signals.address_cache import address_cache_purge
from wijkteam.signals.models import ArrearsImport, ImportStatus

# Why an import failed, for its page (stored in Dutch, read in the reader's language): an
# import given up because its worker stopped too often (it may be what stops the worker).
STOPPED_BY_WORKER = gettext_noop(
    "De import is gestopt, omdat de verwerking op de achtergrond steeds opnieuw uitviel. "
    "U kunt het bestand opnieuw importeren: regels die al verwerkt zijn, worden niet dubbel "
    "vastgelegd."
)


def arrears_import_run(*, import_id: int, lookup_addresses: bool = True) -> None:
    """Process a queued import (the worker's task). The rows are imported in batches; each
    batch's signals, report rows and counts are saved together, so that the page shows the
    progress and a run that was stopped (a killed worker) carries on where it was when it runs
    again, without importing or counting a row twice. Running it again for a finished import
    does nothing. Each row is registered by who uploaded the file, with their rights as they
    are now. ``lookup_addresses`` False: the address register and the cache only."""
    with transaction.atomic():
        job = (
            ArrearsImport.objects.select_for_update(of=("self",))
            .select_related("organisation", "uploaded_by__organisation")
            .defer("content")
            .get(pk=import_id)
        )
        if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return
        if job.status == ImportStatus.QUEUED:
            _import_status_set(job, ImportStatus.RUNNING)
        else:
            # A run that was stopped: say so in the trail, and carry on.
            audit_record(
                actor=None,
                action="resume",
                instance=job,
                changes={"processed": job.processed_rows},
            )
    address_cache_purge()
    try:
        arrears_rows_import(job=job, lookup_addresses=lookup_addresses)
    except ImportStopped:
        return
    with transaction.atomic():
        job = ArrearsImport.objects.select_for_update().defer("content").get(pk=import_id)
        if job.status != ImportStatus.RUNNING:
            return
        job.finished_at = timezone.now()
        job.content = b""  # the file held personal data; the report is what stays
        _import_status_set(
            job,
            ImportStatus.DONE,
            created=job.created_count,
            updated=job.updated_count,
            unchanged=job.unchanged_count,
            rejected=job.rejected_count,
        )


def arrears_import_fail(*, import_id: int, error: BaseException) -> None:
    """Mark an import that stopped on an unexpected error, or that was given up because its
    worker stopped too often (``WorkerLost``, core/lease.py), as failed, so that its page says
    so instead of showing it running for ever. The file goes (it held personal data and a
    failed import is not run again: the corporation sends it anew); the error's text stays out
    of the trail and the page, since it may quote a row: the page says only that it failed, or
    that the worker kept stopping. An import that ended already is left as it is."""
    with transaction.atomic():
        job = (
            ArrearsImport.objects.select_for_update().defer("content").filter(pk=import_id).first()
        )
        if job is None or job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return
        job.finished_at = timezone.now()
        job.content = b""
        job.error = STOPPED_BY_WORKER if isinstance(error, WorkerLost) else ""
        _import_status_set(job, ImportStatus.FAILED, error=type(error).__name__)


def _import_status_set(job: ArrearsImport, status: str, **details: Any) -> None:
    """Save ``job`` in its new ``status`` with its audit row, in one transaction. The worker
    does this, so the actor is the system."""
    with transaction.atomic():
        before = job.status
        job.status = status
        ended = ["content", "error"] if status != ImportStatus.RUNNING else []
        fields = ["status", "finished_at", *ended]
        job.save(update_fields=fields)
        audit_record(
            actor=None,
            action="status",
            instance=job,
            changes={"status": [before, status], **details},
        )
