"""Background tasks of the intake. Tasks take ids and are safe to run twice."""

from django_tasks import task

from wijkteam.intake.arrears import arrears_import_run
from wijkteam.signals.pdok import default_client


@task()
def run_arrears_import(import_id: int) -> None:
    arrears_import_run(import_id=import_id, client=default_client())
