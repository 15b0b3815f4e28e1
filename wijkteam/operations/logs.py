"""What every log line carries, and what none may carry (README: *Logs*).

The filter sits on the one handler of the logging configuration (settings_operations.py), so it
sees the lines of every logger: Django's, the worker's, gunicorn's and ours."""

import logging

from wijkteam.operations.context import current_request_id, route_of


class RequestContextFilter(logging.Filter):
    """Adds the current request id to a line, and keeps the request itself out of it.

    Django's ``django.request`` and ``django.security`` loggers pass the request along (a JSON
    formatter would write out its repr, query string and all) and name its raw path, which can
    hold a resident's tracking token: the request is dropped and the path replaced by the
    route."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        request = record.__dict__.pop("request", None)
        if request is not None and isinstance(record.args, tuple):
            path = getattr(request, "path", None)
            record.args = tuple(route_of(request) if arg == path else arg for arg in record.args)
        return True
