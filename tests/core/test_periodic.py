"""The schedule of the periodic tasks survives a worker killed at the wrong moment: every worker
start and every periodic run queues again what is missing, and a run queues its successor before
it does its work."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cases.support import local
from wijkteam.cases.tasks import sweep_deadlines
from wijkteam.core.periodic import periodic_ensure
from wijkteam.notifications.digest_tasks import send_digests
from wijkteam.privacy.audit_tasks import write_audit_checkpoint
from wijkteam.privacy.tasks import apply_retention
from wijkteam.voordeur.tasks import forget_searches

SWEEP = "wijkteam.cases.tasks.sweep_deadlines"
DIGESTS = "wijkteam.notifications.digest_tasks.send_digests"
RETENTION = "wijkteam.privacy.tasks.apply_retention"
CHECKPOINT = "wijkteam.privacy.audit_tasks.write_audit_checkpoint"
FORGET = "wijkteam.voordeur.tasks.forget_searches"
# Each periodic task, with the function that does its work (patched to look at the queue).
WORK = {
    SWEEP: (sweep_deadlines, "wijkteam.cases.tasks.cases_close_resolved"),
    DIGESTS: (send_digests, "wijkteam.notifications.digest_tasks.digests_send"),
    RETENTION: (apply_retention, "wijkteam.privacy.tasks.retention_run"),
    CHECKPOINT: (write_audit_checkpoint, "wijkteam.privacy.audit_tasks.audit_checkpoint_publish"),
    FORGET: (forget_searches, "wijkteam.voordeur.tasks.searches_forget"),
}
NOW = local(2026, 3, 13, 8, 0)


def waiting(path: str) -> list:
    return list(
        DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).values_list(
            "run_after", flat=True
        )
    )


def killed(path: str, status: TaskResultStatus) -> None:
    """The queued run of ``path`` was claimed by a worker that then died: left running (killed
    at once) or failed, and nothing queued after it, as a ``finally`` that never ran leaves it."""
    row = DBTaskResult.objects.get(task_path=path, status=TaskResultStatus.READY)
    row.claim("killed-worker")
    if status == TaskResultStatus.FAILED:
        row.set_failed(SystemExit(1))
    assert waiting(path) == []


@pytest.fixture
def scheduled(db, time_machine):
    time_machine.move_to(NOW, tick=False)
    periodic_ensure()
    return time_machine


@pytest.mark.parametrize("status", [TaskResultStatus.RUNNING, TaskResultStatus.FAILED])
@pytest.mark.parametrize("path", [SWEEP, DIGESTS, RETENTION, CHECKPOINT, FORGET])
def test_a_worker_start_queues_again_the_run_a_killed_worker_lost(
    scheduled, run_worker, path, status
):
    killed(path, status)
    scheduled.shift(timedelta(minutes=1))

    run_worker()  # the worker that replaces the killed one

    assert len(waiting(path)) == 1
    assert all(len(waiting(other)) == 1 for other in WORK)


def test_the_worker_command_says_what_it_queued(scheduled, run_worker):
    killed(DIGESTS, TaskResultStatus.RUNNING)
    out = StringIO()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)

    assert f"queued {DIGESTS}" in out.getvalue()
    assert waiting(DIGESTS) == [local(2026, 3, 14, 7, 0)]


@pytest.mark.parametrize("path", [DIGESTS, RETENTION])
def test_every_sweep_queues_again_a_daily_run_that_was_lost(scheduled, run_worker, path):
    killed(path, TaskResultStatus.RUNNING)

    sweep_deadlines.call()  # as the worker runs it, every quarter of an hour

    assert len(waiting(path)) == 1


def test_the_chain_goes_on_through_the_worker_after_a_killed_sweep(scheduled, run_worker):
    killed(SWEEP, TaskResultStatus.RUNNING)
    scheduled.move_to(local(2026, 3, 13, 9, 0), tick=False)
    run_worker()
    assert waiting(SWEEP) == [local(2026, 3, 13, 9, 15)]

    scheduled.move_to(local(2026, 3, 13, 9, 16), tick=False)
    run_worker()

    assert waiting(SWEEP) == [local(2026, 3, 13, 9, 31)]
    ran = DBTaskResult.objects.filter(task_path=SWEEP, status=TaskResultStatus.SUCCESSFUL)
    # The killed run, queued again once its worker's lease was over (core/lease.py), and the
    # run after it.
    assert ran.count() == 2
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()


@pytest.mark.parametrize("path", [SWEEP, DIGESTS, RETENTION, CHECKPOINT, FORGET])
def test_a_run_queues_its_successor_before_it_does_its_work(db, time_machine, monkeypatch, path):
    """A worker killed during the work runs no more code of that task: the next run must be
    queued by then."""
    time_machine.move_to(NOW, tick=False)
    task, work = WORK[path]
    seen = []
    monkeypatch.setattr(work, lambda *args, **kwargs: seen.append(waiting(path)))

    task.call()

    assert seen and len(seen[0]) == 1
