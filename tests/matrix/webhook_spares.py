"""The webhooks' spare records for Beheer's pages in the matrix (beheer.py): a subscription of
an organisation nothing deletes, and a delivery to it that was given up (so it can be sent
again)."""

from django.utils import timezone

from wijkteam.webhooks.models import Delivery, DeliveryState, Subscription
from wijkteam.webhooks.signing import secret_new


def webhook_spares(world) -> dict:
    subscription = Subscription.objects.create(
        organisation=world.gemeente,
        name="Reservekoppeling",
        url="https://reserve.example.org/webhook",
        secret=secret_new(),
        event_types=["case.closed"],
    )
    delivery = Delivery.objects.create(
        subscription=subscription,
        event_key="reserve",
        event_type="case.closed",
        payload={"type": "case.closed", "data": {}},
        state=DeliveryState.GIVEN_UP,
        attempts=6,
        round_attempts=6,
        created_at=timezone.now(),
    )
    return {"webhooks.subscription": subscription, "webhooks.delivery": delivery}
