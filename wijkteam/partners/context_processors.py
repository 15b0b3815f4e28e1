from django.conf import settings
from django.http import HttpRequest

from wijkteam.partners.access import current_district_code, districts_for_switch


def layout(request: HttpRequest) -> dict:
    """What the page header needs: the wijk switch and the current wijk (staff only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_mode": settings.DEMO_MODE}
    return {
        "demo_mode": settings.DEMO_MODE,
        "switch_districts": districts_for_switch(user),
        "current_district_code": current_district_code(request),
    }
