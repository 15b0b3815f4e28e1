"""Rate limiting per client over a sliding window, shared by all processes through the
database.

Each counted request is a row with its time, so "in the last hour" means the last 60 minutes
rather than the current clock hour (where 10 reports at 10:59 and 10 more at 11:00 would
pass). What counts is up to the caller: the resident form counts every post in one scope and
only accepted reports in another, so that a resident who makes mistakes is not blocked.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from wijkteam.core.models import RateLimitHit


def client_address(request: HttpRequest) -> str:
    """The client's IP address: what every per-client limit (the resident form, the login
    lockout) counts by.

    Without a proxy that is the connection's own address. Behind the trusted reverse proxy
    (``DJANGO_BEHIND_PROXY``) the connection comes from the proxy, which appends the address it
    was connected from to X-Forwarded-For: the rightmost entry. Entries to its left were sent by
    the client itself and can be anything, so they are never used.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        appended = forwarded.rsplit(",", 1)[-1].strip()
        if appended:
            return appended
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, client: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{client}".encode()).hexdigest()


def rate_limit_count(*, scope: str, client: str, window_seconds: int) -> int:
    """How many requests of ``client`` were counted for ``scope`` in the last window."""
    since = timezone.now() - timedelta(seconds=window_seconds)
    return RateLimitHit.objects.filter(key=_key(scope, client), at__gt=since).count()


def rate_limit_allows(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Whether ``client`` may do one more counted request for ``scope`` (fewer than ``limit``
    counted in the last window). Counts nothing itself: see ``rate_limit_record``."""
    return rate_limit_count(scope=scope, client=client, window_seconds=window_seconds) < limit


def rate_limit_record(*, scope: str, client: str, window_seconds: int) -> None:
    """Count one request of ``client`` for ``scope``, and drop rows whose window is over (of
    any client: a client that never comes back leaves nothing behind)."""
    now = timezone.now()
    RateLimitHit.objects.filter(expires_at__lt=now).delete()
    RateLimitHit.objects.create(
        key=_key(scope, client), at=now, expires_at=now + timedelta(seconds=window_seconds)
    )


def rate_limit_hit(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Count this request and say whether it stays within ``limit`` for the last window."""
    rate_limit_record(scope=scope, client=client, window_seconds=window_seconds)
    return rate_limit_count(scope=scope, client=client, window_seconds=window_seconds) <= limit
