"""The rent administration's door: arrears signals from a form or a CSV batch.

Arrears signals are confidential (DESIGN §6): only the corporation that registered them sees
them. A signal is identified by the corporation's own reference, so that registering or
importing the same row again updates it (or changes nothing) instead of duplicating it.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message
from wijkteam.intake.services import signal_intake
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.access import may_register_arrears
from wijkteam.signals.arrears_csv import ArrearsRow, parse_arrears_csv
from wijkteam.signals.locations import LocationInput, location_resolve
from wijkteam.signals.models import (
    ARREARS_STEP_FIELDS,
    ArrearsDetails,
    ArrearsImport,
    Category,
    Channel,
    EventKind,
    ImportStatus,
    LocationStatus,
    Signal,
)
from wijkteam.signals.pdok import LocatieserverClient
from wijkteam.signals.services import ArrearsInput, in_default_language, record_event

ARREARS_CATEGORY = "financieel-huurachterstand"
BATCH = 50
DETAIL_FIELDS = ("tenant_name", "amount", "months", "signal_date", *ARREARS_STEP_FIELDS)


@dataclass(frozen=True)
class UpsertResult:
    result: str  # "created", "updated" or "unchanged"
    signal: Signal


def _details(row: ArrearsRow) -> dict[str, Any]:
    return {
        "tenant_name": row.tenant_name,
        "amount": row.amount,
        "months": row.months,
        "signal_date": row.signal_date,
        "contact_attempted_on": row.contact_attempted_on,
        "debt_help_pointed_on": row.debt_help_pointed_on,
        "written_reminder_on": row.written_reminder_on,
        "no_objection_on": row.no_objection_on,
    }


def _address(row: ArrearsRow) -> dict[str, Any]:
    return {
        "postcode": row.postcode,
        "house_number": row.house_number,
        "house_number_addition": row.house_number_addition,
    }


def arrears_upsert(
    *,
    actor: User,
    organisation: Organisation,
    row: ArrearsRow,
    client: LocatieserverClient | None,
    channel: str,
) -> UpsertResult:
    """Create the arrears signal for ``row`` or bring the existing one (same external
    reference, same corporation) up to date. Raises DomainError when the row cannot be placed."""
    existing = (
        Signal.objects.select_related("arrears")
        .filter(receiving_organisation=organisation, external_reference=row.external_reference)
        .first()
    )
    if existing is not None:
        return _update(actor, existing, row)
    location = location_resolve(
        given=LocationInput(
            postcode=row.postcode,
            house_number=row.house_number,
            house_number_addition=row.house_number_addition,
            street=f"{row.street} {row.house_number}{row.house_number_addition}",
            city=row.city,
        ),
        client=client,
    )
    created = signal_intake(
        actor=actor,
        channel=channel,
        category=Category.objects.get(slug=ARREARS_CATEGORY),
        description="",
        location=location,
        receiving_organisation=organisation,
        external_reference=row.external_reference,
        is_tenant=True,
        arrears=ArrearsInput(**_details(row)),
    )
    return UpsertResult("created", created.signal)


def _update(actor: User, signal: Signal, row: ArrearsRow) -> UpsertResult:
    details: ArrearsDetails = signal.arrears
    before = {name: getattr(details, name) for name in DETAIL_FIELDS}
    changes = field_changes(before, _details(row))
    address_before = {name: getattr(signal, name) for name in ("postcode", "house_number")}
    if address_before != {"postcode": row.postcode, "house_number": row.house_number}:
        raise DomainError(
            _(
                "referentie %(reference)s hoort bij een ander adres (%(address)s). Gebruik een "
                "nieuwe referentie voor een ander adres."
            )
            % {"reference": row.external_reference, "address": signal.address_line}
        )
    if not changes:
        return UpsertResult("unchanged", signal)
    with transaction.atomic():
        for name in changes:
            setattr(details, name, _details(row)[name])
        details.save(update_fields=list(changes))
        with in_default_language():
            record_event(
                signal,
                actor,
                EventKind.NOTE,
                text=Message(
                    gettext_noop("Gegevens huurachterstand bijgewerkt: %(fields)s."),
                    fields=[ArrearsDetails._meta.get_field(n).verbose_name for n in changes],
                ),
            )
        audit_record(
            actor=actor,
            action="update",
            instance=details,
            changes={name: [str(old), str(new)] for name, (old, new) in changes.items()},
        )
    return UpsertResult("updated", signal)


def arrears_import_start(*, actor: User, file_name: str, raw: bytes) -> ArrearsImport:
    """Check the file as a whole and queue it for the background worker. A file that cannot be
    read at all (wrong type, no header, missing columns) is refused at once and nothing is
    stored."""
    if not may_register_arrears(actor):
        raise DomainError(_("Alleen medewerkers van een woningcorporatie kunnen dit importeren."))
    parsed = parse_arrears_csv(raw=raw, today=timezone.localdate())
    with transaction.atomic():
        job = ArrearsImport.objects.create(
            organisation=actor.organisation,
            uploaded_by=actor,
            file_name=file_name[:200],
            content=raw,
            encoding=parsed.encoding,
            total_rows=len(parsed.rows) + len(parsed.errors),
        )
        audit_record(
            actor=actor,
            action="import_started",
            instance=job,
            changes={"rows": job.total_rows, "file": job.file_name},
        )
        from wijkteam.intake.tasks import run_arrears_import

        transaction.on_commit(lambda: run_arrears_import.enqueue(job.pk))
    return job


def arrears_import_run(*, import_id: int, client: LocatieserverClient | None) -> None:
    """Process a queued import (the worker's task). Rows are handled in batches; progress and
    the per-row report are saved after each batch so the page can show them. Running it again
    for a finished import does nothing."""
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
                    client=client,
                    channel=Channel.ARREARS_IMPORT,
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
                    client = None
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
