from django.http import HttpRequest

from wijkteam.signals.access import debt_help_menu


def debt_help_counts(request: HttpRequest) -> dict:
    """For the navigation of gemeente staff in a wijkteam: the debt help list, and how many
    referrals nobody picked up yet."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    new = debt_help_menu(user)
    return {} if new is None else {"debt_help_menu": True, "debt_help_new": new}
