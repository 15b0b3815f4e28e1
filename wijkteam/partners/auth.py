from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet

from wijkteam.core.compiled import compiled
from wijkteam.core.ratelimit import client_address
from wijkteam.partners.lockout import (
    login_failure_record,
    login_locked_until,
    login_success_record,
)
from wijkteam.partners.models import User
from wijkteam.partners.twofactor import confirmed_device_subquery, trusted_provider_subquery


@compiled("user_id")
def _session_user(user_id: int) -> QuerySet[User]:
    """The user of a session, on every request: compiled once per process (core/compiled.py),
    as building its two subqueries and compiling the whole query took ~10 times as long as
    running it."""
    return (
        User._default_manager.annotate(
            confirmed_totp_id=confirmed_device_subquery(),
            trusted_provider_id=trusted_provider_subquery(),
        )
        .select_related("organisation")  # nearly every page and service asks for it
        .filter(pk=user_id)
    )


class StaffBackend(ModelBackend):
    """Django's model backend, plus:

    - demo accounts work only while demo mode is on, so that a production database that once
      held demo data cannot be entered with the published password;
    - the account of a partner system's API client never logs in (it has no password, and a
      session for it is not honoured either): it acts through the API only;
    - failed logins lock the account name and the client address for a while (lockout.py); a
      locked login is refused without looking at the password;
    - the user of a session comes with the id of their confirmed authenticator app and that of
      their organisation's provider whose second factor counts, so that the two-factor
      middleware needs no query of its own.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        address = client_address(request) if request is not None else ""
        if login_locked_until(email=username, address=address):
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failure_record(email=username, address=address)
        else:
            login_success_record(email=username, address=address)
        return user

    def get_user(self, user_id):
        user = _session_user.one(user_id=user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        if getattr(user, "is_api_account", False):
            return False
        return super().user_can_authenticate(user)
