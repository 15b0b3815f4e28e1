"""Background task of the arrears import. Tasks take ids and are safe to run twice; this module
is the only importer of the batch it runs."""

from django_tasks import task

from wijkteam.core.worker import CONNECTION_ERRORS
from wijkteam.intake.arrears.batch import arrears_import_fail, arrears_import_run


@task()
def run_arrears_import(import_id: int) -> None:
    try:
        arrears_import_run(import_id=import_id)
    except CONNECTION_ERRORS:
        # The database went away, or a lock wait ended: the worker runs the task again, which
        # carries on where this run stopped, and fails the import only after its last try.
        raise
    except Exception as error:
        run_arrears_import_failed(import_id, error=error)
        raise  # the task's result keeps the error for whoever looks into it


def run_arrears_import_failed(import_id: int, *, error: BaseException) -> None:
    """The task's failure handling, with the task's arguments: the import is marked failed.
    Run by the task on an error, and by the lease when it gives the task up because its worker
    stopped too often (settings.TASK_FAILURE_HANDLERS, core/lease.py). Safe to run twice."""
    arrears_import_fail(import_id=import_id, error=error)
