"""Reads of a user's own notifications (nobody reads another's)."""

from django.db.models import QuerySet

from wijkteam.notifications.models import Notification


def notifications_for_user(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    """At most 100: the navigation shows '99+' beyond that."""
    return notifications_for_user(user).filter(read_at__isnull=True).values("pk")[:100].count()
