"""Writing the audit trail. Every service that changes a domain record calls one of these inside
its own transaction, with the acting user passed in explicitly (None for the system).

An append is one INSERT: it reads nothing and takes no lock, so transactions that write audit
rows run side by side. Each row carries, from its append, an HMAC over its own content (with a
random nonce, so that no two rows hash alike) under ``settings.WIJKTEAM_AUDIT_KEY``: someone who
can write to the database but does not hold the key cannot change a row, even one not sealed
yet, without its hash giving it away.

The rows are then chained by the sealer (access/seal.py), which the background worker runs
every few seconds: it takes the committed rows not sealed yet, oldest id first, and gives each
the next position (1, 2, 3, ...) and a chain hash, an HMAC over the previous row's chain hash,
the position, the row's id and its content hash. ``audit_chain_verify`` walks the sealed rows in
that order and reports the first broken link (a position missing, a chain hash that does not
hold: a row removed, inserted or moved) or changed content, checks the rows not sealed yet too,
finds a copied row, and counts the rows left unsealed longer than
``settings.WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS``. Rows cut off the end of the sealed chain are
found by the signed checkpoints (checkpoints.py)."""

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Min
from django.utils import timezone

from wijkteam.access.models import AuditEntry
from wijkteam.core.batching import write_later

SYSTEM_LABEL = "systeem"
# The chain hash "before" the first sealed row (and the head of a trail with none).
GENESIS_HASH = "0" * 64
# What each kind of HMAC under the audit key is over starts with its own context, so that no
# row's content hash can pass for a chain hash or a checkpoint's signature, or the other way.
ENTRY_CONTEXT = b"wijkteam-audit-entry\n"
SEAL_CONTEXT = b"wijkteam-audit-seal\n"
# Records about residents, and their fields whose values are personal data or free text that
# may hold it: the trail records that they changed, not what they held.
# The wijkteamoverleg's agenda items and flags carry reasons and titles about cases.
PERSONAL_APPS = frozenset({"signals", "cases", "meetings"})
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "email",
        "phone",
        "tenant_name",
        "amount",
        "months",
        "street",
        "house_number",
        "house_number_addition",
        "postcode",
        "bag_id",
        "latitude",
        "longitude",
        "location_note",
        "description",
        "summary",
        "text",
        "comment",
        "message",
        "reason",
        "reasoning",
        "why",
        "title",
    }
)
REDACTED = "[persoonsgegeven]"
# Records whose str() is free text (an action's description, a file's original name, an
# initiative's title, a milestone's title).
FREE_TEXT_REPR = frozenset(
    {
        "signals.attachment",
        "cases.casedocument",
        "cases.caseaction",
        "cases.casenote",
        "initiatives.initiative",
        "initiatives.milestone",
        "initiatives.contribution",
    }
)


def _is_system(actor: Any) -> bool:
    """None or the system actor (partners.actors.SYSTEM, which access cannot import)."""
    return actor is None or getattr(actor, "is_system", False)


def actor_label(actor: Any) -> str:
    if _is_system(actor):
        return SYSTEM_LABEL
    organisation = getattr(actor, "organisation", None)
    name = actor.get_full_name() or actor.get_username()
    return f"{name} ({organisation.name})" if organisation else name


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _hmac(context: bytes, value: Any) -> str:
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    return hmac.new(key, context + _canonical(value), hashlib.sha256).hexdigest()


def content_digest(
    *,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: Any,
    nonce: str,
) -> str:
    """The keyed hash of one row's content, as canonical JSON."""
    return _hmac(
        ENTRY_CONTEXT,
        [
            at.astimezone(UTC).isoformat(),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            object_repr,
            changes,
            nonce,
        ],
    )


def chain_digest(*, previous_hash: str, position: int, entry_id: int, entry_hash: str) -> str:
    """The keyed chain hash of the row sealed at ``position``: over the chain hash of the row
    before it (``GENESIS_HASH`` for the first), its position, its id and its content hash."""
    return _hmac(SEAL_CONTEXT, [previous_hash, position, entry_id, entry_hash])


def _redacted(object_type: str, changes: dict) -> dict:
    """Changes with the values of personal fields replaced by a marker, for records about
    residents (signals, cases). The trail says that such a field changed, and who changed it;
    the value itself stays in the record, where retention and erasure can reach it (a row in
    an append-only trail cannot be erased)."""
    if object_type.split(".")[0] not in PERSONAL_APPS:
        return changes
    return {
        name: REDACTED if name in PERSONAL_FIELDS and value not in (None, "", []) else value
        for name, value in changes.items()
    }


def _repr(instance: models.Model) -> str:
    label = instance._meta.label_lower
    if label in FREE_TEXT_REPR:
        # Its number when it has one (an initiative's I-2026-00012), else its id.
        return f"{instance._meta.verbose_name} {getattr(instance, 'reference', '') or instance.pk}"
    return str(instance)[:200]


def _entry(actor: Any, action: str, instance: models.Model, changes: dict) -> AuditEntry:
    object_type = instance._meta.label_lower
    # The JSON round trip gives the values exactly as they will be read back (tuples become
    # lists), so the hash computed now is the hash verification computes later.
    changes = json.loads(json.dumps(_redacted(object_type, changes)))
    entry = AuditEntry(
        at=timezone.now(),
        actor=None if _is_system(actor) else actor,
        actor_label=actor_label(actor),
        action=action,
        object_type=object_type,
        object_id=str(instance.pk),
        object_repr=_repr(instance),
        changes=changes,
        nonce=secrets.token_hex(16),
    )
    entry.entry_hash = content_digest_of(entry)
    return entry


