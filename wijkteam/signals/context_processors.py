from django.http import HttpRequest

from wijkteam.partners.access import work_of
from wijkteam.signals.access import debt_help_menu


def debt_help_counts(request: HttpRequest) -> dict:
    """For the navigation of gemeente staff in a wijkteam: the debt help list, and how many
    referrals nobody picked up yet. Whether the user is a debt counsellor somewhere is known
    from the wijk switch's query (``work_of``): everyone else costs no query here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "two_factor_pending", False):  # not before the second login step
        return {}
    if not work_of(request).debt_counsellor:
        return {}
    new = debt_help_menu(user)
    return {} if new is None else {"debt_help_menu": True, "debt_help_new": new}
