"""A CSV file of arrears is checked as a whole and queued for the background worker."""

from django.db import connection, transaction
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError
from wijkteam.intake.arrears.tasks import run_arrears_import
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.signals.access import may_register_arrears
from wijkteam.signals.arrears_csv.reader import arrears_file_check
from wijkteam.signals.models import (
    ArrearsImport,
)


def arrears_import_start(*, actor: Actor, file_name: str, raw: bytes) -> ArrearsImport:
    """Check the file as a whole and queue it for the background worker. Only staff of a
    housing corporation. A file that cannot be read at all (wrong type, no header, missing
    columns, not CSV, too many rows) is refused at once and nothing is stored; its rows are
    checked one by one by the import."""
    require_actor(actor)
    if not (is_user(actor) and may_register_arrears(actor)):
        raise DomainError(
            _("Alleen de huuradministratie van een woningcorporatie kan dit importeren.")
        )
    checked = arrears_file_check(raw=raw)
    with transaction.atomic():
        job = ArrearsImport.objects.create(
            organisation=actor.organisation,
            uploaded_by=actor,
            file_name=file_name[:200],
            encoding=checked.encoding,
            total_rows=checked.rows,
        )
        _store_file(job, raw)
        audit_record(
            actor=actor,
            action="import_started",
            instance=job,
            changes={"rows": job.total_rows, "file": job.file_name},
        )
        transaction.on_commit(lambda: run_arrears_import.enqueue(job.pk))
    return job


def _store_file(job: ArrearsImport, raw: bytes) -> None:
    """Store the file's bytes with the import. On PostgreSQL as a binary parameter: Django's
    cursors write every value into the statement's text, where a file takes twice its size in
    hex and more in the copies on the way (a 7.5 MB file cost the web process 60 MB)."""
    table = connection.ops.quote_name(ArrearsImport._meta.db_table)
    statement = f"UPDATE {table} SET content = %s WHERE id = %s"  # noqa: S608
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(statement, [raw, job.pk])
        return
    from psycopg import Cursor  # the server-side binding cursor, not Django's client-side one

    connection.ensure_connection()
    with Cursor(connection.connection) as cursor:
        cursor.execute(statement, [raw, job.pk])
