"""Signed checkpoints anchor the end of the audit trail: rows removed from its end (the last
ones, all of them, a TRUNCATE) are found, and a forged checkpoint is reported."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cases.support import local
from wijkteam.access.audit import GENESIS_HASH, audit_chain_verify, audit_record
from wijkteam.access.checkpoints import (
    _signature,
    checkpoint_take,
    checkpoint_write,
    checkpoints_check,
    checkpoints_read,
)
from wijkteam.access.models import AuditEntry
from wijkteam.access.seal import audit_seal, sealed_head
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.privacy.audit_checkpoints import audit_checkpoint_publish
from wijkteam.privacy.audit_tasks import next_checkpoint_at, write_audit_checkpoint

TASK = "wijkteam.privacy.audit_tasks.write_audit_checkpoint"
ONLY_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="SQLite has no TRUNCATE (and PostgreSQL refuses it unless its triggers are off)",
)


def _write_rows(world, count: int = 3) -> list[AuditEntry]:
    return [
        audit_record(
            actor=world.admin,
            action="update",
            instance=world.team_a,
            changes={"meeting_schedule": ["elke maandag", f"elke {n}e dinsdag"]},
        )
        for n in range(count)
    ]


def _tamper(sql: str, params: list | None = None) -> None:
    """Change the table behind the application's back, as someone with database access could.
    On PostgreSQL that person has to switch off the append-only triggers first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


def _check_foreign_keys_now() -> None:
    """PostgreSQL truncates no table with checks still pending in the transaction (Django's
    foreign keys are checked at commit, and a test never commits): check them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit_verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        _verify()
    return str(failure.value)


def test_an_intact_trail_agrees_with_its_checkpoints(world):
    _write_rows(world)
    checkpoint_write()
    _write_rows(world)
    checkpoint_write()
    _write_rows(world)  # rows after the last checkpoint are fine too

    out, err = _verify()

    rows = AuditEntry.objects.count()
    assert f"Audittrail in orde: {rows} regels gecontroleerd" in out
    assert "Ijkpunten in orde: 2 gecontroleerd" in out
    assert err == ""


def test_a_checkpoint_without_new_rows_is_fine(world):
    _write_rows(world)
    first = checkpoint_write()
    second = checkpoint_write()

    assert second.head == first.head
    assert "Ijkpunten in orde: 2 gecontroleerd" in _verify()[0]


def test_a_checkpoint_of_an_empty_trail_is_fine(db):
    assert not AuditEntry.objects.exists()
    checkpoint = checkpoint_write()

    assert (checkpoint.rows, checkpoint.last_id, checkpoint.last_hash) == (0, None, GENESIS_HASH)
    assert "Ijkpunten in orde: 1 gecontroleerd" in _verify()[0]


def test_deleting_the_last_rows_after_a_checkpoint_is_found(world):
    rows = _write_rows(world)
    checkpoint_write()
    _tamper("DELETE FROM access_auditentry WHERE id >= %s", [rows[1].id])

    # What is left is a valid chain: only the checkpoint shows that its end is gone.
    assert audit_chain_verify().broken is None
    message = _verify_fails()

    assert "Het einde van de audittrail ontbreekt" in message
    assert f"de laatste regel {rows[-1].id}; die regel is er niet meer" in message
    assert f"telt nu {AuditEntry.objects.count()} regels" in message


def test_deleting_every_row_after_a_checkpoint_is_found(world):
    _write_rows(world)
    checkpoint_write()
    _tamper("DELETE FROM access_auditentry")

    assert audit_chain_verify().broken is None
    message = _verify_fails()

    assert "Het einde van de audittrail ontbreekt" in message
    assert "de audittrail telt nu 0 regels" in message


@ONLY_POSTGRESQL
def test_a_truncate_behind_the_triggers_back_is_found(world):
    _write_rows(world)
    checkpoint_write()
    _check_foreign_keys_now()
    _tamper("TRUNCATE access_auditentry")

    assert not AuditEntry.objects.exists()
    assert "Het einde van de audittrail ontbreekt" in _verify_fails()


def test_a_changed_last_row_disagrees_with_the_checkpoint(world):
    rows = _write_rows(world)
    checkpoint_write()
    _tamper("UPDATE access_auditentry SET seal_hash = %s WHERE id = %s", ["e" * 64, rows[-1].id])

    [problem] = checkpoints_check().problems

    assert problem.kind == "changed"
    assert "die regel heeft nu een andere hash" in _verify_fails()


def test_a_row_removed_below_a_checkpoint_breaks_the_chain(world):
    rows = _write_rows(world)
    checkpoint_write()
    _tamper("DELETE FROM access_auditentry WHERE id = %s", [rows[0].id])

    # The checkpoint's row is where it was; the chain shows the position missing below it.
    assert checkpoints_check().problems == []
    assert "Eerste gebroken schakel" in _verify_fails()


def test_rows_renumbered_below_a_checkpoint_change_its_count(world):
    rows = _write_rows(world)
    checkpoint = checkpoint_write()
    removed = AuditEntry.objects.get(id=rows[0].id).seal_position
    # Someone removes a row and closes the gap by moving the later rows down one position.
    _tamper("DELETE FROM access_auditentry WHERE id = %s", [rows[0].id])
    _tamper(
        "UPDATE access_auditentry SET seal_position = seal_position + 1000000 "
        "WHERE seal_position > %s",
        [removed],
    )
    _tamper(
        "UPDATE access_auditentry SET seal_position = seal_position - 1000001 "
        "WHERE seal_position > 1000000"
    )

    [problem] = checkpoints_check().problems

    assert problem.kind == "count"
    assert problem.rows_up_to == checkpoint.rows - 1
    message = _verify_fails()
    assert "Eerste gebroken schakel" in message  # the chain sees it as well
    assert f"die regel staat nu op positie {checkpoint.rows - 1} " in message


def test_only_sealed_rows_are_in_a_checkpoint_and_writing_one_seals_first(world):
    _write_rows(world)
    assert checkpoint_take().rows == 0  # nothing sealed yet

    checkpoint = checkpoint_write()

    assert checkpoint.rows == AuditEntry.objects.count()
    assert checkpoint.last_id == AuditEntry.objects.latest("id").id
    assert (checkpoint.rows, checkpoint.last_id, checkpoint.last_hash) == sealed_head()


def _version_1_line(*, rows: int, last_id: int, last_hash: str = "d" * 64) -> str:
    """A checkpoint as written before sealing: rows and the last row's hash in the old chain."""
    content = {
        "v": 1,
        "at": "2026-03-13T08:00:00+00:00",
        "rows": rows,
        "last_id": last_id,
        "last_hash": last_hash,
    }
    return json.dumps({**content, "signature": _signature(content)})


