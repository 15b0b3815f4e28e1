"""The sealer in the background worker, appends that do not wait for each other, and the
migration that sealed the trails written before sealing."""

import importlib
import logging
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.management.commands import db_worker as tasks_db_worker

from tests.access.support import write_rows
from tests.factories import make_organisation
from wijkteam.access.audit import audit_chain_verify, audit_record
from wijkteam.access.checkpoints import Checkpoint, _signature, checkpoints_check
from wijkteam.access.models import AuditEntry
from wijkteam.access.seal import audit_seal
from wijkteam.core.duties import DutyThread
from wijkteam.partners.models import OrganisationKind

conversion = importlib.import_module("wijkteam.access.migrations.0006_audit_seal")
ONLY_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="only PostgreSQL runs two writing transactions at once (SQLite one at a time)",
)
calls: list[float] = []


def count_call() -> None:
    """A worker duty for the tests below."""
    calls.append(time.monotonic())


def fail() -> None:
    raise RuntimeError("database away")


def test_the_worker_seals_what_its_tasks_and_the_requests_before_wrote(world, run_worker):
    write_rows(world)
    assert AuditEntry.objects.filter(seal_position__isnull=True).exists()

    run_worker()

    assert not AuditEntry.objects.filter(seal_position__isnull=True).exists()
    report = audit_chain_verify()
    assert (report.broken, report.unsealed) == (None, 0)


def test_the_worker_does_its_duties_every_few_seconds_while_it_runs(db, settings, monkeypatch):
    settings.WORKER_DUTIES = {"tests.access.test_audit_seal.count_call": 0.05}
    calls.clear()
    # The worker's own loop, standing in for half a second of polling and running tasks.
    monkeypatch.setattr(tasks_db_worker.Worker, "run", lambda self: time.sleep(0.5))
    monkeypatch.setattr(tasks_db_worker.Worker, "configure_signals", lambda self: None)

    call_command("db_worker", "--no-startup-delay", "--no-reload", verbosity=0)

    assert len(calls) >= 4
    assert max(b - a for a, b in zip(calls, calls[1:], strict=False)) < 0.3
    stopped_with = len(calls)
    time.sleep(0.2)
    assert len(calls) == stopped_with  # its duties stop with the worker


def test_the_sealing_interval_is_a_setting_of_about_two_seconds():
    assert (
        django_settings.WORKER_DUTIES["wijkteam.access.seal.audit_seal"]
        == django_settings.WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS
    )
    assert django_settings.WIJKTEAM_AUDIT_SEAL_INTERVAL_SECONDS == 2


def test_a_failing_duty_is_logged_and_tried_again(settings, caplog):
    settings.WORKER_DUTIES = {
        "tests.access.test_audit_seal.fail": 0.05,
        "tests.access.test_audit_seal.count_call": 0.05,
    }
    calls.clear()
    thread = DutyThread()
    with caplog.at_level(logging.ERROR, logger="wijkteam.core.duties"):
        thread.start()
        time.sleep(0.3)
        thread.stop()

    assert not thread.is_alive()
    failures = [
        record
        for record in caplog.records
        if "tests.access.test_audit_seal.fail" in (record.getMessage())
    ]
    assert len(failures) >= 2
    assert len(calls) >= 2  # the other duty went on


@ONLY_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_an_uncommitted_append_does_not_hold_up_another_transaction():
    organisation = make_organisation("Gemeente", OrganisationKind.GEMEENTE)
    appended, release = threading.Event(), threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                results["first"] = audit_record(
                    actor=None, action="update", instance=organisation, changes={"n": [0, 1]}
                )
                appended.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            results["first error"] = error
        finally:
            appended.set()
            connection.close()

    def second() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # Waiting for a lock would fail after 2 s instead of hanging the test.
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                results["second"] = audit_record(
                    actor=None, action="update", instance=organisation, changes={"n": [1, 2]}
                )
        except Exception as error:  # noqa: BLE001 - reported to the test below
            results["second error"] = error
        finally:
            connection.close()

    holder = threading.Thread(target=first)
    holder.start()
    try:
        assert appended.wait(10)
        started = time.monotonic()
        other = threading.Thread(target=second)
        other.start()
        other.join(5)
        assert not other.is_alive(), "the second append waited for the first transaction"
        assert "second error" not in results, results.get("second error")
        assert time.monotonic() - started < 2

        # Only the committed row is sealed; the open transaction's row waits for its commit.
        assert audit_seal() == 1
    finally:
        release.set()
        holder.join(10)
    assert "first error" not in results
    first_row, second_row = results["first"], results["second"]
    assert first_row.id < second_row.id
    assert audit_seal() == 1
    positions = dict(AuditEntry.objects.values_list("id", "seal_position"))
    assert positions[first_row.id] == positions[second_row.id] + 1
    assert audit_chain_verify().broken is None


