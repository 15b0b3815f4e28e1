from django.http import HttpRequest

from wijkteam.privacy.access import may_search_access_log


def privacy_menu(request: HttpRequest) -> dict:
    """Whether the menu offers the privacy pages (the pages still check access themselves)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {}
    return {"show_privacy_pages": may_search_access_log(user)}
