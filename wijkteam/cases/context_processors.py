from django.http import HttpRequest

from wijkteam.cases.worklists import waiting_count
from wijkteam.partners.access import work_of


def triage_counts(request: HttpRequest) -> dict:
    """For the navigation: how many proposals wait for my organisation's response. The menu
    offers triage to who does a wijkteam's casework (``work_of``, from the wijk switch's
    query); nobody else's page counts them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.organisation_id:
        return {}
    if getattr(request, "two_factor_pending", False):  # not before the second login step
        return {}
    if not work_of(request).casework:
        return {}
    return {"triage_waiting": waiting_count(user)}
