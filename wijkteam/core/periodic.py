"""Periodic background work on top of django-tasks, which has no scheduler of its own.

Each periodic task is listed in settings.PERIODIC_TASKS with the function that says when it
runs next. The schedule is kept by one idempotent function, ``periodic_ensure``: it queues every
listed task that has no run waiting yet. It runs

- when a worker starts (our ``db_worker`` command, core/management/commands/db_worker.py),
- at the start of every periodic run (so at least every quarter of an hour, with the sweep),
- and on ``manage.py schedule_periodic``.

A periodic run calls it *before* doing its work, so its own next run is already queued when it
begins; a worker killed in the middle (no ``finally`` runs then) leaves the run marked running
or failed, and the schedule goes on. A run that was lost before it began is queued again by the
next periodic run or the next worker start. Running ``periodic_ensure`` twice queues nothing
twice.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult


def _waiting(task_path: str) -> bool:
    return DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).exists()


def periodic_reschedule(task_path: str, *, now: datetime | None = None) -> bool:
    """Queue the next run of one periodic task unless one is already waiting."""
    if _waiting(task_path):
        return False
    task = import_string(task_path)
    next_run = import_string(settings.PERIODIC_TASKS[task_path])
    task.using(run_after=next_run(now or timezone.now())).enqueue()
    return True


def periodic_ensure(*, now: datetime | None = None) -> list[str]:
    """Queue every periodic task that has no run waiting; returns those queued."""
    return [path for path in settings.PERIODIC_TASKS if periodic_reschedule(path, now=now)]
