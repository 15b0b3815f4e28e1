"""One log line and the metrics of every request, under its request id.

First in MIDDLEWARE, so that it also times and counts what is answered before a view is
reached (static files, the redirect to https, a refused host)."""

import logging
import time

from django.db import DatabaseError

from wijkteam.operations import metrics
from wijkteam.operations.context import current_request_id, request_id_from, route_of

logger = logging.getLogger("wijkteam.requests")

HEADER = "X-Request-ID"
# Other methods are counted and logged as one, so that nobody can grow the metrics' labels.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[HEADER] = request_id
            self._record(request, response.status_code, seconds, request_id)
        finally:
            current_request_id.reset(token)
        return response

    def _record(self, request, status: int, seconds: float, request_id: str) -> None:
        method = request.method if request.method in METHODS else "OTHER"
        route = route_of(request)
        metrics.request_observed(route=route, method=method, status=status, seconds=seconds)
        duration_ms = round(seconds * 1000, 1)
        # The user's id only (never a name or an address), and no client address: the reverse
        # proxy's own log has that, and the limits that need it keep it themselves.
        user_id = _user_id(request)
        logger.info(
            "%s %s %s %sms",
            method,
            route,
            status,
            duration_ms,
            extra={
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": duration_ms,
                "user": user_id,
                "request_id": request_id,
            },
        )


def _user_id(request) -> int | str:
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else "anonymous"
    except DatabaseError:
        return "unknown"  # the session could not be read (a 503 while the database is away)
