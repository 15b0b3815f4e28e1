from django.http import HttpRequest

from wijkteam.notifications.access import unread_count


def notification_counts(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "two_factor_pending", False):  # not before the second login step
        return {}
    return {"unread_notifications": unread_count(user)}
