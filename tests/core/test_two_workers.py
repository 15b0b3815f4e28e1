"""Two real background workers (``manage.py db_worker``, each a process of its own, as on two
machines) on one queue: every task runs exactly once, and both take their share. django-tasks'
database backend claims a task with a row lock that another worker skips (SKIP LOCKED on
PostgreSQL; on SQLite one writer at a time)."""

from collections import Counter

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.core.test_worker_killed import (  # noqa: F401 - the fixtures
    until,
    worker_database,
    workers,
)

TASKS = 120


def test_two_workers_on_one_queue_run_every_task_exactly_once(
    worker_database,  # noqa: F811
    workers,  # noqa: F811
    tmp_path,
):
    queued = [
        worker_database.queue("tests.core.worker_tasks.record_run", str(tmp_path), number)
        for number in range(TASKS)
    ]
    first, second = workers.start(), workers.start()

    def all_done() -> bool:
        ended = DBTaskResult.objects.using(worker_database.alias).filter(
            pk__in=[task.pk for task in queued], status=TaskResultStatus.SUCCESSFUL
        )
        return ended.count() == TASKS

    until(all_done, "the two workers ran every task", workers, seconds=120)

    runs = [line.split() for line in (tmp_path / "runs.log").read_text().splitlines()]
    assert Counter(int(number) for number, _pid in runs) == Counter(range(TASKS))
    by_worker = Counter(int(pid) for _number, pid in runs)
    assert set(by_worker) == {first.pid, second.pid}, workers.logs()
    ran = DBTaskResult.objects.using(worker_database.alias).filter(pk__in=[t.pk for t in queued])
    assert all(len(task.worker_ids) == 1 for task in ran)
