from django.conf import settings
from django.http import HttpRequest

from wijkteam.partners.access import (
    arrears_list_url,
    current_district_code,
    switch_districts_of,
    work_of,
)


def layout(request: HttpRequest) -> dict:
    """What the page header needs: the wijk switch and the current wijk (staff only)."""
    user = getattr(request, "user", None)
    # Before the second login step the page shows nothing of the user's work.
    if user is None or not user.is_authenticated or getattr(request, "two_factor_pending", False):
        return {"demo_mode": settings.DEMO_MODE}
    return {
        "demo_mode": settings.DEMO_MODE,
        "switch_districts": switch_districts_of(request),
        "current_district_code": current_district_code(request),
        # The menu offers what fits the user's work (pages still check access themselves).
        "work": work_of(request),
        "arrears_list_url": arrears_list_url(),
    }
