"""Writes made through the Django admin (configuration data managed by functional admins)."""

from typing import Any

from django.db import models, transaction
from django.forms.models import model_to_dict

from wijkteam.access.audit import audit_record


def _audited_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_audited_value(item) for item in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def config_record_save(
    *, actor: Any, instance: models.Model, changed_fields: list[str], created: bool
) -> models.Model:
    """Save a configuration record edited by a functional admin and audit the changed fields."""
    with transaction.atomic():
        before = {}
        if not created:
            stored = type(instance)._default_manager.filter(pk=instance.pk).first()
            before = model_to_dict(stored) if stored else {}
        instance.save()
        after = model_to_dict(instance)
        changes = {
            name: [_audited_value(before.get(name)), _audited_value(after.get(name))]
            for name in changed_fields
            if name in after and name not in {"password", "geometry"}
        }
        changes.update(
            {name: "gewijzigd" for name in changed_fields if name in {"password", "geometry"}}
        )
        audit_record(
            actor=actor,
            action="create" if created else "update",
            instance=instance,
            changes=changes,
        )
    return instance


def config_record_delete(*, actor: Any, instance: models.Model) -> None:
    """Delete a configuration record on a functional admin's request, with an audit row."""
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=instance, changes={})
        instance.delete()
