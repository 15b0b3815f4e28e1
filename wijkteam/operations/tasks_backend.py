"""The request id travels with the background tasks a request queued: the task backend writes
it beside the task's arguments, and the worker sets it again while it runs the task, so the
worker's lines about it (and the tasks it queues in turn) carry the same id.

django_tasks_db's database backend keeps ``args_kwargs`` as one JSON object and reads only its
``args`` and ``kwargs``: the id is a third key there, so tasks queued before (or without a
request) run as they did."""

from django_tasks.signals import log_task_started, task_finished, task_started
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult

from wijkteam.operations.context import current_request_id

KEY = "request_id"


class RequestIdDatabaseBackend(DatabaseBackend):
    """django_tasks_db's backend, remembering the request id of who queued each task."""

    def _task_to_db_task(self, task, args, kwargs) -> DBTaskResult:
        request_id = current_request_id.get()
        if request_id is None:
            return super()._task_to_db_task(task, args, kwargs)
        return DBTaskResult.objects.create(
            id=self._get_id(),
            args_kwargs={**normalize_json({"args": args, "kwargs": kwargs}), KEY: request_id},
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )


def task_request_id(task_result) -> str | None:
    db_result = getattr(task_result, "db_result", None)
    arguments = getattr(db_result, "args_kwargs", None)
    return arguments.get(KEY) if isinstance(arguments, dict) else None


def _started(sender, task_result, **kwargs) -> None:
    current_request_id.set(task_request_id(task_result))


def _finished(sender, task_result, **kwargs) -> None:
    current_request_id.set(None)


def connect_task_receivers() -> None:
    """Set the id when the worker starts a task and clear it after the task's last line.
    django_tasks logs "Task ... state=RUNNING" in a receiver of its own, connected first: it is
    connected again after ours, so that its line carries the id too."""
    task_started.disconnect(log_task_started)
    task_started.connect(_started, dispatch_uid="wijkteam_request_id_started")
    task_started.connect(log_task_started)
    task_finished.connect(_finished, dispatch_uid="wijkteam_request_id_finished")
