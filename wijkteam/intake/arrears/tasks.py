"""Background task of the arrears import. Tasks take ids and are safe to run twice; this module
is the only importer of the batch it runs."""

from django_tasks import task

from wijkteam.intake.arrears.batch import arrears_import_run


@task()
def run_arrears_import(import_id: int) -> None:
    arrears_import_run(import_id=import_id)
