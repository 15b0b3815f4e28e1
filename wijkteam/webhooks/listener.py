"""The webhooks' listener to Wijkteam's events (notifications/events.py): for each event, one
delivery per active subscription that chose its type and whose organisation may know the
record, with the payload built for that organisation; each delivery is then sent by its own
task, queued with it."""

from django.db import transaction
from django.utils import timezone

from wijkteam.core.followups import follow_up
from wijkteam.notifications.events import Event, EventType
from wijkteam.webhooks.models import Delivery, Subscription
from wijkteam.webhooks.payloads import load_case, load_signal, organisation_reader, payload_for
from wijkteam.webhooks.sending import deliver_webhook


def webhooks_on_event(event: Event) -> int:
    """Make the deliveries of one event. Handed the same event again (a worker killed halfway),
    it makes none twice: a delivery is unique per subscription and event key. Returns how many
    it made now."""
    if event.kind not in EventType.values:
        return 0
    subscriptions = [
        subscription
        for subscription in Subscription.objects.filter(
            active=True, organisation__is_active=True
        ).select_related("organisation")
        if event.kind in subscription.event_types
    ]
    if not subscriptions:
        return 0
    signal, case = load_signal(event.signal_id), load_case(event.case_id)
    payloads: dict[int, dict | None] = {}  # per organisation
    made, now = 0, timezone.now()
    with transaction.atomic():
        for subscription in subscriptions:
            organisation = subscription.organisation
            if organisation.pk not in payloads:
                payloads[organisation.pk] = payload_for(
                    event,
                    organisation=organisation,
                    reader=organisation_reader(organisation.pk),
                    signal=signal,
                    case=case,
                )
            payload = payloads[organisation.pk]
            if payload is None:
                continue
            delivery, created = Delivery.objects.get_or_create(
                subscription=subscription,
                event_key=event.key,
                defaults={"event_type": event.kind, "payload": payload, "next_attempt_at": now},
            )
            if created:
                # Queued with the delivery, in its transaction: the one exists when the other does.
                follow_up(deliver_webhook, delivery_id=delivery.pk)
                made += 1
    return made