def test_checkpoints_written_before_sealing_hold_on_a_converted_trail(world, audit_checkpoint_file):
    _write_rows(world)
    audit_seal()  # as the migration did: every row in id order
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    audit_checkpoint_file.write_text(
        _version_1_line(rows=2, last_id=ids[1])
        + "\n"
        + _version_1_line(rows=len(ids), last_id=ids[-1])
        + "\n"
    )
    checkpoint_write()  # a new one beside them

    assert checkpoints_check().problems == []
    assert "Ijkpunten in orde: 3 gecontroleerd" in _verify()[0]

    # They still anchor the end: the row the last one ended on must be there.
    _tamper("DELETE FROM access_auditentry WHERE id = %s", [ids[-1]])
    problems = checkpoints_check().problems
    assert {(problem.kind, problem.line) for problem in problems} == {
        ("missing", 2),
        ("missing", 3),
    }


def test_a_version_1_checkpoint_at_another_position_is_reported(world, audit_checkpoint_file):
    _write_rows(world)
    audit_seal()
    last_id = AuditEntry.objects.latest("id").id
    audit_checkpoint_file.write_text(_version_1_line(rows=2, last_id=last_id) + "\n")

    [problem] = checkpoints_check().problems

    assert problem.kind == "count"


def test_a_forged_checkpoint_is_reported(world, audit_checkpoint_file):
    _write_rows(world)
    honest = checkpoint_write()
    # Someone who deleted the last row writes a checkpoint that agrees, but cannot sign it.
    forged = json.loads(honest.line())
    forged.update(rows=honest.rows - 1, last_id=honest.last_id - 1)
    with audit_checkpoint_file.open("a") as lines:
        lines.write(json.dumps(forged) + "\n")
        lines.write("geen ijkpunt\n")

    report = checkpoints_check()

    assert [(problem.kind, problem.line) for problem in report.problems] == [
        ("forged", 2),
        ("forged", 3),
    ]
    message = _verify_fails()
    assert f"Ijkpunt vervalst of beschadigd ({audit_checkpoint_file}, regel 2)" in message
    assert f"({audit_checkpoint_file}, regel 3)" in message


def test_a_checkpoint_signed_with_another_key_is_forged(world):
    _write_rows(world)
    with override_settings(WIJKTEAM_AUDIT_KEY="een andere sleutel"):
        checkpoint_write()

    assert [checkpoint for _line, checkpoint in checkpoints_read()] == [None]


