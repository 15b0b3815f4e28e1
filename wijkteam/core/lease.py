"""Leases on running background tasks, so that a task whose worker died is run again.

django_tasks_db marks a task it hands to a worker RUNNING and never looks at it again: a worker
killed in the middle of a task (SIGKILL, out of memory, a lost machine) leaves it RUNNING for
ever, and its work is never done. So every worker (our ``db_worker`` command) keeps a heartbeat
row (``core.WorkerBeat``) fresh, from a thread of its own so that it beats while a long task
runs, every quarter of ``WIJKTEAM_TASK_LEASE_SECONDS``. A RUNNING task whose worker has not
beaten for a whole lease is lost: ``tasks_reclaim`` (at every worker's start, and as a worker
duty every few seconds, core/duties.py) puts it back to READY, and a worker runs it again. That
is safe because every task is safe to run twice (README, "Background tasks").

The lease is a time after the worker's last beat, not after the task's start, so a long task (a
large arrears import) is never taken from a worker that is alive. A task that was claimed
``WIJKTEAM_TASK_MAX_ATTEMPTS`` times and lost every time is not tried again (it may be what
kills its worker): it is marked failed with ``WorkerLost`` as its error, which the admin's task
results show, and logged. A task that records its own failure (an import whose page says it
failed) names its failure handling in ``settings.TASK_FAILURE_HANDLERS``; giving it up runs
that too, with the task's arguments and the ``WorkerLost``, in the transaction that marks the
task failed: a worker killed while giving a task up leaves it running, to be given up whole by
the next. Failure handling that fails (a bug, a deadlock) is logged and tried again at the
next look; it must be safe to run twice, as the task's own except clause may run it as well.

A worker alive but cut off from the database for longer than a lease loses its task to another
worker, which runs it too; the tasks' own idempotence covers that as well.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import (
    InterfaceError,
    OperationalError,
    close_old_connections,
    connection,
    transaction,
)
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wijkteam.core.models import WorkerBeat

logger = logging.getLogger(__name__)

# A worker that stopped long ago without removing its beat (it was killed) is forgotten after
# this long; its tasks, if any are left, count from when they started.
FORGET_BEATS_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """The worker running a task stopped before the task ended, too often to try again."""


class DatabaseAway(Exception):
    """The database went away while a task ran, on its last allowed claim (core/worker.py)."""


def lease() -> timedelta:
    return timedelta(seconds=settings.WIJKTEAM_TASK_LEASE_SECONDS)


def beat_interval() -> float:
    """Seconds between two beats: four beats per lease, so a slow one or two do not lose it."""
    return settings.WIJKTEAM_TASK_LEASE_SECONDS / 4


def worker_beat(worker_id: str, *, now: datetime | None = None) -> None:
    """Say that worker ``worker_id`` is alive."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": now or timezone.now()}
    )


def worker_stopped(worker_id: str) -> None:
    """A worker that stops cleanly takes its beat away (it ran its tasks to their end); when
    the database is away just then, its beat grows old and is forgotten like a killed one's."""
    try:
        WorkerBeat.objects.filter(worker_id=worker_id).delete()
    except (OperationalError, InterfaceError) as error:
        logger.warning("Worker %s stopped without taking its beat away: %s", worker_id, error)


def _lost(task: DBTaskResult, beats: dict[str, datetime], expired: datetime) -> bool:
    worker = task.worker_ids[-1] if task.worker_ids else None
    if worker in beats:
        return beats[worker] < expired
    # No beat at all (forgotten, or a worker from before leases): count from the start.
    return task.started_at is None or task.started_at < expired


