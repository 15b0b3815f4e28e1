"""An arrears import whose worker stopped too often (killed, out of memory) is given up by the
lease (core/lease.py), which then runs the task's own failure handling: the import's page says
it failed and why instead of showing it running for ever, and the file can be imported again."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.intake.test_arrears import FIXTURES, import_trail, run_import, upload
from wijkteam.core.lease import WorkerLost, tasks_reclaim
from wijkteam.intake.arrears import bulk
from wijkteam.intake.arrears.batch import STOPPED_BY_WORKER, arrears_import_run
from wijkteam.intake.arrears.tasks import run_arrears_import_failed
from wijkteam.signals.models import ArrearsImport, ImportStatus

TASK = "wijkteam.intake.arrears.tasks.run_arrears_import"
STOPPED = "De import is gestopt, omdat de verwerking op de achtergrond steeds opnieuw uitviel."


class Killed(BaseException):
    """The worker killed in the middle of a batch (SIGKILL runs no except clause)."""


def stopped_in_the_second_batch(monkeypatch, error: BaseException):
    """Batches of two rows, the second of which raises ``error`` before it is reported (once);
    returns the real reporting function."""
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    real_report = bulk.report_rows
    batches = []

    def stopping(job, outcomes, **kwargs):
        batches.append(len(outcomes))
        if len(batches) == 2:
            raise error
        real_report(job, outcomes, **kwargs)

    monkeypatch.setattr(bulk, "report_rows", stopping)
    return real_report


@pytest.fixture
def lost_import(client, world, addresses, monkeypatch, django_capture_on_commit_callbacks):
    """An import that got two rows in before its worker was killed, claimed by as many workers
    as a task may be, each of which stopped beating a lease ago."""
    client.force_login(world.rent_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "good.csv", (FIXTURES / "good.csv").read_bytes())
    assert response.status_code == 302
    job = ArrearsImport.objects.get()

    real_report = stopped_in_the_second_batch(monkeypatch, Killed())
    with pytest.raises(Killed):
        arrears_import_run(import_id=job.pk)
    monkeypatch.setattr(bulk, "report_rows", real_report)

    started = timezone.now() - timedelta(hours=1)
    DBTaskResult.objects.filter(task_path=TASK).update(
        status=TaskResultStatus.RUNNING,
        started_at=started,
        worker_ids=["killed-1", "killed-2", "killed-3"],
    )
    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportStatus.RUNNING, 2)
    return job


def test_an_import_given_up_after_its_worker_stopped_too_often_shows_as_failed(
    client,
    settings,
    lost_import,
    run_worker,
    django_capture_on_commit_callbacks,
):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 3
    status_url = reverse("intake:arrears_import_status", kwargs={"import_id": lost_import.pk})

    assert tasks_reclaim() == []  # as every worker does at its start and every few seconds

    task = DBTaskResult.objects.get(task_path=TASK)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "wijkteam.core.lease.WorkerLost"
    job = ArrearsImport.objects.get(pk=lost_import.pk)
    assert job.status == ImportStatus.FAILED
    assert job.finished_at is not None
    assert job.content == b""  # the file held personal data
    assert import_trail(job)[-1] == (
        None,
        "status",
        {"status": ["running", "failed"], "error": "WorkerLost"},
    )
    assert client.get(status_url + "?format=json").json()["status"] == "failed"
    page = client.get(status_url).content.decode()
    assert "Mislukt" in page
    assert STOPPED in page
    assert "U kunt het bestand opnieuw importeren" in page
    assert "Deze regels waren verwerkt voordat de import stopte." in page

    client.post(reverse("set_language"), {"language": "en", "next": status_url})
    english = client.get(status_url).content.decode()
    assert "the background processing kept stopping" in english

    # Started again: the file imported anew, the two rows it had already written unchanged.
    run_import(
        client,
        "good.csv",
        (FIXTURES / "good.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    )
    again = ArrearsImport.objects.exclude(pk=job.pk).get()
    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.unchanged_count, again.processed_rows) == (3, 2, 5)


def test_giving_an_import_up_twice_changes_nothing_the_second_time(settings, lost_import):
    settings.WIJKTEAM_TASK_MAX_ATTEMPTS = 3
    tasks_reclaim()
    task = DBTaskResult.objects.get(task_path=TASK)
    job = ArrearsImport.objects.get(pk=lost_import.pk)
    assert (task.status, job.status, job.error) == (
        TaskResultStatus.FAILED,
        ImportStatus.FAILED,
        STOPPED_BY_WORKER,
    )
    trail = import_trail(job)

    tasks_reclaim(now=timezone.now() + timedelta(hours=1))  # another worker, later
    # The failure handling run again, as by a worker that was only cut off from the database
    # and meets an error when it comes back.
    run_arrears_import_failed(job.pk, error=WorkerLost())

    assert DBTaskResult.objects.get(pk=task.pk).finished_at == task.finished_at
    after = ArrearsImport.objects.get(pk=job.pk)
    assert (after.status, after.finished_at, after.error) == (
        ImportStatus.FAILED,
        job.finished_at,
        job.error,
    )
    assert import_trail(after) == trail


def test_an_import_that_lost_the_database_carries_on_when_it_answers_again(
    client, world, addresses, monkeypatch, run_worker, django_capture_on_commit_callbacks
):
    """A connection error (or an ended lock wait) is not the import's failure: the worker runs
    the task again (core/worker.py), which carries on where the first run stopped."""
    client.force_login(world.rent_admin)
    stopped_in_the_second_batch(
        monkeypatch, OperationalError("server closed the connection unexpectedly")
    )
    run_import(
        client,
        "good.csv",
        (FIXTURES / "good.csv").read_bytes(),
        run_worker,
        django_capture_on_commit_callbacks,
    )

    job = ArrearsImport.objects.get()
    assert (job.status, job.processed_rows, job.created_count) == (ImportStatus.DONE, 5, 5)
    task = DBTaskResult.objects.get(task_path=TASK)
    assert (task.status, len(task.worker_ids)) == (TaskResultStatus.SUCCESSFUL, 2)
