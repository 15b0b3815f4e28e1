"""Reads of the outbox for staff pages (no addresses, no bodies)."""

from django.db.models import Count

from wijkteam.notifications.models import EmailStatus, OutgoingEmail


def delivery_counts(topic: str) -> dict[str, int]:
    """How the emails about ``topic`` (a case reference) fared: {status: count} for every
    status, zero included."""
    counts = dict.fromkeys(EmailStatus.values, 0)
    rows = (
        OutgoingEmail.objects.filter(topic=topic)
        .values("status")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts.update({row["status"]: row["count"] for row in rows})
    return counts
