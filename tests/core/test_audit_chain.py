"""The audit trail is a hash chain: a changed, removed or inserted row is found."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from wijkteam.access.audit import GENESIS_HASH, audit_chain_verify, audit_record, audit_records
from wijkteam.access.models import AuditEntry


def _write_rows(world, count: int = 5) -> list[AuditEntry]:
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


def _tamper(sql: str, params: list) -> None:
    """Change the table behind the application's back, as someone with database access could.
    On PostgreSQL that person has to switch off the append-only trigger first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def test_rows_chain_onto_each_other_and_verify(world, capsys):
    made_with_the_world = AuditEntry.objects.count()  # its users
    rows = _write_rows(world)
    first = AuditEntry.objects.order_by("id").first()
    assert first.previous_hash == GENESIS_HASH
    assert rows[1].previous_hash == rows[0].entry_hash
    report = audit_chain_verify()
    assert report.broken is None
    assert report.checked == AuditEntry.objects.count()
    call_command("audit_verify")
    checked = made_with_the_world + 8
    assert f"Audittrail in orde: {checked} regels gecontroleerd" in capsys.readouterr().out


def test_a_changed_row_is_the_first_broken_link(world):
    rows = _write_rows(world)
    changed = rows[2]
    _tamper(
        "UPDATE access_auditentry SET changes = %s WHERE id = %s",
        ['{"meeting_schedule": ["elke maandag", "nooit"]}', changed.id],
    )
    report = audit_chain_verify()
    assert report.broken.entry_id == changed.id
    assert report.broken.reason == "content"
    with pytest.raises(CommandError, match=f"Eerste gebroken schakel: regel {changed.id} "):
        call_command("audit_verify")


def test_a_changed_row_with_its_hash_recomputed_without_the_key_is_found(world):
    rows = _write_rows(world)
    # Without the key the best a forger can do is a plain hash: the next row still points at the
    # old value, and the forged row's own hash does not verify.
    _tamper(
        "UPDATE access_auditentry SET actor_label = %s, entry_hash = %s WHERE id = %s",
        ["iemand anders", "f" * 64, rows[1].id],
    )
    report = audit_chain_verify()
    assert report.broken.entry_id == rows[1].id


def test_a_removed_row_breaks_the_link_of_the_next(world):
    rows = _write_rows(world)
    _tamper("DELETE FROM access_auditentry WHERE id = %s", [rows[3].id])
    report = audit_chain_verify()
    assert report.broken.entry_id == rows[4].id
    assert report.broken.reason == "link"
    assert report.checked == 3 + (AuditEntry.objects.filter(id__lt=rows[0].id).count())


def test_the_key_matters(world, settings):
    _write_rows(world)
    settings.WIJKTEAM_AUDIT_KEY = "een andere sleutel"
    assert audit_chain_verify().broken.entry_id == AuditEntry.objects.order_by("id").first().id


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the append-only triggers are PostgreSQL's; SQLite has none (and no TRUNCATE)",
)
def test_postgresql_refuses_to_change_remove_or_truncate_audit_rows(world):
    row = _write_rows(world, count=1)[0]
    count = AuditEntry.objects.count()
    with connection.cursor() as cursor:
        # PostgreSQL truncates no table with checks still pending in the transaction (Django's
        # foreign keys are checked at commit, and a test never commits): check them now, so
        # that only the trigger can refuse the TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in (
        "UPDATE access_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM access_auditentry WHERE id = %s",
        "TRUNCATE access_auditentry",
        # Emptying the users table with everything that refers to it empties the trail too.
        "TRUNCATE partners_user CASCADE",
    ):
        with (
            pytest.raises(DatabaseError, match="alleen worden aangevuld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.id] if "%s" in statement else [])
    assert AuditEntry.objects.get(id=row.id).action == "update"
    assert AuditEntry.objects.count() == count


def test_residents_personal_data_is_recorded_as_changed_but_not_kept(world):
    from tests.cases.support import address, case_of, intake

    signal = intake("overlast-geluid", location=address(), description="Buurman Jansen")
    case = case_of(signal)
    entry = audit_record(
        actor=world.consulent_a,
        action="update",
        instance=case,
        changes={"summary": ["", "Jan Jansen op 7"], "status": ["a", "b"], "reason": ""},
    )
    assert entry.changes == {"summary": "[persoonsgegeven]", "status": ["a", "b"], "reason": ""}
    # Configuration keeps its values: an organisation's name is not personal data.
    entry = audit_record(
        actor=world.admin, action="update", instance=world.politie, changes={"name": ["A", "B"]}
    )
    assert entry.changes == {"name": ["A", "B"]}
    assert audit_chain_verify().broken is None
