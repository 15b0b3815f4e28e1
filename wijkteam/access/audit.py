"""Writing the audit trail. Every service that changes a domain record calls one of these inside
its own transaction, with the acting user passed in explicitly (None for the system).

The trail is a hash chain: each row stores the previous row's hash and an HMAC over its own
content plus that previous hash. The key comes from ``settings.WIJKTEAM_AUDIT_KEY``, so someone
who can write to the database but does not hold the key cannot rewrite the chain after changing
a row. Appends are serialised (an advisory lock on PostgreSQL; SQLite has one writer at a time),
so two transactions never chain onto the same row."""

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from wijkteam.access.models import AuditEntry

SYSTEM_LABEL = "systeem"
GENESIS_HASH = "0" * 64
# Any fixed number: the key of the PostgreSQL advisory lock that serialises appends.
CHAIN_LOCK_ID = 0x57494A4B
# Records about residents, and their fields whose values are personal data or free text that
# may hold it: the trail records that they changed, not what they held.
PERSONAL_APPS = frozenset({"signals", "cases"})
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
# Records whose str() is free text (an action's description, a file's original name).
FREE_TEXT_REPR = frozenset(
    {"signals.attachment", "cases.casedocument", "cases.caseaction", "cases.casenote"}
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


def entry_digest(
    *,
    previous_hash: str,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: Any,
) -> str:
    """The keyed hash of one row: its content as canonical JSON, and the previous hash."""
    content = json.dumps(
        [
            previous_hash,
            at.astimezone(UTC).isoformat(),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            object_repr,
            changes,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    key = settings.WIJKTEAM_AUDIT_KEY.encode()
    return hmac.new(key, content.encode(), hashlib.sha256).hexdigest()


def _lock_chain() -> str:
    """Take the append lock (until the transaction ends) and return the last row's hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_ID])
    last = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return last or GENESIS_HASH


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
        return f"{instance._meta.verbose_name} {instance.pk}"
    return str(instance)[:200]


def _entry(
    actor: Any, action: str, instance: models.Model, changes: dict, previous_hash: str
) -> AuditEntry:
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
        previous_hash=previous_hash,
    )
    entry.entry_hash = _digest_of(entry)
    return entry


def _digest_of(entry: AuditEntry) -> str:
    return entry_digest(
        previous_hash=entry.previous_hash,
        at=entry.at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        changes=entry.changes,
    )


def audit_record(*, actor: Any, action: str, instance: models.Model, changes: dict) -> AuditEntry:
    """Append one audit row for ``instance`` (call inside the changing transaction)."""
    with transaction.atomic():
        entry = _entry(actor, action, instance, changes, _lock_chain())
        entry.save()
    return entry


def audit_records(*, actor: Any, rows: Iterable[tuple[str, models.Model, dict]]) -> None:
    """Append many audit rows at once (bulk imports): each row is (action, instance, changes)."""
    with transaction.atomic():
        previous_hash = _lock_chain()
        entries = []
        for action, instance, changes in rows:
            entry = _entry(actor, action, instance, changes, previous_hash)
            entries.append(entry)
            previous_hash = entry.entry_hash
        AuditEntry.objects.bulk_create(entries, batch_size=500)


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


@dataclass(frozen=True)
class BrokenLink:
    entry_id: int
    at: datetime
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_hash: str
    broken: BrokenLink | None


def _rows() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def audit_chain_verify() -> ChainReport:
    """Walk the trail in order and return the first row whose hash or link does not hold."""
    previous_hash = GENESIS_HASH
    checked = 0
    for entry in _rows():
        if entry.previous_hash != previous_hash:
            reason = "link"
        elif not hmac.compare_digest(entry.entry_hash, _digest_of(entry)):
            reason = "content"
        else:
            previous_hash = entry.entry_hash
            checked += 1
            continue
        return ChainReport(checked, previous_hash, BrokenLink(entry.id, entry.at, reason))
    return ChainReport(checked, previous_hash, None)
