"""django_tasks_db's worker, made to ride out a database that goes away (a PostgreSQL restart,
a failover): it waits until the database answers again and carries on in the same process,
instead of ending with a traceback.

- The worker's own loop (finding and claiming the next task) meets a connection error: it
  closes its connections, waits ``RETRY_SECONDS`` and looks again, for as long as it takes.
- A task whose work met a connection error did not fail on its own account: once the database
  answers again it goes back to the queue and runs again (every task is safe to run twice,
  README "A worker killed in the middle of a task"), up to ``WIJKTEAM_TASK_MAX_ATTEMPTS``
  claims like a task lost with its worker (core/lease.py), after which it stays failed and
  its failure handling runs (``settings.TASK_FAILURE_HANDLERS``; its own except clause met the
  database away, or left it to this, as the arrears import does for connection errors).
- A task left running because the database was away when the worker went to mark it done or
  failed is put back in the queue in the same way, or given up.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from wijkteam.core.lease import task_given_up_after_database

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2
# What a task's work raises when its connection broke; a lock timeout or a deadlock is an
# OperationalError too, and is as safe to run again.
CONNECTION_ERRORS = (OperationalError, InterfaceError)
CONNECTION_ERROR_PATHS = frozenset(
    f"{error.__module__}.{error.__qualname__}" for error in CONNECTION_ERRORS
) | {"psycopg.OperationalError", "psycopg.InterfaceError"}


def _close_all() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(*CONNECTION_ERRORS):  # it was broken already
            connection.close()


def _wait_for_database(worker_id: str) -> None:
    """Until the database answers a query again."""
    waited = 0.0
    while True:
        _close_all()
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT 1")
        except CONNECTION_ERRORS:
            if waited == 0:
                logger.warning("Worker %s: the database does not answer; waiting", worker_id)
            time.sleep(RETRY_SECONDS)
            waited += RETRY_SECONDS
            continue
        if waited:
            logger.warning("Worker %s: the database answers again after %.0f s", worker_id, waited)
        return


def task_requeue(task_id, worker_id: str, *, failed_by: str = "") -> bool:
    """Put a task of this worker back in the queue: one still marked running, or (with
    ``failed_by``) one marked failed by a connection error. Not when it was claimed too often."""
    task = DBTaskResult.objects.filter(pk=task_id).only("status", "worker_ids").first()
    if task is None or not task.worker_ids or task.worker_ids[-1] != worker_id:
        return False
    if len(task.worker_ids) >= settings.WIJKTEAM_TASK_MAX_ATTEMPTS:
        return False
    still = DBTaskResult.objects.filter(pk=task_id)
    if failed_by:
        still = still.filter(status=TaskResultStatus.FAILED, exception_class_path=failed_by)
    else:
        still = still.filter(status=TaskResultStatus.RUNNING)
    return bool(still.update(status=TaskResultStatus.READY, finished_at=None))


class SteadyWorker(Worker):
    """The worker of our ``db_worker`` command: see the module's text."""

    @classmethod
    def from_options(cls, options: dict) -> "SteadyWorker":
        """Made from ``db_worker``'s options, as django_tasks_db's command makes its own."""
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        return cls(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )

    _task_id = None

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except CONNECTION_ERRORS as error:
                logger.warning("Worker %s: lost the database (%s)", self.worker_id, error)
                self.startup_delay = False
                _wait_for_database(self.worker_id)
                if self._task_id is not None:
                    if task_requeue(self._task_id, self.worker_id):
                        logger.warning("Task %s queued again after the database was away",
                                       self._task_id)  # fmt: skip
                    else:
                        task_given_up_after_database(
                            task_id=self._task_id, worker_id=self.worker_id
                        )
                    self._task_id = None
                    self.running_task = False

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self._task_id = db_task_result.pk
        super().run_task(db_task_result)
        self._task_id = None
        path = db_task_result.exception_class_path
        if db_task_result.status == TaskResultStatus.FAILED and path in CONNECTION_ERROR_PATHS:
            close_old_connections()
            _wait_for_database(self.worker_id)
            if task_requeue(db_task_result.pk, self.worker_id, failed_by=path):
                logger.warning(
                    "Task %s (%s) queued again: the database was away while it ran",
                    db_task_result.pk,
                    db_task_result.task_path,
                )
            else:
                task_given_up_after_database(task_id=db_task_result.pk, worker_id=self.worker_id)
