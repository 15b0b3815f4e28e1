"""Writes made through the Django admin (configuration data managed by functional admins)."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.actors import SystemActor, is_system
from wijkteam.core.errors import DomainError

# A functional admin's account (``partners.User``, which this app lies below and knows by
# Django's base class), or the system loading the demo's configuration.
ConfigActor = AbstractBaseUser | SystemActor
# Fields whose values the trail does not hold, only that they changed: secrets, and geometry
# (large, and kept in the record itself).
UNRECORDED_FIELDS = frozenset({"password", "client_secret", "geometry"})


def _require_configuring(actor: ConfigActor, instance: models.Model, action: str) -> None:
    """Only a functional admin with the admin's permission for this kind of record (``add``,
    ``change``, ``delete``), or the system; never None."""
    if is_system(actor):
        return
    opts = instance._meta
    if not (
        isinstance(actor, AbstractBaseUser)
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
    ):
        raise DomainError(_("Alleen een functioneel beheerder wijzigt de instellingen."))


def _audited_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_audited_value(item) for item in value]
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def config_record_save(
    *, actor: ConfigActor, instance: models.Model, changed_fields: list[str], created: bool
) -> models.Model:
    """Save a configuration record edited by a functional admin and audit the changed fields."""
    _require_configuring(actor, instance, "add" if created else "change")
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
            if name in after and name not in UNRECORDED_FIELDS
        }
        changes.update({name: "gewijzigd" for name in changed_fields if name in UNRECORDED_FIELDS})
        audit_record(
            actor=actor,
            action="create" if created else "update",
            instance=instance,
            changes=changes,
        )
    return instance


def config_record_delete(*, actor: ConfigActor, instance: models.Model) -> None:
    """Delete a configuration record on a functional admin's request, with an audit row."""
    _require_configuring(actor, instance, "delete")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=instance, changes={})
        instance.delete()