def _old_chain(rows: list[dict]) -> list[dict]:
    """Rows as the trail held them before sealing: each chained onto the one before it."""
    key = django_settings.WIJKTEAM_AUDIT_KEY.encode()
    previous = conversion.GENESIS_HASH
    for row in rows:
        row["previous_hash"] = previous
        row["entry_hash"] = previous = conversion.old_digest(key, row, previous)
    return rows


def _old_row(number: int) -> dict:
    return {
        "id": number,
        "at": datetime(2026, 3, 1, 8, number, tzinfo=UTC),
        "actor_id": None,
        "actor_label": "systeem",
        "action": "update",
        "object_type": "partners.organisation",
        "object_id": "1",
        "object_repr": "Gemeente",
        "changes": {"name": ["A", f"B{number}"]},
    }


def test_the_conversion_stops_at_a_changed_or_removed_row_of_the_old_chain():
    key = django_settings.WIJKTEAM_AUDIT_KEY.encode()
    rows = _old_chain([_old_row(number) for number in range(1, 6)])
    assert [row["seal_position"] for row in conversion.resealed(rows, key)] == [1, 2, 3, 4, 5]

    changed = [dict(row) for row in rows]
    changed[2]["actor_label"] = "iemand anders"
    with pytest.raises(conversion.OldChainBroken, match="does not hold at row 3 ") as broken:
        list(conversion.resealed(changed, key))
    assert "its content no longer matches its hash" in str(broken.value)
    assert "The 2 rows before it are fine" in str(broken.value)

    removed = rows[:1] + rows[2:]
    with pytest.raises(conversion.OldChainBroken, match="row 3 .*does not point at the hash"):
        list(conversion.resealed(removed, key))


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_a_trail_written_before_sealing(audit_checkpoint_file):
    """Back to the trail of 0005, rows chained the old way, forward again: every row is sealed
    in id order, the trail verifies, and a checkpoint written before still holds."""
    before = ("access", "0005_audit_refuse_truncate")
    latest = ("access", "0007_auditentry_no_previous_hash")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    try:
        old_apps = executor.loader.project_state([before]).apps
        OldEntry = old_apps.get_model("access", "AuditEntry")
        rows = _old_chain([_old_row(number) for number in range(1, 8)])
        OldEntry.objects.bulk_create(OldEntry(**row) for row in rows)
        # A checkpoint of those days: 5 rows, the last with its hash in the old chain.
        unsigned = Checkpoint(
            at=datetime(2026, 3, 1, 9, tzinfo=UTC),
            rows=5,
            last_id=5,
            last_hash=rows[4]["entry_hash"],
            version=1,
        )
        signed = replace(unsigned, signature=_signature(unsigned.content()))
        audit_checkpoint_file.write_text(signed.line() + "\n")
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate([latest])

    entries = list(AuditEntry.objects.order_by("id"))
    assert [(entry.id, entry.seal_position) for entry in entries] == [
        (number, number) for number in range(1, 8)
    ]
    assert [entry.changes for entry in entries] == [row["changes"] for row in rows]
    report = audit_chain_verify()
    assert (report.broken, report.sealed) == (None, 7)
    assert checkpoints_check().problems == []
    if connection.vendor == "postgresql":
        # The new trigger is in place: content stays as it is.
        with pytest.raises(Exception, match="eenmaal verzegeld"), connection.cursor() as cursor:
            cursor.execute("UPDATE access_auditentry SET action = 'x' WHERE id = 1")
