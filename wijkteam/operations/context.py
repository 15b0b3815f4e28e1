"""The request id of the work being done now: a request's (taken from a well-formed
``X-Request-ID`` header, or new), or, in the worker, that of the request that queued the task.
Plain Python: the log filter reads it in every process, gunicorn's master included."""

import re
import uuid
from contextvars import ContextVar

# Letters, digits and . _ - only, 8 to 64 of them: what proxies and load balancers send (UUIDs,
# hex strings), and nothing that could break a log line or smuggle text into it.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

current_request_id: ContextVar[str | None] = ContextVar("wijkteam_request_id", default=None)


def request_id_from(header: str | None) -> str:
    """The incoming id when it is well-formed, else a new one."""
    if header and WELL_FORMED.fullmatch(header):
        return header
    return uuid.uuid4().hex


def route_of(request) -> str:
    """The URL pattern a request reached (``/casussen/<str:reference>/``), never its raw path:
    static files as one pattern, and anything that reached no view as ``<unmatched>``."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route.lstrip("^")
    from django.conf import settings

    static = "/" + settings.STATIC_URL.strip("/") + "/"
    if getattr(request, "path", "").startswith(static):
        return static + "<path>"
    return "<unmatched>"
