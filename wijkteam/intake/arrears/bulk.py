"""The arrears import's rows, a batch at a time (batch.py runs it for the worker).

The file is read as a stream and taken in batches of ``BATCH_SIZE`` rows, each by the rules of
the form's single path (upsert.py), in a few statements for the batch:

1. outside any transaction: skip the lines an earlier run already reported (a worker stopped
   half-way runs the import again), validate the rows (a reference that came before in the file
   is found among the rows already reported), and resolve the distinct addresses of the rows
   that are new (address_cache.py: the register, the cache, PDOK);
2. in one transaction, with the import locked: look at the lines once more, update the signals
   that exist (same reference), register the new ones and place them in cases, report every
   row, count it, and write the audit rows in one append.

A batch is written whole or not at all, together with its report rows and its counts, so that a
row is never imported, reported or counted twice, whatever stops the worker.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkteam.access.audit import audit_records
from wijkteam.cases.bulk_placement import cases_place_signals, placed_in_bulk
from wijkteam.core.errors import DomainError
from wijkteam.intake.arrears.bulk_rows import (
    REFERENCE_KEPT,
    Known,
    Outcome,
    details_update,
    first_lines,
    known_signals,
    report_rows,
)
from wijkteam.intake.arrears.content import stored_lines
from wijkteam.intake.arrears.upsert import (
    ARREARS_CATEGORY,
    arrears_changes,
    arrears_of,
    arrears_upsert,
    location_of,
    require_rent_administration,
)
from wijkteam.partners.models import User
from wijkteam.signals.address_cache import AddressResolver
from wijkteam.signals.arrears_csv.reader import ArrearsReader, ArrearsRecord
from wijkteam.signals.arrears_csv.rows import ArrearsRow, RowError
from wijkteam.signals.bulk import (
    NewArrearsSignal,
    arrears_signals_create,
    category_refusal,
    location_refusal,
)
from wijkteam.signals.locations import ResolvedLocation
from wijkteam.signals.models import (
    ArrearsImport,
    ArrearsImportRow,
    Category,
    Channel,
    ImportResult,
    ImportStatus,
    LocationStatus,
    Signal,
)
from wijkteam.signals.pdok import default_client
from wijkteam.signals.registration import require_may_register
from wijkteam.signals.services import ArrearsInput

BATCH_SIZE = 1000
# A batch that lost a reference to another door while it was written is written again, each
# time finding what it lost; losing again that often in a row takes a very busy form.
WRITE_ATTEMPTS = 5
# What the single path did with a row (``UpsertResult.result``), as the report says it.
SINGLE_PATH_RESULTS = {
    "created": ImportResult.CREATED,
    "updated": ImportResult.UPDATED,
    "unchanged": ImportResult.UNCHANGED,
}


class ImportStopped(Exception):
    """The import is no longer running (another run finished or failed it)."""


class ReferenceTaken(IntegrityError):
    """Another door registered one of the batch's new references after the batch looked it up
    inside its transaction: the batch was taken back whole, and is written again."""


@dataclass
class ImportRun:
    """What holds for every batch of one run of an import."""

    job: ArrearsImport
    actor: User
    category: Category
    today: date
    resolver: AddressResolver
    # Refusals that hold for every row: who imports, the door, the category.
    refusal: DomainError | None = None
    intake_refusal: DomainError | None = None
    category_refusal: DomainError | None = None
    # The single path row by row, for a category the bulk path does not place (urgent, spot).
    one_by_one: bool = False


def arrears_rows_import(*, job: ArrearsImport, lookup_addresses: bool = True) -> None:
    """Import the rows of a running import that are not reported yet, batch by batch.
    Raises ImportStopped when the import stops running meanwhile."""
    actor = job.uploaded_by
    category = Category.objects.select_related("parent").get(slug=ARREARS_CATEGORY)
    down = job.location_service_down or not lookup_addresses
    run = ImportRun(
        job=job,
        actor=actor,
        category=category,
        today=timezone.localdate(),
        resolver=AddressResolver(client=None if down else default_client()),
        refusal=_refusal(lambda: require_rent_administration(actor, job.organisation)),
        intake_refusal=_refusal(
            lambda: require_may_register(
                actor=actor,
                channel=Channel.ARREARS_IMPORT,
                receiving_organisation=job.organisation,
                category=category,
            )
        ),
        category_refusal=category_refusal(category),
        one_by_one=not placed_in_bulk(
            Signal(category=category, sensitivity=category.sensitivity, is_urgent=category.is_acute)
        ),
    )
    reader = ArrearsReader(stored_lines(job))
    for records in _batches(reader, BATCH_SIZE):
        _import_batch(run, reader, records)


def _refusal(check) -> DomainError | None:
    try:
        check()
    except DomainError as error:
        return error
    return None


def _batches(records: Iterable[ArrearsRecord], size: int) -> Iterator[list[ArrearsRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _reported(job_id: int, records: list[ArrearsRecord]) -> set[int]:
    """The lines of these records an earlier run reported (they are in file order)."""
    return set(
        ArrearsImportRow.objects.filter(
            job_id=job_id, line__gte=records[0].start, line__lte=records[-1].start
        ).values_list("line", flat=True)
    )


def _validate(
    run: ImportRun, reader: ArrearsReader, records: list[ArrearsRecord]
) -> list[ArrearsRow | RowError]:
    """Check each row; a reference seen on an earlier line of the file (reported in an earlier
    batch, or earlier in this one) is refused as the single path refuses it."""
    references = {reader.reference_of(record)[:REFERENCE_KEPT] for record in records} - {""}
    first_line_of = first_lines(run.job.pk, references)
    return [
        reader.validate(record, today=run.today, first_line_of=first_line_of) for record in records
    ]


def _import_batch(run: ImportRun, reader: ArrearsReader, records: list[ArrearsRecord]) -> None:
    reported = _reported(run.job.pk, records)
    records = [record for record in records if record.start not in reported]
    if not records:
        return
    checked = _validate(run, reader, records)
    references = {row.external_reference for row in checked if isinstance(row, ArrearsRow)}
    known = (
        known_signals(run.actor, run.job.organisation, references)
        if references and run.refusal is None
        else {}
    )
    new = [
        row
        for row in checked
        if isinstance(row, ArrearsRow) and row.external_reference not in known
    ]
    locations: dict[int, ResolvedLocation | DomainError] = {}
    if new and run.refusal is None and run.intake_refusal is None and not run.one_by_one:
        resolved = run.resolver.resolve([location_of(row) for row in new])
        locations = {row.line: location for row, location in zip(new, resolved, strict=True)}
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            job = _write_batch(run, records, checked, known, new, locations)
            break
        except ReferenceTaken:
            # The look-up of the next attempt finds the reference (the row updates it, as from
            # the single path). Any other IntegrityError fails the import at once.
            if attempt == WRITE_ATTEMPTS:
                raise
    if job.location_service_down:
        run.resolver.client = None


def _write_batch(
    run: ImportRun,
    records: list[ArrearsRecord],
    checked: list[ArrearsRow | RowError],
    known: dict[str, Known],
    new: list[ArrearsRow],
    locations: dict[int, ResolvedLocation | DomainError],
) -> ArrearsImport:
    """Write and report the batch's rows in one transaction, with the import locked. Raises
    ReferenceTaken when another door registered one of its new references meanwhile."""
    registering: set[str] = set()
    try:
        with transaction.atomic():
            job = ArrearsImport.objects.select_for_update().defer("content").get(pk=run.job.pk)
            if job.status != ImportStatus.RUNNING:
                raise ImportStopped
            # Another run may have taken these lines meanwhile, and another door these
            # references.
            reported = _reported(job.pk, records)
            checked = [row for row in checked if row.line not in reported]
            if new and run.refusal is None:
                known = known | known_signals(
                    run.actor, run.job.organisation, {row.external_reference for row in new}
                )
            registering = {
                row.external_reference
                for row in checked
                if isinstance(row, ArrearsRow) and row.external_reference not in known
            }
            outcomes = _write(run, checked, known, locations)
            report_rows(job, outcomes, service_down=run.resolver.service_down)
            audit = [row for outcome in outcomes for row in outcome.audit]
            if audit:
                audit_records(actor=run.actor, rows=audit)
    except IntegrityError as error:
        # Taken back; the unique index on the references refused a row only if one of those
        # the batch was registering is there now.
        if registering and _registered(run, registering):
            raise ReferenceTaken(*error.args) from error
        raise
    return job


def _registered(run: ImportRun, references: set[str]) -> bool:
    """Whether the corporation has a signal with any of these references by now."""
    return Signal.objects.filter(
        receiving_organisation=run.job.organisation, external_reference__in=references
    ).exists()


def _write(
    run: ImportRun,
    checked: list[ArrearsRow | RowError],
    known: dict[str, Known],
    locations: dict[int, ResolvedLocation | DomainError],
) -> list[Outcome]:
    """Update, register and place what the rows say; what became of each, in file order."""
    outcomes: list[Outcome] = []
    updates: list[tuple[Outcome, dict]] = []
    new: list[tuple[Outcome, ArrearsRow, ResolvedLocation]] = []
    for row in checked:
        outcome = Outcome(row.line, row.external_reference[:REFERENCE_KEPT])
        outcomes.append(outcome)
        if isinstance(row, RowError):
            outcome.messages = row.messages
            continue
        try:
            if run.refusal is not None:
                raise run.refusal
            signal = known.get(row.external_reference)
            if signal is not None:
                changes = arrears_changes(signal=signal, row=row, may_edit=signal.may_edit)
                outcome.signal_id = signal.pk
                if changes:
                    updates.append((outcome, changes))
                    outcome.result = ImportResult.UPDATED
                else:
                    outcome.result = ImportResult.UNCHANGED
            elif run.one_by_one:
                _one_by_one(run, row, outcome)
            else:
                new.append((outcome, row, _location(run, row, locations.get(row.line))))
        except DomainError as error:
            outcome.messages = [str(error.message)]
    details_update(run.actor, updates)
    _create(run, new)
    return outcomes


def _location(
    run: ImportRun, row: ArrearsRow, location: ResolvedLocation | DomainError | None
) -> ResolvedLocation:
    """The new row's location, or the DomainError the single path refuses it with, in the
    single path's order: the door, the address, the category, the place."""
    if run.intake_refusal is not None:
        raise run.intake_refusal
    if location is None:  # registered meanwhile by another door, and now not? Resolve it here.
        location = run.resolver.resolve([location_of(row)])[0]
    if isinstance(location, DomainError):
        raise location
    if run.category_refusal is not None:
        raise run.category_refusal
    if refusal := location_refusal(location):
        raise refusal
    return location


