"""The log lines a test's requests and tasks write, as production writes them: through the one
handler's filter and the JSON formatter of the logging configuration (settings_operations)."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.module_loading import import_string

from wijkteam.operations.logs import RequestContextFilter
from wijkteam.settings_operations import logging_config


@contextmanager
def json_log_lines() -> Iterator[list[dict]]:
    """Every line logged in the block, parsed (filled in when the block ends); the request
    lines included, which the test settings keep quiet."""
    spec = dict(logging_config(log_format="json")["formatters"]["json"])
    formatter = import_string(spec.pop("()"))(**spec)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.addFilter(RequestContextFilter())
    root, request_lines = logging.getLogger(), logging.getLogger("wijkteam.requests")
    level = request_lines.level
    request_lines.setLevel(logging.INFO)
    root.addHandler(handler)
    lines: list[dict] = []
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        request_lines.setLevel(level)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "wijkteam.requests"]