def content_digest_of(entry: AuditEntry) -> str:
    """What ``entry``'s content hash must be, computed from its content now."""
    return content_digest(
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        changes=entry.changes,
        nonce=entry.nonce,
    )


def audit_record(*, actor: Any, action: str, instance: models.Model, changes: dict) -> AuditEntry:
    """Append one audit row for ``instance`` (call inside the changing transaction): one
    INSERT, no read and no lock, or one row of the single bulk INSERT at the end of a
    ``writes_together()`` block (core/batching.py: the intake). The sealer chains it once the
    transaction has committed."""
    return write_later(_entry(actor, action, instance, changes))


def audit_records(*, actor: Any, rows: Iterable[tuple[str, models.Model, dict]]) -> None:
    """Append many audit rows at once (bulk imports): each row is (action, instance, changes).
    One bulk INSERT (SQLite splits it at its limit of parameters), no read and no lock."""
    entries = [_entry(actor, action, instance, changes) for action, instance, changes in rows]
    if entries:
        AuditEntry.objects.bulk_create(entries)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


@dataclass(frozen=True)
class BrokenLink:
    """The first row that does not hold. ``reason``: ``gap`` (sealed positions skip one: the
    row sealed there is gone), ``chain`` (its chain hash does not hold, or its position comes
    twice: a row inserted, moved or resealed), ``content`` (its content does not match its
    content hash: the row was changed, or forged) or ``copy`` (another row has the same content
    hash: a row copied in). ``position`` is the row's seal position, None when unsealed."""

    entry_id: int
    at: datetime
    reason: str
    position: int | None = None
    # For a copy: the row it is a copy of.
    original_id: int | None = None


@dataclass(frozen=True)
class ChainReport:
    """What verification found: ``checked`` rows held (``sealed`` of them sealed, up to the
    chain hash ``head_hash``), the first ``broken`` one if any, and ``late`` rows left unsealed
    longer than the seal window (the oldest of them appended at ``oldest_late``)."""

    checked: int
    head_hash: str
    broken: BrokenLink | None
    sealed: int = 0
    unsealed: int = 0
    late: int = 0
    oldest_late: datetime | None = None
    seal_within: timedelta = field(default=timedelta(0))


def _sealed_rows() -> Iterator[AuditEntry]:
    return (
        AuditEntry.objects.filter(seal_position__isnull=False)
        .order_by("seal_position")
        .iterator(chunk_size=2000)
    )


def _unsealed_rows() -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(seal_position__isnull=True).order_by("id").iterator(2000)


def _walk_sealed() -> tuple[int, str, BrokenLink | None]:
    """The sealed rows in seal order: how many hold, the last chain hash that holds, and the
    first row that does not."""
    previous_hash = GENESIS_HASH
    position = 0
    for entry in _sealed_rows():
        expected = position + 1
        if entry.seal_position > expected:
            reason = "gap"
        elif entry.seal_position < expected:
            reason = "chain"
        elif not hmac.compare_digest(entry.entry_hash, content_digest_of(entry)):
            reason = "content"
        elif not hmac.compare_digest(
            entry.seal_hash,
            chain_digest(
                previous_hash=previous_hash,
                position=expected,
                entry_id=entry.id,
                entry_hash=entry.entry_hash,
            ),
        ):
            reason = "chain"
        else:
            previous_hash = entry.seal_hash
            position = expected
            continue
        return position, previous_hash, BrokenLink(entry.id, entry.at, reason, entry.seal_position)
    return position, previous_hash, None


def _walk_unsealed() -> tuple[int, BrokenLink | None]:
    checked = 0
    for entry in _unsealed_rows():
        if entry.seal_hash or not hmac.compare_digest(entry.entry_hash, content_digest_of(entry)):
            reason = "chain" if entry.seal_hash else "content"
            return checked, BrokenLink(entry.id, entry.at, reason)
        checked += 1
    return checked, None


def _copy() -> BrokenLink | None:
    """A row whose content hash another row has too: with a random nonce in every row's
    content, only a copy can. One grouping query over the whole trail."""
    twice = list(
        AuditEntry.objects.values("entry_hash")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .order_by()
        .values_list("entry_hash", flat=True)[:1]
    )
    if not twice:
        return None
    original, copy = AuditEntry.objects.filter(entry_hash=twice[0]).order_by("id")[:2]
    return BrokenLink(copy.id, copy.at, "copy", copy.seal_position, original.id)


def audit_chain_verify(*, now: datetime | None = None) -> ChainReport:
    """Walk the sealed rows in seal order, then the rows not sealed yet, and return the first
    row that does not hold; count the rows left unsealed past the seal window."""
    sealed, head_hash, broken = _walk_sealed()
    unsealed = 0
    if broken is None:
        unsealed, broken = _walk_unsealed()
    if broken is None:
        broken = _copy()
    window = timedelta(seconds=settings.WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS)
    late = AuditEntry.objects.filter(
        seal_position__isnull=True, at__lt=(now or timezone.now()) - window
    ).aggregate(rows=Count("id"), oldest=Min("at"))
    return ChainReport(
        checked=sealed + unsealed,
        head_hash=head_hash,
        broken=broken,
        sealed=sealed,
        unsealed=unsealed,
        late=late["rows"],
        oldest_late=late["oldest"],
        seal_within=window,
    )