def _one_by_one(run: ImportRun, row: ArrearsRow, outcome: Outcome) -> None:
    with transaction.atomic():
        result = arrears_upsert(
            actor=run.actor,
            organisation=run.job.organisation,
            row=row,
            channel=Channel.ARREARS_IMPORT,
            lookup_addresses=run.resolver.client is not None and not run.resolver.service_down,
        )
    # Not always "created": another door may have registered the reference meanwhile.
    outcome.result = SINGLE_PATH_RESULTS[result.result]
    outcome.signal_id = result.signal.pk
    if result.signal.location_status == LocationStatus.NEEDS_REVIEW:
        run.resolver.service_down = True


def _create(run: ImportRun, new: list[tuple[Outcome, ArrearsRow, ResolvedLocation]]) -> None:
    if not new:
        return
    at = timezone.now()
    signals, audit = arrears_signals_create(
        actor=run.actor,
        organisation=run.job.organisation,
        category=run.category,
        channel=Channel.ARREARS_IMPORT,
        items=[
            NewArrearsSignal(
                external_reference=row.external_reference,
                arrears=ArrearsInput(**arrears_of(row)),
                location=location,
            )
            for _outcome, row, location in new
        ],
        at=at,
    )
    _cases, placed = cases_place_signals(actor=run.actor, signals=signals, at=at)
    for (outcome, _row, _location), signal, created, case in zip(
        new, signals, audit, placed, strict=True
    ):
        outcome.result = ImportResult.CREATED
        outcome.signal_id = signal.pk
        outcome.audit = created + case
        if signal.location_status == LocationStatus.NEEDS_REVIEW:
            # PDOK did not answer: do not wait for it again on every remaining row.
            run.resolver.service_down = True
