"""A note for the next page, shown once: the receipt after a report, the tracking link of a
signal staff just registered, the field form's "vastgelegd". It travels in a signed cookie of
its own (httponly, same-site, for a few minutes) rather than in the session, so that taking a
report in writes no session row; the page that shows it drops the cookie."""

import json

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

SHOWN_ONCE_SECONDS = 10 * 60


def _signer(name: str) -> signing.Signer:
    return signing.get_cookie_signer(salt=f"{name}:wijkteam.shown_once")


def note_value(name: str, note: dict) -> str:
    """The note as the signed value of the cookie ``name``."""
    return _signer(name).sign(json.dumps(note))


def note_of(name: str, value: str | None) -> dict | None:
    """The note in a cookie's value, if it is ours and fresh."""
    if not value:
        return None
    try:
        note = json.loads(_signer(name).unsign(value, max_age=SHOWN_ONCE_SECONDS))
    except (signing.BadSignature, ValueError):
        return None
    return note if isinstance(note, dict) else None


def show_once(response: HttpResponse, name: str, note: dict) -> HttpResponse:
    """Send ``note`` along with ``response`` (a redirect) for the next page."""
    response.set_cookie(
        name,
        note_value(name, note),
        max_age=SHOWN_ONCE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def note_for(request: HttpRequest, name: str) -> dict | None:
    """The note the previous response left, if any; drop it with ``shown``."""
    return note_of(name, request.COOKIES.get(name))


def shown(response: HttpResponse, name: str) -> HttpResponse:
    """Drop the note: it was shown on ``response``."""
    response.delete_cookie(name, samesite="Lax")
    return response
