"""Account security on every request: how long a session lasts, and the second login step."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from wijkteam.partners.twofactor import (
    confirmed_device_id,
    session_is_verified,
    two_factor_required,
)

LOGIN_AT_SESSION_KEY = "wijkteam_login_at"
SEEN_AT_SESSION_KEY = "wijkteam_seen_at"
# The idle timeout moves on at most this often: saving the session on every request would
# write to the database on every page view (and show up in every query count).
SEEN_INTERVAL_SECONDS = 60

# What a logged-in user who has not given their code yet may open: the second step itself,
# logging out, the language switch, the health check and the browser's icon.
ALLOWED_BEFORE_SECOND_STEP = frozenset(
    {"two_factor_verify", "two_factor_setup", "logout", "set_language", "health", "favicon"}
)


def session_start(session: SessionBase) -> None:
    """Note the moment of logging in, for the session's maximum lifetime."""
    now = int(time.time())
    session[LOGIN_AT_SESSION_KEY] = now
    session[SEEN_AT_SESSION_KEY] = now


class SessionLifetimeMiddleware:
    """A logged-in session ends SESSION_MAX_SECONDS after logging in, however active; and after
    SESSION_IDLE_SECONDS without requests (the session's expiry in the database, which this
    moves on while someone works; expired sessions are not loaded by Django at all)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            login_at = session.get(LOGIN_AT_SESSION_KEY)
            if login_at is None:
                session_start(session)  # a session from before this rule: it starts now
            elif now - login_at > settings.SESSION_MAX_SECONDS:
                # The request goes on as anonymous: pages for staff send it to the login page.
                logout(request)
            elif now - session.get(SEEN_AT_SESSION_KEY, 0) >= SEEN_INTERVAL_SECONDS:
                session[SEEN_AT_SESSION_KEY] = now
        return self.get_response(request)


def second_step_url(user, next_url: str = "") -> str:
    """Where a user who gave their password goes next: the code, or setting up the app."""
    name = "two_factor_verify" if confirmed_device_id(user) is not None else "two_factor_setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """Every logged-in user gives a code of their authenticator app before anything else
    (the Django admin included); demo accounts skip it while demo mode is on. Sets
    ``request.two_factor_pending`` so that the page layout shows nothing of the user's work
    on the second step's pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        request.two_factor_pending = False
        if not request.user.is_authenticated or not two_factor_required(request.user):
            return None
        if session_is_verified(request):
            return None
        request.two_factor_pending = True
        if request.resolver_match.view_name in ALLOWED_BEFORE_SECOND_STEP:
            return None
        next_url = request.get_full_path() if request.method in {"GET", "HEAD"} else ""
        return redirect(second_step_url(request.user, next_url))
