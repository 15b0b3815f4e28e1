"""Webhooks: a partner system's subscription to the events of its organisation, each delivery of
an event to it, and every attempt at that delivery."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.partners.models import Organisation


class Subscription(models.Model):
    """A partner system that wants to hear of events its organisation may know about, at a URL
    of its own. Deliveries are signed with ``secret`` (Standard Webhooks): it has to be kept as
    it is to sign with, so unlike an API key it cannot be stored as a hash. It is shown once,
    when made, and never again (not in Beheer, not in the audit trail)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(
        _("naam"), max_length=100, help_text=_("Bijvoorbeeld het systeem dat de berichten krijgt.")
    )
    url = models.URLField(_("adres (URL)"), max_length=500)
    secret = models.CharField(max_length=200)
    # The EventType values (notifications/events.py) this subscription chose.
    event_types = models.JSONField(_("gebeurtenissen"), default=list)
    active = models.BooleanField(_("aan"), default=True)
    # Deliveries given up on in a row (reset by any delivery that arrives); at the limit the
    # subscription is switched off (WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER).
    failure_streak = models.PositiveIntegerField(_("opgegeven op rij"), default=0)
    disabled_at = models.DateTimeField(_("uitgezet op"), null=True, blank=True)
    disabled_reason = models.CharField(_("reden uitgezet"), max_length=300, blank=True)
    last_success_at = models.DateTimeField(_("laatst afgeleverd"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )

    class Meta:
        verbose_name = _("webhook-abonnement")
        verbose_name_plural = _("webhook-abonnementen")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    FAILED = "failed", _("Mislukt, volgende poging gepland")
    SUCCEEDED = "succeeded", _("Afgeleverd")
    GIVEN_UP = "given_up", _("Opgegeven")


# Where a delivery may go from each state (checked in sending.py and services.py): an attempt
# ends in succeeded, failed (a retry is planned) or given up; a replay puts any delivery back
# to pending, for one more round of attempts starting now.
TRANSITIONS: dict[str, frozenset[str]] = {
    DeliveryState.PENDING: frozenset(
        {
            DeliveryState.SUCCEEDED,
            DeliveryState.FAILED,
            DeliveryState.GIVEN_UP,
            DeliveryState.PENDING,
        }
    ),
    DeliveryState.FAILED: frozenset(
        {
            DeliveryState.SUCCEEDED,
            DeliveryState.FAILED,
            DeliveryState.GIVEN_UP,
            DeliveryState.PENDING,
        }
    ),
    DeliveryState.SUCCEEDED: frozenset({DeliveryState.PENDING}),
    DeliveryState.GIVEN_UP: frozenset({DeliveryState.PENDING}),
}
# The states in which the worker still tries to deliver.
WAITING = (DeliveryState.PENDING, DeliveryState.FAILED)


class Delivery(models.Model):
    """One event for one subscription: the payload exactly as built for its organisation, and
    where its delivery stands. One per subscription and event, however often the event is
    handed over."""

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("abonnement"),
    )
    # Sent as the Webhook-Id header: the same on every attempt and replay, so a receiver can
    # tell a delivery it already processed.
    message_id = models.UUIDField(_("bericht-id"), default=uuid.uuid4, unique=True)
    event_key = models.CharField(_("gebeurtenis"), max_length=64)
    event_type = models.CharField(_("soort"), max_length=40)
    payload = models.JSONField(_("inhoud"))
    state = models.CharField(
        _("status"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    # Attempts since the delivery was made or last replayed: the back-off follows these.
    round_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    # Set while a worker sends it (the request goes out outside any transaction): a second
    # worker leaves it alone until the claim is older than a request can take.
    sending_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    delivered_at = models.DateTimeField(_("afgeleverd"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook-bericht")
        verbose_name_plural = _("webhook-berichten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_key"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "failed"]),
                name="webhook_delivery_waiting",
            ),
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_by_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} · {self.message_id}"


class DeliveryAttempt(models.Model):
    """One try at a delivery: when, what came back (the status and the start of the answer,
    bounded), or why it failed before an answer, and how long it took."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="attempt_rows", verbose_name=_("bericht")
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    response_excerpt = models.CharField(_("begin van het antwoord"), max_length=500, blank=True)
    error = models.CharField(_("fout"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duur (ms)"), default=0)
    succeeded = models.BooleanField(_("gelukt"), default=False)
    replay = models.BooleanField(_("opnieuw verstuurd"), default=False)

    class Meta:
        verbose_name = _("poging")
        verbose_name_plural = _("pogingen")
        ordering = ["delivery", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error[:40]}"
