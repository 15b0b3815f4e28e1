"""The Prometheus metrics at ``/metrics`` (README: *Metrics*).

Requests are counted per route pattern, method and status class, and timed per route and
method, by the request middleware in the process that served them. Under gunicorn's several
worker processes each writes its counts to files in ``PROMETHEUS_MULTIPROC_DIR`` (bin/serve
makes a fresh folder for every start) and a scrape adds up all of them, whichever worker it
reaches; without that variable (runserver, tests) the counts are this process's own.

The gauges (queue, outbox, triage deadlines) are read from the database at scrape time
(gauges.py)."""

import os

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from wijkteam.operations.gauges import DatabaseGauges

# Not registered anywhere at import: each scrape builds its registry (below).
REQUESTS = Counter(
    "wijkteam_http_requests",
    "HTTP requests answered, per route pattern, method and status class.",
    ["route", "method", "status"],
    registry=None,
)
DURATION = Histogram(
    "wijkteam_http_request_duration_seconds",
    "Time from the request reaching Wijkteam to its answer, per route pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=None,
)


def request_observed(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=f"{status // 100}xx").inc()
    DURATION.labels(route=route, method=method).observe(seconds)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(DURATION)
    registry.register(DatabaseGauges())
    return registry


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics for Prometheus. Without ``WIJKTEAM_METRICS_TOKEN`` there are none (404);
    with it, only for ``Authorization: Bearer <token>`` (else 401)."""
    token = settings.WIJKTEAM_METRICS_TOKEN
    if not token:
        raise Http404
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not constant_time_compare(given.strip(), token):
        refused = HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
        refused["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return refused
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
