from django.http import HttpRequest

from wijkteam.cases.worklists import waiting_count


def triage_counts(request: HttpRequest) -> dict:
    """For the navigation: how many proposals wait for my organisation's response."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.organisation_id:
        return {}
    if getattr(request, "two_factor_pending", False):  # not before the second login step
        return {}
    return {"triage_waiting": waiting_count(user)}
