"""The writes of one batch of the arrears import (bulk.py decides what each row does): the
signals a batch finds, the details it updates, its report rows and counts."""

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection
from django.db.models import Min

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
    """The corporation's signals with these references, with their arrears details (two
    queries for the batch, each led by a unique index: joined in one, the planner would read
    every signal's details to match a few hundred)."""
    signals = with_may_edit(
        actor,
        # Not "": the unique index on (organisation, reference) leaves those out, and the
        # planner uses it only when the query does too.
        Signal.objects.filter(
            receiving_organisation=organisation, external_reference__in=references
        )
        .exclude(external_reference="")
        .order_by(),
    ).values_list("external_reference", "pk", *KNOWN_FIELDS, "may_edit")
    found = list(signals)
    details = {
        signal_id: SimpleNamespace(**dict(zip(DETAIL_FIELDS, values, strict=True)))
        for signal_id, *values in ArrearsDetails.objects.filter(
            signal_id__in=[pk for _reference, pk, *_rest in found]
        ).values_list("signal_id", *DETAIL_FIELDS)
    }
    return {
        reference: Known(pk, *address, may_edit=may_edit, arrears=details.get(pk))
        for reference, pk, *address, may_edit in found
    }


def first_lines(job_id: int, references: set[str]) -> dict[str, int]:
    """The line each of these references first had in the import so far."""
    if not references:
        return {}
    if connection.vendor != "postgresql":
        return dict(
            ArrearsImportRow.objects.filter(job_id=job_id, reference__in=references)
            .values("reference")
            .annotate(first=Min("line"))
            .values_list("reference", "first")
        )
    # One look-up in the (import, reference) index per reference. Asked for a list, the
    # planner reads every row of the import so far: it cannot know how many a running import
    # has, and guesses few.
    meta = ArrearsImportRow._meta
    quote = connection.ops.quote_name
    line, job, reference = (
        quote(meta.get_field(name).column) for name in ("line", "job", "reference")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT wanted, (SELECT MIN({line}) FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {job} = %s AND {reference} = wanted) "
            "FROM unnest(%s::varchar[]) AS wanted",
            [job_id, sorted(references)],
        )
        return {wanted: first for wanted, first in cursor.fetchall() if first is not None}


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
    """The batch's report rows in one statement: PostgreSQL's COPY, else one INSERT. Not
    ``bulk_create``: it makes a model instance per row and its SQL anew for every batch, which
    at 100,000 rows was most of the time an unchanged file takes."""
    fields = [ArrearsImportRow._meta.get_field(name) for name in REPORT_FIELDS]
    messages = ArrearsImportRow._meta.get_field("messages")
    table = connection.ops.quote_name(ArrearsImportRow._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for outcome in outcomes:
                copy.write_row(
                    (
                        job.pk,
                        outcome.line,
                        outcome.reference,
                        outcome.result,
                        json.dumps(outcome.messages),
                        outcome.signal_id,
                    )
                )
        return
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
