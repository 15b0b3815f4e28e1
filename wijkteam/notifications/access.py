"""Reads of a user's own notifications (nobody reads another's)."""

from django.db.models import QuerySet

from wijkteam.core.compiled import compiled
from wijkteam.notifications.models import Notification


def notifications_for_user(user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return _notifications_of(user.pk)


def _notifications_of(user_id: int) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user_id)


@compiled("user_id")
def _unread_of(user_id: int) -> QuerySet[Notification]:
    return _notifications_of(user_id).filter(read_at__isnull=True).order_by().values("pk")[:100]


def unread_count(user) -> int:
    """At most 100: the navigation shows '99+' beyond that. On every page: its query is
    compiled once (core/compiled.py)."""
    if not user.is_authenticated:
        return 0
    return _unread_of.count(user_id=user.pk)
