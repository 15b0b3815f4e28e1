"""Work the background worker does itself every few seconds, beside the tasks it runs.

A periodic task (periodic.py) costs a task row per run, fine for an hourly checkpoint but not
for sealing the audit trail every two seconds. ``settings.WORKER_DUTIES`` lists such duties: a
function's dotted path and how often it runs, in seconds. The worker (our ``db_worker``
command) runs them in a thread of their own, with its own database connection, so they keep
their rhythm while a long task runs; a ``--batch`` worker runs each once, after its tasks.
A duty must be safe to run at any time and in several workers at once.
"""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _duties() -> list[tuple[str, Callable[[], object], float]]:
    return [
        (path, import_string(path), float(interval))
        for path, interval in settings.WORKER_DUTIES.items()
    ]


def duties_run_once() -> None:
    """Run every duty once, now (a ``--batch`` worker, after its tasks)."""
    for _path, duty, _interval in _duties():
        duty()


class DutyThread(threading.Thread):
    """Runs every duty at its interval until ``stop`` is called. A duty that fails is logged
    and tried again at its next turn (the database may be back by then)."""

    def __init__(self) -> None:
        super().__init__(name="worker-duties", daemon=True)
        self.duties = _duties()
        self._stopped = threading.Event()

    def stop(self, timeout: float = 10) -> None:
        self._stopped.set()
        self.join(timeout)

    def run(self) -> None:
        due = dict.fromkeys((path for path, _duty, _interval in self.duties), 0.0)
        try:
            while not self._stopped.is_set():
                now = time.monotonic()
                for path, duty, interval in self.duties:
                    if now < due[path]:
                        continue
                    due[path] = now + interval
                    close_old_connections()
                    try:
                        duty()
                    except Exception:
                        logger.exception("Worker duty %s failed", path)
                        connection.close()
                wait = min(due.values(), default=now + 1) - time.monotonic()
                self._stopped.wait(max(wait, 0.05))
        finally:
            connection.close()