def test_checkpoints_are_appended_one_line_each(world, audit_checkpoint_file):
    _write_rows(world)
    first = checkpoint_write()
    _write_rows(world, count=1)
    second = checkpoint_write()

    lines = audit_checkpoint_file.read_text().splitlines()

    assert lines == [first.line(), second.line()]
    assert json.loads(lines[1])["rows"] == first.rows + 1
    assert [checkpoint for _line, checkpoint in checkpoints_read()] == [first, second]


def test_without_checkpoints_verify_passes_but_says_the_end_is_unchecked(world):
    _write_rows(world)

    out, err = _verify()

    assert "Audittrail in orde" in out
    assert "Let op: geen ijkpunten" in err


def test_the_periodic_task_writes_a_checkpoint_every_hour(world, time_machine):
    time_machine.move_to(local(2026, 3, 13, 8, 20), tick=False)
    _write_rows(world)

    write_audit_checkpoint.call()

    [(_line, checkpoint)] = list(checkpoints_read())
    assert checkpoint == checkpoint_take(now=checkpoint.at)
    assert checkpoint.at == local(2026, 3, 13, 8, 20)
    # It queued its own next run first, as every periodic task does (core/periodic.py).
    assert TASK in settings.PERIODIC_TASKS
    waiting = DBTaskResult.objects.get(task_path=TASK, status=TaskResultStatus.READY)
    assert waiting.run_after == local(2026, 3, 13, 9, 0)


def test_the_worker_writes_the_checkpoint_when_it_is_due(world, time_machine, run_worker):
    time_machine.move_to(local(2026, 3, 13, 8, 20), tick=False)
    run_worker()  # queues the periodic tasks
    assert list(checkpoints_read()) == []

    time_machine.shift(timedelta(minutes=40))
    run_worker()

    assert len(list(checkpoints_read())) == 1


def test_the_next_checkpoint_is_at_the_next_full_hour():
    assert next_checkpoint_at(local(2026, 3, 13, 8, 0)) == local(2026, 3, 13, 9, 0)
    assert next_checkpoint_at(local(2026, 3, 13, 23, 59)) == local(2026, 3, 14, 0, 0)


def test_the_command_writes_a_checkpoint_on_demand(world, audit_checkpoint_file):
    _write_rows(world)
    out = StringIO()

    call_command("audit_checkpoint", stdout=out)

    [(_line, checkpoint)] = list(checkpoints_read())
    assert "Ijkpunt vastgelegd" in out.getvalue()
    assert f"{checkpoint.rows} regels, laatste regel {checkpoint.last_id}" in out.getvalue()
    assert str(audit_checkpoint_file) in out.getvalue()
    assert "gemaild" not in out.getvalue()


def test_checkpoints_are_mailed_when_configured_and_the_trail_grew(world, settings, tmp_path):
    settings.WIJKTEAM_AUDIT_CHECKPOINT_EMAIL = "privacy@gemeente.example"
    _write_rows(world)

    first = audit_checkpoint_publish()
    audit_checkpoint_publish()  # nothing new: only the file gets a line
    _write_rows(world, count=1)
    audit_checkpoint_publish()

    assert first.mailed_to == "privacy@gemeente.example"
    emails = list(OutgoingEmail.objects.filter(topic="audittrail").order_by("id"))
    assert [email.to for email in emails] == ["privacy@gemeente.example"] * 2
    assert emails[0].subject == f"Ijkpunt van de audittrail: {first.checkpoint.rows} regels"
    assert first.checkpoint.line() in emails[0].body_text
    assert len(list(checkpoints_read())) == 3

    # The mailed lines, kept outside the server, are checked like the file.
    mailed = tmp_path / "gemaild.jsonl"
    mailed.write_text(
        "".join(
            line + "\n"
            for email in emails
            for line in email.body_text.splitlines()
            if line.startswith("{")
        )
    )
    _tamper("DELETE FROM access_auditentry WHERE id = %s", [AuditEntry.objects.latest("id").id])
    with pytest.raises(CommandError, match="Het einde van de audittrail ontbreekt"):
        call_command("audit_verify", "--checkpoints", str(mailed), stdout=StringIO())


def test_no_checkpoint_mail_without_an_address(world):
    _write_rows(world)
    assert settings.WIJKTEAM_AUDIT_CHECKPOINT_EMAIL == ""

    assert audit_checkpoint_publish().mailed_to == ""
    assert not OutgoingEmail.objects.filter(topic="audittrail").exists()


def test_a_checkpoint_of_an_empty_trail_is_not_mailed(db, settings):
    settings.WIJKTEAM_AUDIT_CHECKPOINT_EMAIL = "privacy@gemeente.example"

    assert audit_checkpoint_publish().mailed_to == ""
    assert len(list(checkpoints_read())) == 1
