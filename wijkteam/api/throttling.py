"""Each client's own rate limit (``ApiClient.rate_limit_per_minute``), over a sliding minute
counted in the database (core/ratelimit.py), so that every process of the site shares it. A
refused request does not count: a client that waits Retry-After seconds gets in again."""

from rest_framework.throttling import BaseThrottle

from wijkteam.api.models import ApiClient
from wijkteam.core.ratelimit import rate_limit_count, rate_limit_record, rate_limit_retry_after

SCOPE = "api"
WINDOW_SECONDS = 60


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, ApiClient):
            return True  # public reads: no client to count
        name = str(client.pk)
        limit = client.rate_limit_per_minute
        if rate_limit_count(scope=SCOPE, client=name, window_seconds=WINDOW_SECONDS) >= limit:
            self._wait = rate_limit_retry_after(
                scope=SCOPE, client=name, limit=limit, window_seconds=WINDOW_SECONDS
            )
            return False
        rate_limit_record(scope=SCOPE, client=name, window_seconds=WINDOW_SECONDS)
        return True

    def wait(self) -> float:
        return float(getattr(self, "_wait", WINDOW_SECONDS))