def tasks_reclaim(*, now: datetime | None = None) -> list[str]:
    """Put the RUNNING tasks whose worker stopped beating a lease ago back in the queue, or
    fail those lost too often. Safe to run at any time, in several workers at once: each task
    is changed only if it is still as it was read. Returns the ids of the tasks queued again."""
    now = now or timezone.now()
    expired = now - lease()
    beats = dict(WorkerBeat.objects.values_list("worker_id", "beat_at"))
    running = DBTaskResult.objects.running().only(
        "id", "task_path", "args_kwargs", "worker_ids", "started_at", "status"
    )
    requeued = []
    for task in running:
        if not _lost(task, beats, expired):
            continue
        still = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        attempts = len(task.worker_ids)
        if attempts >= settings.WIJKTEAM_TASK_MAX_ATTEMPTS:
            error = WorkerLost(
                f"The worker running this task stopped before it ended, {attempts} times; "
                "it is not tried again."
            )
            _give_up(task, still, error=error, now=now)
            continue
        if still.update(status=TaskResultStatus.READY):
            logger.warning(
                "Task %s (%s) queued again: its worker stopped (attempt %s)",
                task.pk,
                task.task_path,
                attempts,
            )
            requeued.append(str(task.pk))
    WorkerBeat.objects.filter(beat_at__lt=now - max(FORGET_BEATS_AFTER, lease() * 2)).delete()
    return requeued


def _give_up(task: DBTaskResult, still: QuerySet, *, error: Exception, now: datetime) -> None:
    """Mark a task failed with ``error`` and run its failure handling, both or neither;
    nothing when ``still`` (the task as it was read) finds it changed meanwhile."""
    kind = type(error)
    try:
        with transaction.atomic():
            if not still.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{kind.__module__}.{kind.__qualname__}",
                traceback=f"{kind.__qualname__}: {error}",
            ):
                return  # ended, queued again or given up by another worker meanwhile
            task_failure_handle(task=task, error=error)
    except Exception:
        logger.exception(
            "Task %s (%s) not given up yet: its failure handling failed; tried again later",
            task.pk,
            task.task_path,
        )
        return
    logger.error("Task %s (%s) given up: %s", task.pk, task.task_path, error)


def task_given_up_after_database(*, task_id, worker_id: str) -> None:
    """A task of worker ``worker_id`` that met the database away on its last allowed claim,
    which core/worker.py does not queue again: marked failed if it is still running, and its
    failure handling run (the task's own except clause could not, with the database away), as
    for a task lost with its worker. Nothing for a task claimed fewer times, or since by
    another worker."""
    task = (
        DBTaskResult.objects.filter(pk=task_id)
        .only("id", "task_path", "args_kwargs", "worker_ids", "started_at", "status")
        .first()
    )
    if task is None or not task.worker_ids or task.worker_ids[-1] != worker_id:
        return
    attempts = len(task.worker_ids)
    if attempts < settings.WIJKTEAM_TASK_MAX_ATTEMPTS:
        return
    error = DatabaseAway(
        f"The database went away while this task ran, on claim {attempts} of "
        f"{settings.WIJKTEAM_TASK_MAX_ATTEMPTS}; it is not tried again."
    )
    if task.status == TaskResultStatus.RUNNING:
        still = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        _give_up(task, still, error=error, now=timezone.now())
    elif task.status == TaskResultStatus.FAILED:  # keeps the error it failed with
        try:
            with transaction.atomic():
                task_failure_handle(task=task, error=error)
        except Exception:
            logger.exception("Task %s (%s): its failure handling failed", task.pk, task.task_path)


def task_failure_handle(*, task: DBTaskResult, error: BaseException) -> None:
    """Run the failure handling ``settings.TASK_FAILURE_HANDLERS`` names for ``task``'s path
    (if any), with the task's own arguments and ``error``, as the task's except clause does."""
    path = settings.TASK_FAILURE_HANDLERS.get(task.task_path)
    if path is None:
        return
    arguments = task.args_kwargs or {}
    import_string(path)(*arguments.get("args", []), error=error, **arguments.get("kwargs", {}))


class HeartbeatThread(threading.Thread):
    """Beats for one worker until ``stop`` is called, with its own database connection, so
    that the beat goes on while the worker runs a long task. A beat that fails (the database
    is busy or away) is logged and tried again at the next turn."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self._stopped = threading.Event()

    def stop(self, timeout: float = 10) -> None:
        self._stopped.set()
        self.join(timeout)

    def run(self) -> None:
        try:
            while not self._stopped.wait(beat_interval()):
                close_old_connections()
                try:
                    worker_beat(self.worker_id)
                except Exception:
                    logger.exception("Heartbeat of worker %s failed", self.worker_id)
                    connection.close()
        finally:
            connection.close()
