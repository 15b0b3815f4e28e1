"""Helpers of the audit trail's tests."""

from django.db import connection

from wijkteam.access.audit import audit_record, audit_records
from wijkteam.access.models import AuditEntry


def write_rows(world, count: int = 5) -> list[AuditEntry]:
    """``count`` single appends, then three appended in bulk; returns the single ones."""
    rows = [
        audit_record(
            actor=world.admin,
            action="update",
            instance=world.team_a,
            changes={"meeting_schedule": ["elke maandag", f"elke {n}e dinsdag"]},
        )
        for n in range(count)
    ]
    audit_records(
        actor=None,
        rows=[("create", world.gemeente, {"name": [None, "Gemeente"]}) for _ in range(3)],
    )
    return rows


def tamper(sql: str, params: list | None = None) -> None:
    """Change the table behind the application's back, as someone with database access could.
    On PostgreSQL that person has to switch off the append-only triggers first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
