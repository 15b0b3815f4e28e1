"""The background worker takes a queued CSV file's rows through the same door as the form
(intake.arrears.tasks runs it)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.intake.arrears.upsert import arrears_upsert
from wijkteam.signals.arrears_csv.reader import parse_arrears_csv
from wijkteam.signals.models import (
    ArrearsImport,
    Channel,
    ImportStatus,
    LocationStatus,
)

BATCH = 50


def arrears_import_run(*, import_id: int, lookup_addresses: bool = True) -> None:
    """Process a queued import (the worker's task). Rows are handled in batches; progress and
    the per-row report are saved after each batch so the page can show them. Running it again
    for a finished import does nothing. Each row is registered by who uploaded the file, with
    their rights as they are now. ``lookup_addresses`` False: the address register only."""
    job = ArrearsImport.objects.select_related("organisation", "uploaded_by").get(pk=import_id)
    if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return
    parsed = parse_arrears_csv(raw=bytes(job.content), today=timezone.localdate())
    job.report = [
        {
            "line": error.line,
            "reference": error.external_reference,
            "result": "rejected",
            "messages": error.messages,
        }
        for error in parsed.errors
    ]
    job.rejected_count = len(parsed.errors)
    job.processed_rows = len(parsed.errors)
    _import_status_set(job, ImportStatus.RUNNING)

    for start in range(0, len(parsed.rows), BATCH):
        for row in parsed.rows[start : start + BATCH]:
            entry = {"line": row.line, "reference": row.external_reference}
            try:
                outcome = arrears_upsert(
                    actor=job.uploaded_by,
                    organisation=job.organisation,
                    row=row,
                    channel=Channel.ARREARS_IMPORT,
                    lookup_addresses=lookup_addresses,
                )
            except DomainError as error:
                entry |= {"result": "rejected", "messages": [str(error.message)]}
                job.rejected_count += 1
            else:
                entry |= {"result": outcome.result, "signal": outcome.signal.reference}
                setattr(job, f"{outcome.result}_count", getattr(job, f"{outcome.result}_count") + 1)
                if outcome.signal.location_status == LocationStatus.NEEDS_REVIEW:
                    # PDOK is down: do not wait for it again on every remaining row.
                    job.location_service_down = True
                    lookup_addresses = False
            job.report.append(entry)
            job.processed_rows += 1
        job.save(
            update_fields=[
                "processed_rows",
                "report",
                "created_count",
                "updated_count",
                "unchanged_count",
                "rejected_count",
                "location_service_down",
            ]
        )

    job.report.sort(key=lambda item: item["line"])
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
    """Mark an import that stopped on an unexpected error as failed, so that its page says so
    instead of showing it running for ever. The file goes (it held personal data and a failed
    import is not run again: the corporation sends it anew); the error's text stays out of the
    trail and the page, since it may quote a row."""
    with transaction.atomic():
        job = ArrearsImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.status in (ImportStatus.DONE, ImportStatus.FAILED):
            return
        job.finished_at = timezone.now()
        job.content = b""
        _import_status_set(job, ImportStatus.FAILED, error=type(error).__name__)


def _import_status_set(job: ArrearsImport, status: str, **details: Any) -> None:
    """Save ``job`` in its new ``status`` with its audit row, in one transaction. The worker
    does this, so the actor is the system."""
    with transaction.atomic():
        before = job.status
        job.status = status
        job.save()
        audit_record(
            actor=None,
            action="status",
            instance=job,
            changes={"status": [before, status], **details},
        )
