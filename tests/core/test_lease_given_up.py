"""Giving up a task whose worker stopped too often (core/lease.py) runs the failure handling the
task names in settings.TASK_FAILURE_HANDLERS, with the task's own arguments, in the transaction
that marks it failed: handling that fails leaves the task running, to be given up whole at the
next look. (The arrears import's handling: tests/intake/test_arrears_given_up.py.)"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from wijkteam.core.lease import WorkerLost, tasks_reclaim

TASK = "tests.core.worker_tasks.write_done"
HANDLER = "tests.core.test_lease_given_up.record_failure"

handled: list[tuple] = []
broken = {"times": 0}


def record_failure(folder: str, name: str, *, error: BaseException) -> None:
    """The failure handling of the task, for these tests: writes down what it was given."""
    if broken["times"]:
        broken["times"] -= 1
        raise RuntimeError("a bug in the failure handling")
    handled.append((folder, name, type(error)))


@pytest.fixture(autouse=True)
def handling(settings):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 2
    settings.TASK_FAILURE_HANDLERS = {TASK: HANDLER}
    handled.clear()
    broken["times"] = 0


def lost(*, attempts: int, path: str = TASK) -> DBTaskResult:
    """A task claimed ``attempts`` times, whose last worker stopped beating an hour ago."""
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": ["/nowhere"], "kwargs": {"name": "done"}},
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        worker_ids=[f"killed-{number}" for number in range(attempts)],
    )


def status(task: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=task.pk).status


@pytest.mark.django_db
def test_a_task_given_up_runs_its_failure_handling_with_its_own_arguments():
    task = lost(attempts=2)

    tasks_reclaim()

    assert status(task) == TaskResultStatus.FAILED
    assert handled == [("/nowhere", "done", WorkerLost)]
    tasks_reclaim()
    assert len(handled) == 1


@pytest.mark.django_db
def test_a_task_queued_again_or_without_failure_handling_runs_none():
    again = lost(attempts=1)
    other = lost(attempts=2, path="tests.core.worker_tasks.record_run")

    tasks_reclaim()

    assert (status(again), status(other)) == (TaskResultStatus.READY, TaskResultStatus.FAILED)
    assert handled == []


@pytest.mark.django_db
def test_failure_handling_that_fails_leaves_the_task_to_be_given_up_at_the_next_look(caplog):
    task = lost(attempts=2)
    broken["times"] = 1

    tasks_reclaim()

    assert status(task) == TaskResultStatus.RUNNING  # not failed without its handling
    assert "not given up yet" in caplog.text
    tasks_reclaim()
    assert status(task) == TaskResultStatus.FAILED
    assert handled == [("/nowhere", "done", WorkerLost)]
