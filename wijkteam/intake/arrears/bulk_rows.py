"""The writes of one batch of the arrears import (bulk.py decides what each row does): the
signals a batch finds, the details it updates, its report rows and counts."""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection

from wijkteam.intake.arrears.upsert import DETAIL_FIELDS, update_audit, update_message
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.access import with_may_edit
from wijkteam.signals.bulk import arrears_details_save, signals_note
from wijkteam.signals.models import (
    ArrearsDetails,
    ArrearsImport,
    ArrearsImportRow,
    ImportResult,
    Signal,
    format_address,
)

REFERENCE_KEPT = 200  # ArrearsImportRow.reference


@dataclass
class Outcome:
    """What became of one row of a batch."""

    line: int
    reference: str
    result: int = ImportResult.REJECTED
    messages: list[str] = field(default_factory=list)
    signal_id: int | None = None
    audit: list = field(default_factory=list)


@dataclass
class Known:
    """An existing signal of the corporation, as much of it as a row is compared with (what
    ``arrears_changes`` reads), without loading the signal itself."""

    pk: int
    street: str
    house_number: int | None
    house_number_addition: str
    postcode: str
    city: str
    may_edit: bool
    arrears: SimpleNamespace | None

    @property
    def address_line(self) -> str:
        return format_address(self)


KNOWN_FIELDS = ("street", "house_number", "house_number_addition", "postcode", "city")


def known_signals(
    actor: User, organisation: Organisation, references: set[str]
) -> dict[str, Known]:
    """The corporation's signals with these references (one query for the batch)."""
    signals = with_may_edit(
        actor,
        # Not "": the unique index on (organisation, reference) leaves those out, and the
        # planner uses it only when the query does too.
        Signal.objects.filter(
            receiving_organisation=organisation, external_reference__in=references
        )
        .exclude(external_reference="")
        .order_by(),
    ).values_list(
        "external_reference",
        "pk",
        *KNOWN_FIELDS,
        "may_edit",
        "arrears__id",
        *(f"arrears__{name}" for name in DETAIL_FIELDS),
    )
    known = {}
    for reference, pk, *values in signals:
        address = values[: len(KNOWN_FIELDS)]
        may_edit, details_id, *details = values[len(KNOWN_FIELDS) :]
        known[reference] = Known(
            pk,
            *address,
            may_edit=may_edit,
            arrears=SimpleNamespace(**dict(zip(DETAIL_FIELDS, details, strict=True)))
            if details_id is not None
            else None,
        )
    return known


def details_update(actor: User, updates: list[tuple[Outcome, dict]]) -> None:
    """The rows that change a signal's arrears details, as ``upsert._update`` does one: the
    details, a line in the signal's history, an audit row (the caller appends them)."""
    if not updates:
        return
    details = {
        one.signal_id: one
        for one in ArrearsDetails.objects.select_related("signal").filter(
            signal_id__in=[outcome.signal_id for outcome, _changes in updates]
        )
    }
    notes = []
    changed: set[str] = set()
    for outcome, changes in updates:
        arrears = details[outcome.signal_id]
        for name, (_old, new) in changes.items():
            setattr(arrears, name, new)
        changed.update(changes)
        outcome.audit.append(("update", arrears, update_audit(changes)))
        notes.append((arrears.signal, update_message(changes)))
    arrears_details_save(
        details=list(details.values()), fields=[n for n in DETAIL_FIELDS if n in changed]
    )
    signals_note(actor=actor, notes=notes)


def report_rows(job: ArrearsImport, outcomes: list[Outcome], *, service_down: bool) -> None:
    """Append the rows to the report and count them, with the batch."""
    _insert_rows(job, outcomes)
    counters = {
        ImportResult.CREATED: "created_count",
        ImportResult.UPDATED: "updated_count",
        ImportResult.UNCHANGED: "unchanged_count",
        ImportResult.REJECTED: "rejected_count",
    }
    for outcome in outcomes:
        name = counters[outcome.result]
        setattr(job, name, getattr(job, name) + 1)
    job.processed_rows += len(outcomes)
    job.location_service_down = job.location_service_down or service_down
    job.save(update_fields=[*counters.values(), "processed_rows", "location_service_down"])


def _insert_rows(job: ArrearsImport, outcomes: list[Outcome]) -> None:
    """One INSERT for the batch's report rows. Not ``bulk_create``: it makes a model instance
    per row and its SQL anew for every batch, which at 100,000 rows was most of the time an
    unchanged file takes."""
    fields = [ArrearsImportRow._meta.get_field(name) for name in REPORT_FIELDS]
    messages = ArrearsImportRow._meta.get_field("messages")
    table = connection.ops.quote_name(ArrearsImportRow._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    for start in range(0, len(outcomes), 500):
        part = outcomes[start : start + 500]
        values = [
            value
            for outcome in part
            for value in (
                job.pk,
                outcome.line,
                outcome.reference,
                outcome.result,
                messages.get_db_prep_save(outcome.messages, connection),
                outcome.signal_id,
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(part))}",  # noqa: S608
                values,
            )


REPORT_FIELDS = ("job", "line", "reference", "result", "messages", "signal")
