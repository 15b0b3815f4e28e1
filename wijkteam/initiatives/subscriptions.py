"""Stopping (and resuming) the update emails of an initiative, by the one-click link in every
email (updates.py signs who it is for: the initiator, or one supporter). No account: the
signed link is the proof."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.initiatives.models import Initiative, Supporter
from wijkteam.initiatives.proposals import LinkRefused
from wijkteam.initiatives.updates import INITIATOR, SUPPORTER, unsubscribe_target
from wijkteam.partners.actors import SYSTEM


@dataclass(frozen=True)
class Subscription:
    """Who an unsubscribe link is for, and whether they get the updates now."""

    initiative: Initiative
    kind: str  # updates.INITIATOR or updates.SUPPORTER
    subscribed: bool


def _unknown() -> LinkRefused:
    return LinkRefused(
        _("Deze afmeldlink kennen we niet. Kijk of u de hele link uit de e-mail heeft gebruikt."),
        code="unknown",
    )


def _locked_target(value: str) -> Initiative | Supporter:
    """The initiative (its initiator) or the supporter a signed value names, locked; raises
    ``LinkRefused`` for a forged value or one whose record is gone."""
    target = unsubscribe_target(value)
    if target is None:
        raise _unknown()
    kind, pk = target
    if kind == INITIATOR:
        found = Initiative.objects.select_for_update().filter(pk=pk).first()
    else:
        found = (
            Supporter.objects.select_for_update(of=("self",))
            .select_related("initiative")
            .filter(pk=pk)
            .first()
        )
    if found is None:
        raise _unknown()
    return found


def _subscription(target: Initiative | Supporter) -> Subscription:
    if isinstance(target, Initiative):
        return Subscription(target, INITIATOR, target.initiator_wants_updates)
    return Subscription(target.initiative, SUPPORTER, target.wants_updates)


def _subscription_set(*, value: str, subscribed: bool, action: str) -> Subscription:
    with transaction.atomic():
        target = _locked_target(value)
        field = "initiator_wants_updates" if isinstance(target, Initiative) else "wants_updates"
        before = getattr(target, field)
        if before != subscribed:
            setattr(target, field, subscribed)
            target.save(update_fields=[field])
            audit_record(
                # The resident has no account; the system acts on their signed link.
                actor=SYSTEM,
                action=action,
                instance=target,
                changes={field: [before, subscribed]},
            )
        return _subscription(target)


def subscription_stop(*, value: str) -> Subscription:
    """Stop the update emails for whoever the signed ``value`` names. Doing it twice changes
    nothing the second time. Raises ``LinkRefused`` (``unknown``) for a forged value."""
    return _subscription_set(value=value, subscribed=False, action="initiative_updates_stop")


def subscription_resume(*, value: str) -> Subscription:
    """Send the update emails again (the "Toch weer berichten ontvangen" button)."""
    return _subscription_set(value=value, subscribed=True, action="initiative_updates_resume")
