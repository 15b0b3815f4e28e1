"""Running Wijkteam as a service: the request id, one structured log line per request, the
request id carried into the background tasks a request queued, and the Prometheus metrics.

Sits above every other app (it reads the queue, the outbox and the triage deadlines for its
gauges) and nothing imports it: settings name its middleware, its task backend and its log
filter, and the URLconf its metrics view."""
