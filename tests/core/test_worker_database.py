"""The worker and a database that goes away: a task whose work met a broken connection did not
fail on its own account and runs again once the database answers (core/worker.py), up to the
attempts a task lost with its worker gets; a task that fails for its own reasons stays failed."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from wijkteam.core.worker import task_requeue

pytestmark = pytest.mark.django_db(transaction=True)


def queue(path: str, *args) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
    )


def work() -> None:
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def test_a_task_that_lost_the_database_runs_again_and_ends(tmp_path):
    task = queue("tests.core.worker_tasks.lose_the_database_once", str(tmp_path))
    work()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert (tmp_path / "runs.log").read_text().count("run") == 2
    assert len(task.worker_ids) == 2


def test_it_is_not_run_again_past_the_attempts(tmp_path, settings):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 1
    task = queue("tests.core.worker_tasks.lose_the_database_once", str(tmp_path))
    work()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "django.db.utils.OperationalError"
    assert (tmp_path / "runs.log").read_text().count("run") == 1


def record_failure(folder: str, *, error: BaseException) -> None:
    """The failure handling of ``lose_the_database_once`` for the test below."""
    (Path(folder) / "failure.log").write_text(f"{type(error).__name__}: {error}")


def test_past_the_attempts_its_failure_handling_runs_once_the_database_answers(tmp_path, settings):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 1
    settings.TASK_FAILURE_HANDLERS = {
        "tests.core.worker_tasks.lose_the_database_once": (
            "tests.core.test_worker_database.record_failure"
        )
    }
    task = queue("tests.core.worker_tasks.lose_the_database_once", str(tmp_path))
    work()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "django.db.utils.OperationalError"  # its own error kept
    handled = (tmp_path / "failure.log").read_text()
    assert handled.startswith("DatabaseAway: The database went away while this task ran")
    assert "on claim 1 of 1" in handled


def test_before_the_last_attempt_no_failure_handling_runs(tmp_path, settings):
    settings.TASK_FAILURE_HANDLERS = {
        "tests.core.worker_tasks.lose_the_database_once": (
            "tests.core.test_worker_database.record_failure"
        )
    }
    queue("tests.core.worker_tasks.lose_the_database_once", str(tmp_path))
    work()
    assert not (tmp_path / "failure.log").exists()


def test_a_task_failing_on_its_own_stays_failed(tmp_path):
    task = queue("tests.core.worker_tasks.wait_for_release", str(tmp_path / "nowhere"))
    work()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "builtins.FileNotFoundError"
    assert len(task.worker_ids) == 1


def test_only_the_worker_that_ran_it_puts_a_running_task_back(tmp_path):
    task = queue("tests.core.worker_tasks.wait_for_release", str(tmp_path))
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=TaskResultStatus.RUNNING, worker_ids=["worker-a"]
    )
    assert not task_requeue(task.pk, "worker-b")
    assert task_requeue(task.pk, "worker-a")
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert not task_requeue(task.pk, "worker-a")  # not running any more


def test_every_worker_looks_for_lost_tasks_at_least_twice_per_lease(settings):
    interval = settings.WORKER_DUTIES["wijkteam.core.lease.tasks_reclaim"]
    assert 0 < interval <= settings.WIJKTEAM_TASK_LEASE_SECONDS / 2
