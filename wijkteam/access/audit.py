"""Writing the audit trail. Every service that changes a domain record calls one of these inside
its own transaction, with the acting user passed in explicitly (None for the system)."""

from collections.abc import Iterable
from typing import Any

from django.db import models

from wijkteam.access.models import AuditEntry

SYSTEM_LABEL = "systeem"


def actor_label(actor: Any) -> str:
    if actor is None:
        return SYSTEM_LABEL
    organisation = getattr(actor, "organisation", None)
    name = actor.get_full_name() or actor.get_username()
    return f"{name} ({organisation.name})" if organisation else name


def _entry(actor: Any, action: str, instance: models.Model, changes: dict) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        actor_label=actor_label(actor),
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def audit_record(*, actor: Any, action: str, instance: models.Model, changes: dict) -> AuditEntry:
    """Append one audit row for ``instance`` (call inside the changing transaction)."""
    entry = _entry(actor, action, instance, changes)
    entry.save()
    return entry


def audit_records(*, actor: Any, rows: Iterable[tuple[str, models.Model, dict]]) -> None:
    """Append many audit rows at once (bulk imports): each row is (action, instance, changes)."""
    AuditEntry.objects.bulk_create(
        [_entry(actor, action, instance, changes) for action, instance, changes in rows],
        batch_size=500,
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value differs."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }
