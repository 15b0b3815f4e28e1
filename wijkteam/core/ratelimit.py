"""Rate limiting per client over a sliding window, shared by all processes through the
database.

Each counted request is a row with its time, so "in the last hour" means the last 60 minutes
rather than the current clock hour (where 10 reports at 10:59 and 10 more at 11:00 would
pass). What counts is up to the caller: the resident form counts every post in one scope and
only accepted reports in another, so that a resident who makes mistakes is not blocked.
"""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
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
    return rate_limit_counts(client=client, windows={scope: window_seconds})[scope]


def rate_limit_counts(*, client: str, windows: dict[str, int]) -> dict[str, int]:
    """How many requests of ``client`` were counted per scope, each over its own last window
    (``windows``: scope → seconds), in one query."""
    now = timezone.now()
    moment = connection.ops.adapt_datetimefield_value  # as the ORM stores it
    scopes = list(windows)
    keys = [_key(scope, client) for scope in scopes]
    since = [moment(now - timedelta(seconds=windows[scope])) for scope in scopes]
    # One plain statement, on the (key, at) index: the report form asks it on every post.
    table = connection.ops.quote_name(RateLimitHit._meta.db_table)
    counted = ", ".join(['SUM(CASE WHEN "key" = %s AND "at" > %s THEN 1 ELSE 0 END)'] * len(keys))
    wanted = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT {counted} FROM {table} WHERE "key" IN ({wanted}) AND "at" > %s',  # noqa: S608
            [value for pair in zip(keys, since, strict=True) for value in pair]
            + keys
            + [min(since)],
        )
        row = cursor.fetchone()
    return {scope: int(row[index] or 0) for index, scope in enumerate(scopes)}


def rate_limit_allows(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Whether ``client`` may do one more counted request for ``scope`` (fewer than ``limit``
    counted in the last window). Counts nothing itself: see ``rate_limit_record``."""
    return rate_limit_count(scope=scope, client=client, window_seconds=window_seconds) < limit


def rate_limit_wait(*, scope: str, client: str, limit: int, window_seconds: int) -> int:
    """Whole seconds until ``client`` may do one more counted request for ``scope``: until
    enough of the requests counted in the last window have fallen out of it (0 when it may
    now). For a ``Retry-After`` header."""
    now = timezone.now()
    counted = RateLimitHit.objects.filter(
        key=_key(scope, client), at__gt=now - timedelta(seconds=window_seconds)
    ).order_by("-at")
    # The request that must fall out: the limit-th newest (with `limit` newer ones, one more
    # is allowed once it is out of the window).
    in_the_way = list(counted.values_list("at", flat=True)[limit - 1 : limit])
    if not in_the_way:
        return 0
    left = in_the_way[0] + timedelta(seconds=window_seconds) - now
    return max(1, int(left.total_seconds()) + 1)


def rate_limit_record(*, client: str, windows: dict[str, int] | None = None, **one) -> None:
    """Count one request of ``client`` for each scope in ``windows`` (scope → seconds), or for
    one ``scope`` with its ``window_seconds``. Rows whose window is over are
    dropped by ``rate_limit_prune`` (the background worker), not on the request's path."""
    if windows is None:
        windows = {one["scope"]: one["window_seconds"]}
    now = timezone.now()
    moment = connection.ops.adapt_datetimefield_value  # as the ORM would store it
    rows = [
        (_key(scope, client), moment(now), moment(now + timedelta(seconds=seconds)))
        for scope, seconds in windows.items()
    ]
    # One plain INSERT of every row (bulk_create would open a transaction around it).
    table = connection.ops.quote_name(RateLimitHit._meta.db_table)
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "at", "expires_at") VALUES {values}',  # noqa: S608
            [value for row in rows for value in row],
        )


def rate_limit_prune(*, now: datetime | None = None) -> int:
    """Drop the rows whose window is over, of every client (a client that never comes back
    leaves nothing behind). Returns how many."""
    deleted, _ = RateLimitHit.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


def rate_limit_hit(*, scope: str, client: str, limit: int, window_seconds: int) -> bool:
    """Count this request and say whether it stays within ``limit`` for the last window."""
    rate_limit_record(scope=scope, client=client, window_seconds=window_seconds)
    return rate_limit_count(scope=scope, client=client, window_seconds=window_seconds) <= limit


def rate_limit_retry_after(*, scope: str, client: str, limit: int, window_seconds: int) -> int:
    """Seconds until ``client`` may do one more counted request for ``scope``: until enough of
    its requests in the last window have aged out of it (at least 1)."""
    now = timezone.now()
    times = list(
        RateLimitHit.objects.filter(
            key=_key(scope, client), at__gt=now - timedelta(seconds=window_seconds)
        )
        .order_by("-at")
        .values_list("at", flat=True)[limit - 1 : limit]
    )
    if not times:
        return 1
    # The limit-th newest request must leave the window before another one fits in it.
    return max(1, int((times[0] + timedelta(seconds=window_seconds) - now).total_seconds()) + 1)
