"""Switching a subscription off: by a functional admin in Beheer, or by the system when its
deliveries were given up on too many times in a row (the functional admins are told). Nothing
is sent to a subscription that is off; what waits for it goes once it is switched on again."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import forbidden
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import SYSTEM, Actor, is_system, is_user
from wijkteam.partners.models import Role, User
from wijkteam.webhooks.models import Subscription


def require_admin(actor: Actor, permission: str) -> None:
    """A functional admin with Beheer's permission for this (``add_subscription``, ...)."""
    if not (
        is_user(actor)
        and actor.is_active
        and actor.is_staff
        and actor.has_perm(f"webhooks.{permission}")
    ):
        raise forbidden(_("Alleen een functioneel beheerder beheert webhooks."))


def subscription_switch_off(*, actor: Actor, subscription: Subscription, reason: str) -> bool:
    """Switch a subscription off: nothing is sent to it until it is switched on again. By a
    functional admin, or by the system after a run of failures, which tells the functional
    admins. Returns whether it was on."""
    if not is_system(actor):
        require_admin(actor, "change_subscription")
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if not subscription.active:
            return False
        subscription.active = False
        subscription.disabled_at = timezone.now()
        subscription.disabled_reason = reason[:300]
        subscription.save(update_fields=["active", "disabled_at", "disabled_reason"])
        audit_record(
            actor=actor,
            action="update",
            instance=subscription,
            changes={"active": [True, False], "disabled_reason": reason[:300]},
        )
        if is_system(actor):
            _tell_admins(subscription)
    return True


def _tell_admins(subscription: Subscription) -> None:
    admins = User.objects.filter(role=Role.FUNCTIONEEL_BEHEERDER, is_active=True)
    notify_users(
        users=admins,
        subject=_("Webhook uitgezet: %(name)s") % {"name": str(subscription)},
        body=_(
            "Wijkteam heeft het webhook-abonnement %(name)s uitgezet: %(reason)s Er wordt niets "
            "meer naartoe gestuurd tot een functioneel beheerder het weer aanzet. Wat intussen "
            "wacht, gaat dan alsnog."
        )
        % {"name": str(subscription), "reason": subscription.disabled_reason},
        link=reverse("admin:webhooks_subscription_change", args=[subscription.pk]),
        fanout_key=f"wh-off-{subscription.pk}-{int(subscription.disabled_at.timestamp())}",
    )


def switch_off_after_failures(*, subscription_id: int, threshold: int) -> bool:
    """After a delivery was given up: switch its subscription off when its run of deliveries
    given up reached ``threshold``. Returns whether it was switched off now."""
    subscription = Subscription.objects.filter(pk=subscription_id, active=True).first()
    if subscription is None or subscription.failure_streak < threshold:
        return False
    return subscription_switch_off(
        actor=SYSTEM,
        subscription=subscription,
        reason=_("%(count)s berichten op rij konden niet worden afgeleverd.")
        % {"count": subscription.failure_streak},
    )
