"""The audit trail: appends are one INSERT without a lock, the sealer chains the committed rows
in sealing order, and audit_verify finds a changed, removed, inserted or copied row, sealed or
not yet, and rows left unsealed too long."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.access.support import tamper, write_rows
from wijkteam.access.audit import (
    GENESIS_HASH,
    _entry,
    audit_chain_verify,
    audit_record,
    audit_records,
    chain_digest,
    content_digest_of,
)
from wijkteam.access.models import AuditEntry
from wijkteam.access.seal import audit_seal, sealed_head

ONLY_POSTGRESQL = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the append-only triggers are PostgreSQL's; SQLite has none (and no TRUNCATE)",
)


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        _verify()
    return str(failure.value)


def test_an_append_is_one_insert_that_reads_nothing_and_takes_no_lock(
    world, django_assert_num_queries
):
    with django_assert_num_queries(1) as captured:
        audit_record(
            actor=world.admin, action="update", instance=world.team_a, changes={"x": [1, 2]}
        )
    with django_assert_num_queries(1) as captured_bulk:
        audit_records(
            actor=None,
            rows=[("create", world.gemeente, {"name": [None, f"G{n}"]}) for n in range(50)],
        )
    for query in [*captured.captured_queries, *captured_bulk.captured_queries]:
        assert query["sql"].startswith("INSERT INTO"), query["sql"]
        assert "lock" not in query["sql"].lower()


def test_an_appended_row_carries_its_content_hash_and_no_seal(world):
    entry = audit_record(
        actor=world.admin, action="update", instance=world.team_a, changes={"x": [1, 2]}
    )
    entry.refresh_from_db()
    assert entry.entry_hash == content_digest_of(entry)
    assert len(entry.nonce) == 32
    assert (entry.seal_position, entry.seal_hash) == (None, "")


def test_the_sealer_chains_committed_rows_in_id_order_and_they_verify(world):
    write_rows(world)
    sealed = audit_seal()

    assert sealed == AuditEntry.objects.count()
    entries = list(AuditEntry.objects.order_by("seal_position"))
    assert [entry.seal_position for entry in entries] == list(range(1, len(entries) + 1))
    assert [entry.id for entry in entries] == sorted(entry.id for entry in entries)
    previous = GENESIS_HASH
    for entry in entries:
        assert entry.seal_hash == chain_digest(
            previous_hash=previous,
            position=entry.seal_position,
            entry_id=entry.id,
            entry_hash=entry.entry_hash,
        )
        previous = entry.seal_hash
    assert sealed_head() == (len(entries), entries[-1].id, previous)
    assert audit_seal() == 0  # nothing new: nothing sealed twice
    report = audit_chain_verify()
    assert (report.broken, report.sealed, report.unsealed) == (None, len(entries), 0)
    assert report.head_hash == previous
    assert f"Audittrail in orde: {len(entries)} regels gecontroleerd, {len(entries)} verzegeld" in (
        _verify()
    )


def test_unsealed_rows_verify_by_their_content_and_are_sealed_after_the_sealed_ones(world):
    write_rows(world)
    audit_seal()
    head = sealed_head()
    later = write_rows(world, count=2)

    report = audit_chain_verify()
    assert (report.broken, report.unsealed) == (None, len(later) + 3)

    audit_seal()
    assert [AuditEntry.objects.get(id=row.id).seal_position for row in later] == [
        head[0] + 1,
        head[0] + 2,
    ]
    assert audit_chain_verify().broken is None


def test_rows_committed_out_of_id_order_are_all_sealed_in_commit_order(world):
    """A transaction that appended first can commit last: its row, with the lower id, is sealed
    after the rows that committed before it."""
    write_rows(world, count=1)
    audit_seal()
    highest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    early, late = (_entry(world.admin, "update", world.team_a, {"n": [n, n + 1]}) for n in range(2))
    late.id = highest + 10
    late.save(force_insert=True)  # the later append commits first
    assert audit_seal() == 1
    early.id = highest + 5
    early.save(force_insert=True)  # the earlier one commits now
    assert audit_seal() == 1

    late.refresh_from_db()
    early.refresh_from_db()
    assert early.seal_position == late.seal_position + 1
    assert audit_chain_verify().broken is None


def test_a_changed_sealed_row_is_the_first_broken_link(world):
    rows = write_rows(world)
    audit_seal()
    changed = AuditEntry.objects.get(id=rows[2].id)
    tamper(
        "UPDATE access_auditentry SET changes = %s WHERE id = %s",
        ['{"meeting_schedule": ["elke maandag", "nooit"]}', changed.id],
    )

    report = audit_chain_verify()

    assert report.broken.entry_id == changed.id
    assert (report.broken.reason, report.broken.position) == ("content", changed.seal_position)
    assert report.checked == changed.seal_position - 1
    message = _verify_fails()
    assert f"Eerste gebroken schakel: regel {changed.id} " in message
    assert f"positie {changed.seal_position}): de inhoud van de regel klopt niet" in message


def test_a_changed_row_not_yet_sealed_is_found(world):
    rows = write_rows(world)
    tamper("UPDATE access_auditentry SET actor_label = %s WHERE id = %s", ["iemand", rows[1].id])

    report = audit_chain_verify()

    assert (report.broken.entry_id, report.broken.reason) == (rows[1].id, "content")
    assert report.broken.position is None
    assert "nog niet verzegeld): de inhoud van de regel klopt niet" in _verify_fails()


def test_a_sealed_row_with_content_and_hash_rewritten_without_the_key_is_found(world):
    rows = write_rows(world)
    audit_seal()
    # Without the key the best a forger can do is a plain hash: the content hash does not
    # verify, and the chain hash covers the old one.
    tamper(
        "UPDATE access_auditentry SET actor_label = %s, entry_hash = %s WHERE id = %s",
        ["iemand anders", "f" * 64, rows[1].id],
    )
    assert audit_chain_verify().broken.entry_id == rows[1].id


def test_a_removed_sealed_row_leaves_a_gap_before_the_next(world):
    rows = write_rows(world)
    audit_seal()
    removed = AuditEntry.objects.get(id=rows[3].id)
    tamper("DELETE FROM access_auditentry WHERE id = %s", [removed.id])

    report = audit_chain_verify()

    assert report.broken.entry_id == rows[4].id
    assert (report.broken.reason, report.broken.position) == ("gap", removed.seal_position + 1)
    assert report.checked == removed.seal_position - 1
    assert "de positie ervoor ontbreekt in de verzegelde keten" in _verify_fails()


def test_a_forged_row_is_found_sealed_or_not(world):
    write_rows(world)
    audit_seal()
    position, _last_id, _hash = sealed_head()
    forged = _entry(world.admin, "delete", world.politie, {})
    forged.entry_hash = "a" * 64  # no key: no valid content hash
    forged.save(force_insert=True)
    assert audit_chain_verify().broken.entry_id == forged.id

    # Given a seal of its own after the head, it breaks the chain there.
    tamper(
        "UPDATE access_auditentry SET seal_position = %s, seal_hash = %s WHERE id = %s",
        [position + 1, "b" * 64, forged.id],
    )
    report = audit_chain_verify()
    assert (report.broken.entry_id, report.broken.position) == (forged.id, position + 1)
    assert report.broken.reason in {"content", "chain"}


def test_a_forged_seal_on_an_intact_row_breaks_the_chain(world):
    rows = write_rows(world)
    audit_seal()
    tamper("UPDATE access_auditentry SET seal_hash = %s WHERE id = %s", ["c" * 64, rows[2].id])

    report = audit_chain_verify()

    assert (report.broken.entry_id, report.broken.reason) == (rows[2].id, "chain")
    assert "het zegel van de regel klopt niet" in _verify_fails()


def test_a_copied_row_is_found(world):
    rows = write_rows(world)
    audit_seal()
    columns = (
        "at, actor_id, actor_label, action, object_type, object_id, object_repr, changes, "
        "nonce, entry_hash, seal_hash"
    )
    tamper(
        f"INSERT INTO access_auditentry ({columns}) SELECT {columns} "  # noqa: S608
        "FROM access_auditentry WHERE id = %s",
        [rows[1].id],
    )
    tamper("UPDATE access_auditentry SET seal_hash = '' WHERE seal_position IS NULL", [])
    copy = AuditEntry.objects.order_by("-id").first()

    report = audit_chain_verify()
    assert (report.broken.entry_id, report.broken.reason) == (copy.id, "copy")
    assert report.broken.original_id == rows[1].id
    assert f"het origineel is regel {rows[1].id}" in _verify_fails()
    # Sealed too, it is still a copy.
    audit_seal()
    assert audit_chain_verify().broken.reason == "copy"


def test_rows_left_unsealed_too_long_are_reported(world, settings, time_machine):
    settings.WIJKTEAM_AUDIT_SEAL_WITHIN_SECONDS = 300
    write_rows(world)
    audit_seal()
    time_machine.move_to(AuditEntry.objects.latest("at").at + timedelta(minutes=1), tick=False)
    stuck = write_rows(world, count=1)[0]
    time_machine.shift(timedelta(seconds=299))
    assert audit_chain_verify().late == 0

    time_machine.shift(timedelta(seconds=2))
    report = audit_chain_verify()

    assert report.broken is None
    assert report.late == 4  # the row and the 3 bulk rows written with it
    assert report.oldest_late == stuck.at
    message = _verify_fails()
    assert "4 regels van de audittrail zijn langer dan 300 seconden niet verzegeld" in message
    assert "manage.py audit_seal" in message
    call_command("audit_seal", stdout=StringIO())
    assert audit_chain_verify().late == 0


def test_the_key_matters(world, settings):
    write_rows(world)
    audit_seal()
    settings.WIJKTEAM_AUDIT_KEY = "een andere sleutel"
    first = AuditEntry.objects.get(seal_position=1)
    assert audit_chain_verify().broken.entry_id == first.id


def test_the_seal_command_says_what_it_sealed(world):
    write_rows(world, count=2)
    out = StringIO()

    call_command("audit_seal", stdout=out)

    rows, last_id, last_hash = sealed_head()
    assert f"{rows} regels verzegeld" in out.getvalue()
    assert f"de laatste regel {last_id} met ketenhash {last_hash}" in out.getvalue()


@ONLY_POSTGRESQL
def test_postgresql_refuses_to_change_remove_or_truncate_audit_rows(world):
    row = write_rows(world, count=1)[0]
    audit_seal()
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


@ONLY_POSTGRESQL
def test_postgresql_allows_one_seal_per_row_and_nothing_else(world):
    row = write_rows(world, count=1)[0]
    refused = [
        # A seal with a change of content.
        (
            "UPDATE access_auditentry SET seal_position = 999, seal_hash = 'x', action = 'y' "
            "WHERE id = %s"
        ),
        # Half a seal.
        "UPDATE access_auditentry SET seal_position = 999 WHERE id = %s",
        "UPDATE access_auditentry SET seal_hash = 'x' WHERE id = %s",
        # A change of its content hash or nonce alone.
        "UPDATE access_auditentry SET entry_hash = 'x' WHERE id = %s",
        "UPDATE access_auditentry SET nonce = 'x' WHERE id = %s",
    ]
    for statement in refused:
        with (
            pytest.raises(DatabaseError, match="eenmaal verzegeld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.id])

    audit_seal()  # the one seal is allowed
    sealed = AuditEntry.objects.get(id=row.id)
    assert sealed.seal_position is not None

    for statement in (
        "UPDATE access_auditentry SET seal_position = seal_position + 1000 WHERE id = %s",
        "UPDATE access_auditentry SET seal_hash = 'x' WHERE id = %s",
        "UPDATE access_auditentry SET seal_position = NULL, seal_hash = '' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="eenmaal verzegeld"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [row.id])
    assert AuditEntry.objects.get(id=row.id).seal_hash == sealed.seal_hash
    assert audit_chain_verify().broken is None


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
    audit_seal()
    assert audit_chain_verify().broken is None
