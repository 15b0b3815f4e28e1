"""Changes to webhook subscriptions and deliveries: by functional admins in Beheer, and the
switch-off after a run of failures by the system. Each is audited in its own transaction; the
secret is written to the audit trail only as "set", never as what it is."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record, audit_records, field_changes
from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.notifications.events import EventType
from wijkteam.partners.actors import Actor
from wijkteam.partners.models import Organisation
from wijkteam.webhooks.models import TRANSITIONS, Delivery, DeliveryState, Subscription
from wijkteam.webhooks.outbound import url_problem
from wijkteam.webhooks.sending import claim_window, deliver_webhook
from wijkteam.webhooks.signing import secret_new, secret_problem
from wijkteam.webhooks.switching import require_admin, subscription_switch_off

__all__ = [
    "delivery_replay",
    "subscription_create",
    "subscription_delete",
    "subscription_secret_renew",
    "subscription_switch_off",
    "subscription_switch_on",
    "subscription_update",
]


def _checked(*, name: str, url: str, event_types: Iterable[str]) -> tuple[str, str, list[str]]:
    name, url = name.strip(), url.strip()
    if not name:
        raise DomainError(_("Geef het abonnement een naam."), field="name")
    problem = url_problem(url)
    if problem is not None:
        raise DomainError(problem, field="url")
    given = set(event_types)
    chosen = [kind for kind in EventType.values if kind in given]
    if not chosen or len(chosen) != len(given):
        raise DomainError(_("Kies een of meer gebeurtenissen."), field="event_types")
    return name, url, chosen


def _audited(subscription: Subscription) -> dict:
    return {
        "organisation": subscription.organisation_id,
        "name": subscription.name,
        "url": subscription.url,
        "event_types": list(subscription.event_types),
        "active": subscription.active,
    }


def subscription_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    url: str,
    event_types: Iterable[str],
    secret: str = "",
) -> tuple[Subscription, str]:
    """A new subscription, switched on. Without ``secret`` one is made; the secret is returned
    to be shown once and is never shown again."""
    require_admin(actor, "add_subscription")
    name, url, chosen = _checked(name=name, url=url, event_types=event_types)
    secret = secret.strip() or secret_new()
    if (problem := secret_problem(secret)) is not None:
        raise DomainError(problem, field="secret")
    with transaction.atomic():
        subscription = Subscription.objects.create(
            organisation=organisation,
            name=name,
            url=url,
            event_types=chosen,
            secret=secret,
            created_by=actor,
        )
        changes = field_changes({}, _audited(subscription)) | {"secret": "gezet"}
        audit_record(actor=actor, action="create", instance=subscription, changes=changes)
    return subscription, secret


def subscription_update(
    *, actor: Actor, subscription: Subscription, name: str, url: str, event_types: Iterable[str]
) -> Subscription:
    """Change what a subscription is called, where it goes and what it hears of. Deliveries
    already made keep their address: they go to the subscription's URL as it is when sent."""
    require_admin(actor, "change_subscription")
    name, url, chosen = _checked(name=name, url=url, event_types=event_types)
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        before = _audited(subscription)
        subscription.name, subscription.url, subscription.event_types = name, url, chosen
        subscription.save(update_fields=["name", "url", "event_types"])
        changes = field_changes(before, _audited(subscription))
        if changes:
            audit_record(actor=actor, action="update", instance=subscription, changes=changes)
    return subscription


def subscription_secret_renew(*, actor: Actor, subscription: Subscription) -> str:
    """A new secret, at once: deliveries are signed with it from now on (the old one stops
    working). Returned to be shown once."""
    require_admin(actor, "change_subscription")
    secret = secret_new()
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk).update(secret=secret)
        audit_record(
            actor=actor, action="update", instance=subscription, changes={"secret": "vernieuwd"}
        )
    subscription.secret = secret
    return secret


def subscription_switch_on(*, actor: Actor, subscription: Subscription) -> Subscription:
    """Switch a subscription on (again): its run of failures starts over, and the deliveries
    that waited while it was off are sent now."""
    require_admin(actor, "change_subscription")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.active:
            return subscription
        before = {"active": False, "failure_streak": subscription.failure_streak}
        subscription.active = True
        subscription.failure_streak = 0
        subscription.disabled_at = None
        subscription.disabled_reason = ""
        subscription.save(
            update_fields=["active", "failure_streak", "disabled_at", "disabled_reason"]
        )
        audit_record(
            actor=actor,
            action="update",
            instance=subscription,
            changes=field_changes(before, {"active": True, "failure_streak": 0}),
        )
        now = timezone.now()
        waiting = list(
            subscription.deliveries.filter(
                state__in=[DeliveryState.PENDING, DeliveryState.FAILED]
            ).values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=waiting).update(next_attempt_at=now)
        for delivery_id in waiting:
            follow_up(deliver_webhook, delivery_id=delivery_id)
    return subscription


def subscription_delete(*, actor: Actor, subscription: Subscription) -> None:
    """Remove a subscription with its deliveries and their attempts."""
    require_admin(actor, "delete_subscription")
    with transaction.atomic():
        audit_record(actor=actor, action="delete", instance=subscription, changes={})
        subscription.delete()


def delivery_replay(*, actor: Actor, delivery_ids: Iterable[int]) -> int:
    """Send deliveries again, now, on a functional admin's request: each gets a new round of
    attempts (with the same message id, so the receiver can tell it had it). Not while its
    subscription is switched off, nor while it is being sent. Returns how many go again."""
    require_admin(actor, "view_delivery")
    now = timezone.now()
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update()
            .filter(pk__in=list(delivery_ids), subscription__active=True)
            .filter(Q(sending_since=None) | Q(sending_since__lt=now - claim_window()))
            .only("pk", "state")
        )
        replayed = [d for d in deliveries if DeliveryState.PENDING in TRANSITIONS[d.state]]
        Delivery.objects.filter(pk__in=[d.pk for d in replayed]).update(
            state=DeliveryState.PENDING, round_attempts=0, next_attempt_at=now, sending_since=None
        )
        audit_records(
            actor=actor,
            rows=[("replay", d, {"state": [d.state, DeliveryState.PENDING]}) for d in replayed],
        )
        for delivery in replayed:
            follow_up(deliver_webhook, delivery_id=delivery.pk)
    return len(replayed)
