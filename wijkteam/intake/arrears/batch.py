"""The background worker takes a queued CSV file's rows through the same door as the form
(intake.tasks runs it)."""

from django.utils import timezone

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
    job.status = ImportStatus.RUNNING
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
    job.save()

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
    job.status = ImportStatus.DONE
    job.finished_at = timezone.now()
    job.content = b""  # the file held personal data; the report is what stays
    job.save()
