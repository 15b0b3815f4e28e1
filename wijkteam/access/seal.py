"""Sealing the audit trail: chaining the committed rows, in the order they are sealed.

Appends (audit.py) take no lock, so rows commit in any order and a row with a lower id can
commit after one with a higher id. The sealer therefore chains what *has* committed: the rows
not sealed yet, oldest id first, each given the next position (1, 2, 3, ... without gaps) and
a chain hash over the previous sealed row's chain hash, its position, its id and its content
hash. A row that commits later is sealed in a later run, after the rows sealed before it; no
later run can put a row below a position already given, so the sealed chain only grows at its
end, and its head (the last position, that row's id and chain hash) is what a checkpoint writes
down (checkpoints.py).

One sealer runs at a time: on PostgreSQL it holds an advisory lock for its transaction (taken by
the sealer only, never by a request); SQLite writes one transaction at a time anyway. The
background worker seals every ``settings.WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS`` beside its tasks
(``WORKER_DUTIES``, run by core's ``db_worker``), once after a ``--batch`` run, and
``manage.py audit_seal`` seals on demand.
"""

from django.db import connection, transaction

from wijkteam.access.audit import GENESIS_HASH, chain_digest
from wijkteam.access.models import AuditEntry

# Any fixed number: the key of the PostgreSQL advisory lock that lets one sealer run at a time.
SEAL_LOCK_ID = 0x5753454C
# Rows sealed in one transaction; a larger backlog takes several.
BATCH = 1000


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_ID])


def sealed_head() -> tuple[int, int | None, str]:
    """The last sealed row: its position (the number of sealed rows), id and chain hash; (0,
    None, GENESIS_HASH) while nothing is sealed. One lookup in the positions' unique index."""
    last = (
        AuditEntry.objects.filter(seal_position__isnull=False)
        .order_by("-seal_position")
        .values_list("seal_position", "id", "seal_hash")
        .first()
    )
    return last or (0, None, GENESIS_HASH)


def _seal_batch() -> int:
    with transaction.atomic():
        _lock()
        position, _last_id, previous_hash = sealed_head()
        entries = list(
            AuditEntry.objects.filter(seal_position__isnull=True)
            .order_by("id")
            .only("id", "entry_hash")[:BATCH]
        )
        for entry in entries:
            position += 1
            entry.seal_position = position
            entry.seal_hash = previous_hash = chain_digest(
                previous_hash=previous_hash,
                position=position,
                entry_id=entry.id,
                entry_hash=entry.entry_hash,
            )
        _write_seals(entries)
    return len(entries)


def _write_seals(entries: list[AuditEntry]) -> None:
    """One UPDATE ... FROM (VALUES ...) for the batch (PostgreSQL, and SQLite since 3.33):
    Django's bulk_update builds a CASE per row and takes far longer to compile than to run."""
    if not entries:
        return
    table = AuditEntry._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(entries))
    params = [
        value for entry in entries for value in (entry.id, entry.seal_position, entry.seal_hash)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET seal_position = v.column2, seal_hash = v.column3 "  # noqa: S608
            f"FROM (VALUES {values}) AS v WHERE {table}.id = v.column1",
            params,
        )


def audit_seal() -> int:
    """Seal every committed row not sealed yet, in batches of ``BATCH`` rows per transaction;
    returns how many were sealed. Safe to run at any time, by several processes at once."""
    total = 0
    while True:
        # Nothing to seal (the worker's usual answer): no transaction, no lock, one lookup.
        if not AuditEntry.objects.filter(seal_position__isnull=True).exists():
            return total
        sealed = _seal_batch()
        total += sealed
        if sealed < BATCH:
            return total
