"""The arrears import's bulk path: it registers what the form's single path registers, in a
number of queries that does not grow with the rows, and a worker stopped half-way and run again
imports, reports and counts every row once."""

import re
from collections import Counter
from dataclasses import replace

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.intake.test_arrears import FIXTURES, another_submit_in_between
from wijkteam.access.audit import audit_chain_verify
from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import Case, CaseEvent
from wijkteam.cases.steps import case_refresh_shares
from wijkteam.intake.arrears import bulk
from wijkteam.intake.arrears.batch import arrears_import_run
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.intake.arrears.upsert import arrears_upsert
from wijkteam.signals.arrears_csv.reader import parse_arrears_csv
from wijkteam.signals.models import (
    ArrearsImport,
    ArrearsImportRow,
    Category,
    Channel,
    ImportResult,
    ImportStatus,
    Signal,
    SignalEvent,
)

HEADER = (
    "referentie;naam;straat;huisnummer;toevoeging;postcode;plaats;bedrag;maanden;datum;"
    "stap_contact;stap_schuldhulp;stap_aanmaning;stap_geen_bezwaar\n"
)
# Two signals at one address (one case), one at the address of an open case the corporation
# shares with the gemeente, an address PDOK does not know, one changed and one unchanged signal
# of before, and one at a new address again.
ROWS = (
    "HA-11;J. de Vries;Kerkewijk;112;;3901 EG;Veenendaal;1.234,56;3;02-06-2025;12-05-2025;;;\n"
    "HA-12;M. de Vries;Kerkewijk;112;;3901EG;Veenendaal;99,00;1;03-06-2025;;;;\n"
    "HA-13;M. Bakker;Hoofdstraat;5;A;3901aa;Veenendaal;845,00;2;3-6-2025;15-5-2025;;;\n"
    "HA-14;K. Nergens;Nergensweg;1;;9999 ZZ;Nergens;10,00;1;01-06-2025;;;;\n"
    "HA-15;P. Jansen;Zandstraat;7;2hoog;3905EA;;412.50;1;2025-06-05;;;;\n"
    "HA-16;A. Eerder;Prins Bernhardlaan;40;;3902 JS;Veenendaal;300,00;4;06-06-2025;;;;\n"
    "HA-17;B. Eerder;Kerkewijk;10;;3901 EG;Veenendaal;50,00;1;06-06-2025;;;;\n"
    "HA-18;C. Later;Zandstraat;8;B;3905EA;Veenendaal;75,25;2;06-06-2025;;;;\n"
)
BEFORE = (
    # An open case at Zandstraat 7-2hoog, which the corporation involved the gemeente in.
    "HA-05;Q. Eerder;Zandstraat;7;2hoog;3905EA;;600,00;2;2025-05-05;;;;\n"
    # HA-16 changes (amount and months), HA-17 does not.
    "HA-16;A. Eerder;Prins Bernhardlaan;40;;3902 JS;Veenendaal;250,00;3;06-06-2025;;;;\n"
    "HA-17;B. Eerder;Kerkewijk;10;;3901 EG;Veenendaal;50,00;1;06-06-2025;;;;\n"
)


def rows_of(text: str):
    return parse_arrears_csv(raw=(HEADER + text).encode(), today=timezone.localdate()).rows


@pytest.fixture
def before(world, addresses):
    """Signals the corporation registered earlier, through the single path."""
    for row in rows_of(BEFORE):
        arrears_upsert(
            actor=world.rent_admin,
            organisation=world.corporatie,
            row=row,
            channel=Channel.ARREARS_FORM,
        )
    case = Case.objects.get(links__signal__external_reference="HA-05")
    case.involved.add(world.gemeente)
    # As every service that changes a case's partners does: its signals are shared with them.
    case_refresh_shares(actor=world.rent_admin, case=case)
    return case


def form_data(row) -> dict:
    steps = {
        name: getattr(row, name).isoformat() if getattr(row, name) else ""
        for name in (
            "contact_attempted_on",
            "debt_help_pointed_on",
            "written_reminder_on",
            "no_objection_on",
        )
    }
    return {
        "external_reference": row.external_reference,
        "tenant_name": row.tenant_name,
        "street": row.street,
        "house_number": str(row.house_number),
        "house_number_addition": row.house_number_addition,
        "postcode": row.postcode,
        "city": row.city,
        "amount": f"{row.amount:.2f}".replace(".", ","),
        "months": str(row.months),
        "signal_date": row.signal_date.isoformat(),
        **steps,
    }


def snapshot(since: dict) -> dict:
    """What a scenario registered, with the numbers it drew replaced by what they stand for,
    so that two scenarios compare (the sequences do not roll back)."""
    signals = Signal.objects.filter(pk__gt=since["signal"]).select_related("arrears")
    changed = Signal.objects.filter(
        pk__lte=since["signal"], events__pk__gt=since["signal_event"]
    ).distinct()
    names = {
        signal.reference: f"melding {signal.external_reference}" for signal in Signal.objects.all()
    }
    for case in Case.objects.prefetch_related("links__signal"):
        members = sorted(link.signal.external_reference for link in case.links.all())
        names[case.reference] = "casus " + "+".join(members)

    def plain(value):
        text = re.sub(r"[MZ]-\d{4}-\d{5}", lambda match: names[match.group()], str(value))
        for channel in (Channel.ARREARS_FORM, Channel.ARREARS_IMPORT):
            text = text.replace(str(channel.label), "huuradministratie")
            text = text.replace(f"'{channel.value}'", "'huuradministratie'")
        return text

    details = (
        "tenant_name",
        "amount",
        "months",
        "signal_date",
        "contact_attempted_on",
        "debt_help_pointed_on",
        "written_reminder_on",
        "no_objection_on",
    )
    return {
        "signals": {
            signal.external_reference: (
                signal.status,
                signal.sensitivity,
                signal.receiving_organisation_id,
                signal.created_by_id,
                signal.team_id,
                signal.district_id,
                signal.neighbourhood_id,
                signal.location_status,
                (signal.street, signal.house_number, signal.house_number_addition),
                (signal.postcode, signal.city, signal.bag_id, signal.latitude, signal.longitude),
                (signal.is_tenant, signal.is_urgent, signal.description),
                tuple(getattr(signal.arrears, name) for name in details),
                sorted(signal.shared_with.values_list("pk", flat=True)),
                plain(signal.case_link.case.reference) if hasattr(signal, "case_link") else None,
            )
            for signal in signals
        },
        "changed signals": sorted(s.external_reference for s in changed),
        "details": sorted(
            (signal.external_reference, tuple(getattr(signal.arrears, n) for n in details))
            for signal in Signal.objects.select_related("arrears")
        ),
        "cases": sorted(
            (
                plain(case.reference),
                case.status,
                case.lead_id,
                case.lead_basis,
                case.sensitivity,
                case.bag_id,
                case.address_key,
                case.is_urgent,
                case.source_organisation_id,
                sorted(case.involved.values_list("pk", flat=True)),
            )
            for case in Case.objects.all()
        ),
        "signal events": Counter(
            (
                plain(event.signal.reference),
                event.kind,
                plain(event.text),
                plain(event.public_text),
                plain(event.message),
                plain(event.public_message),
                event.actor_id,
                event.actor_label,
            )
            for event in SignalEvent.objects.filter(pk__gt=since["signal_event"])
        ),
        "case events": Counter(
            (plain(event.case.reference), event.kind, plain(event.text), plain(event.message))
            for event in CaseEvent.objects.filter(pk__gt=since["case_event"])
        ),
        "audit": Counter(
            (
                entry.action,
                entry.object_type,
                plain(entry.object_repr),
                plain(entry.changes),
                entry.actor_id,
            )
            for entry in AuditEntry.objects.filter(pk__gt=since["audit"]).exclude(
                object_type="signals.arrearsimport"
            )
        ),
    }


def outcome(scenario) -> dict:
    """Run a scenario and take it back, keeping only what it registered."""
    since = {
        "signal": Signal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
        "signal_event": SignalEvent.objects.order_by("-pk").values_list("pk", flat=True).first(),
        "case_event": CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first(),
        "audit": AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first(),
    }
    with transaction.atomic():
        scenario()
        assert audit_chain_verify().broken is None
        taken = snapshot(since)
        transaction.set_rollback(True)
    return taken


def test_the_import_registers_what_the_form_registers(client, world, before, addresses):
    rows = rows_of(ROWS)
    client.force_login(world.rent_admin)

    def by_form():
        for row in rows:
            client.post(reverse("intake:arrears_new"), form_data(row))

    def by_import():
        job = arrears_import_start(
            actor=world.rent_admin, file_name="ha.csv", raw=(HEADER + ROWS).encode()
        )
        arrears_import_run(import_id=job.pk)
        job.refresh_from_db()
        assert (job.created_count, job.updated_count, job.unchanged_count) == (5, 1, 1)
        assert job.rejected_count == 1

    typed, imported = outcome(by_form), outcome(by_import)

    assert imported == typed
    # The scenario holds what it is meant to: a joined new case, a joined open case shared
    # with the gemeente, an update, and the unknown address refused.
    assert typed["signals"]["HA-12"][-1] == "casus HA-11+HA-12"
    assert typed["signals"]["HA-15"][-1] == "casus HA-05+HA-15"
    assert typed["signals"]["HA-15"][-2] == [world.gemeente.pk]
    assert "HA-14" not in typed["signals"]
    assert typed["changed signals"] == ["HA-16"]


def test_a_file_registered_again_changes_nothing(world, addresses):
    raw = (HEADER + ROWS).encode()
    arrears_import_run(
        import_id=arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=raw).pk
    )
    counts = (Signal.objects.count(), Case.objects.count(), AuditEntry.objects.count())

    job = arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=raw)
    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 7)
    # Only the import's own rows were added to the trail (started, running, done).
    assert (Signal.objects.count(), Case.objects.count(), AuditEntry.objects.count()) == (
        counts[0],
        counts[1],
        counts[2] + 3,
    )


def big_file(rows: int, *, offset: int = 0) -> bytes:
    """``rows`` rows at the fixture's addresses (so a few cases), changing nothing of each
    other."""
    places = [
        ("Kerkewijk", 112, "", "3901EG"),
        ("Hoofdstraat", 5, "A", "3901AA"),
        ("Zandstraat", 7, "2hoog", "3905EA"),
        ("Prins Bernhardlaan", 40, "", "3902JS"),
    ]
    lines = []
    for number in range(offset, offset + rows):
        street, house, addition, postcode = places[number % len(places)]
        lines.append(
            f"HB-{number:05d};Huurder {number};{street};{house};{addition};{postcode};Veenendaal;"
            f"{100 + number},50;{1 + number % 6};01-06-2025;;;;\n"
        )
    return (HEADER + "".join(lines)).encode()


@pytest.mark.parametrize("batches", [2, 5])
def test_an_import_asks_the_database_a_fixed_number_of_times_per_batch(
    world, addresses, monkeypatch, django_assert_max_num_queries, batches
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    # Every batch creates signals at known and new addresses: the costliest kind of batch.
    job = arrears_import_start(
        actor=world.rent_admin, file_name="a.csv", raw=big_file(10 * batches)
    )

    # About 35 statements a batch (savepoints included), whatever its size: a query per row
    # would add ten a batch.
    with django_assert_max_num_queries(45 + 36 * batches):
        arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 10 * batches)


@pytest.mark.parametrize("batches", [2, 5])
def test_updating_and_confirming_rows_asks_a_fixed_number_of_times_per_batch(
    world, addresses, monkeypatch, django_assert_max_num_queries, batches
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    raw = big_file(10 * batches)
    arrears_import_run(
        import_id=arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=raw).pk
    )
    # Next month: every other row owes more.
    changed = raw.decode().replace(",50;", ",75;", 5 * batches).encode()
    job = arrears_import_start(actor=world.rent_admin, file_name="b.csv", raw=changed)

    with django_assert_max_num_queries(35 + 14 * batches):
        arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.updated_count, job.unchanged_count) == (5 * batches, 5 * batches)


class Killed(BaseException):
    """A worker stopped from outside (not an error the task would mark the import failed
    for)."""


def test_a_worker_stopped_half_way_imports_every_row_once_when_it_runs_again(
    world, addresses, monkeypatch
):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    raw = big_file(45)
    # Two rows the file itself refuses: a reference again, and a bad amount.
    raw += b"HB-00003;Dubbel;Kerkewijk;112;;3901EG;Veenendaal;10,00;1;01-06-2025;;;;\n"
    raw += b"HB-09999;Fout;Kerkewijk;112;;3901EG;Veenendaal;veel;1;01-06-2025;;;;\n"
    job = arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=raw)
    real_report = bulk.report_rows
    batches = []

    def stopped_in_the_third_batch(job, outcomes, **kwargs):
        real_report(job, outcomes, **kwargs)
        batches.append(len(outcomes))
        if len(batches) == 3:
            raise Killed  # in the middle of the batch's transaction: it is taken back

    monkeypatch.setattr(bulk, "report_rows", stopped_in_the_third_batch)
    with pytest.raises(Killed):
        arrears_import_run(import_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count) == (ImportStatus.RUNNING, 20, 20)
    assert ArrearsImportRow.objects.filter(job=job).count() == 20

    monkeypatch.setattr(bulk, "report_rows", real_report)
    arrears_import_run(import_id=job.pk)
    arrears_import_run(import_id=job.pk)  # and once more, finished: nothing

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert (job.processed_rows, job.created_count, job.rejected_count) == (47, 45, 2)
    rows = ArrearsImportRow.objects.filter(job=job)
    assert rows.count() == 47
    assert sorted(rows.values_list("line", flat=True)) == list(range(2, 49))
    assert Signal.objects.filter(external_reference__startswith="HB-").count() == 45
    duplicate = rows.get(line=47)
    assert duplicate.result == ImportResult.REJECTED
    assert "komt al voor op regel 5" in duplicate.messages[0]
    created = AuditEntry.objects.filter(object_type="signals.signal", action="create")
    assert created.count() == 45
    trail = list(
        AuditEntry.objects.filter(object_type="signals.arrearsimport")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert trail == ["import_started", "status", "resume", "status"]
    assert audit_chain_verify().broken is None


def test_an_import_someone_else_finished_stops_at_the_next_batch(world, addresses, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    job = arrears_import_start(actor=world.rent_admin, file_name="a.csv", raw=big_file(30))
    real_report = bulk.report_rows

    def failed_meanwhile(job, outcomes, **kwargs):
        real_report(job, outcomes, **kwargs)
        ArrearsImport.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED)

    monkeypatch.setattr(bulk, "report_rows", failed_meanwhile)
    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportStatus.FAILED, 10)


def test_the_fixture_files_import_alike_in_any_batch_size(world, addresses, monkeypatch):
    raw = (FIXTURES / "mixed.csv").read_bytes()
    results = []
    for size in (1, 2, 500):
        monkeypatch.setattr(bulk, "BATCH_SIZE", size)
        with transaction.atomic():
            job = arrears_import_start(actor=world.rent_admin, file_name="m.csv", raw=raw)
            arrears_import_run(import_id=job.pk)
            results.append(
                list(
                    ArrearsImportRow.objects.filter(job=job)
                    .order_by("line")
                    .values_list("line", "reference", "result", "messages")
                )
            )
            transaction.set_rollback(True)
    assert results[0] == results[1] == results[2]
    assert [result for _line, _ref, result, _m in results[0]].count(ImportResult.REJECTED) == 3


@pytest.mark.parametrize("name", ["windows-1252.csv", "good.csv", "comma.csv"])
def test_the_stored_file_reads_the_same_in_parts_of_any_size(world, pdok, monkeypatch, name):
    from wijkteam.intake.arrears import content

    pdok.down = True  # this is about reading the file
    raw = (FIXTURES / name).read_bytes()
    raw = raw.replace(b"J. de Vries", "Zoë Ïcke".encode()) if name == "good.csv" else raw
    reports = []
    for chunk in (len(raw) + 1, 7, 1):
        monkeypatch.setattr(content, "CHUNK", chunk)
        with transaction.atomic():
            job = arrears_import_start(actor=world.rent_admin, file_name=name, raw=raw)
            arrears_import_run(import_id=job.pk, lookup_addresses=False)
            reports.append(
                (
                    list(job.rows.order_by("line").values_list("line", "reference", "result")),
                    sorted(
                        Signal.objects.filter(pk__in=job.rows.values("signal_id")).values_list(
                            "arrears__tenant_name", flat=True
                        )
                    ),
                )
            )
            transaction.set_rollback(True)
    assert reports[0] == reports[1] == reports[2]
    assert reports[0][0] and all(result == ImportResult.CREATED for *_n, result in reports[0][0])
    if name == "good.csv":
        assert "Zoë Ïcke" in reports[0][1]


def test_a_category_the_bulk_path_does_not_place_is_imported_row_by_row(world, addresses):
    # Made urgent by an admin: such signals go to their cases through the single path.
    Category.objects.filter(slug="financieel-huurachterstand").update(is_acute=True)

    job = arrears_import_start(
        actor=world.rent_admin, file_name="good.csv", raw=(FIXTURES / "good.csv").read_bytes()
    )
    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.created_count, job.rejected_count) == (ImportStatus.DONE, 5, 0)
    signals = Signal.objects.filter(external_reference__startswith="HA-2025")
    assert signals.count() == 5
    assert all(signal.is_urgent and signal.case_link for signal in signals)
    assert list(job.rows.values_list("result", flat=True)) == [ImportResult.CREATED] * 5


def test_a_row_imported_row_by_row_that_another_door_registered_meanwhile_updates_it(
    world, addresses, monkeypatch
):
    Category.objects.filter(slug="financieel-huurachterstand").update(is_acute=True)
    first_row = rows_of((FIXTURES / "good.csv").read_text().split("\n", 1)[1])[0]
    other = replace(first_row, months=9)
    registered = another_submit_in_between(monkeypatch, actor=world.rent_admin, row=other)
    job = arrears_import_start(
        actor=world.rent_admin, file_name="good.csv", raw=(FIXTURES / "good.csv").read_bytes()
    )

    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 4, 1)
    first = job.rows.order_by("line").first()
    assert (first.result, first.signal_id) == (ImportResult.UPDATED, registered[0].pk)
    assert Signal.objects.get(pk=registered[0].pk).arrears.months == 3
    assert Signal.objects.filter(external_reference__startswith="HA-2025").count() == 5


def test_a_batch_that_loses_a_reference_to_another_door_while_written_is_written_again(
    world, addresses, monkeypatch
):
    """Another door registers a reference just after the batch looked it up inside its
    transaction (here: before, with the batch's look-ups not seeing it, the race in a fixed
    order); the bulk insert meets the unique index, and the batch is written again, finding it."""
    first_row = rows_of((FIXTURES / "good.csv").read_text().split("\n", 1)[1])[0]
    look_up = bulk.known_signals
    calls = []

    def stale_twice(actor, organisation, references):
        calls.append(len(calls))
        if len(calls) == 1:
            arrears_upsert(
                actor=world.rent_admin,
                organisation=organisation,
                row=replace(first_row, months=9),
                channel=Channel.ARREARS_FORM,
            )
        if len(calls) <= 2:  # before the other door's commit was seen
            return {
                reference: signal
                for reference, signal in look_up(actor, organisation, references).items()
                if reference != first_row.external_reference
            }
        return look_up(actor, organisation, references)

    monkeypatch.setattr(bulk, "known_signals", stale_twice)
    job = arrears_import_start(
        actor=world.rent_admin, file_name="good.csv", raw=(FIXTURES / "good.csv").read_bytes()
    )

    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert len(calls) == 3  # the batch's look-up, its look-up inside the transaction, again
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 4, 1)
    first = job.rows.order_by("line").first()
    assert first.result == ImportResult.UPDATED
    assert Signal.objects.get(pk=first.signal_id).arrears.months == 3
    assert Signal.objects.filter(external_reference__startswith="HA-2025").count() == 5
    assert job.rows.count() == 5


def test_a_batch_that_loses_references_to_another_door_twice_in_a_row_still_finishes(
    world, addresses, monkeypatch
):
    """As above, but the batch's second attempt loses another reference in its turn: it is
    written a third time, and every row is reported once, as the single path would have."""
    first_row, second_row = rows_of((FIXTURES / "good.csv").read_text().split("\n", 1)[1])[:2]
    look_up = bulk.known_signals
    calls = []

    def stale(actor, organisation, references):
        calls.append(len(calls))
        if len(calls) == 1:
            for row in (first_row, second_row):
                arrears_upsert(
                    actor=world.rent_admin,
                    organisation=organisation,
                    row=replace(row, months=9),
                    channel=Channel.ARREARS_FORM,
                )
        # The first is seen from the second attempt on, the second from the third.
        hidden = {first_row.external_reference} if len(calls) <= 2 else set()
        if len(calls) <= 3:
            hidden.add(second_row.external_reference)
        return {
            reference: signal
            for reference, signal in look_up(actor, organisation, references).items()
            if reference not in hidden
        }

    monkeypatch.setattr(bulk, "known_signals", stale)
    job = arrears_import_start(
        actor=world.rent_admin, file_name="good.csv", raw=(FIXTURES / "good.csv").read_bytes()
    )

    arrears_import_run(import_id=job.pk)

    job.refresh_from_db()
    assert len(calls) == 4  # the batch's look-up, then one inside each of three attempts
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 3, 2)
    rows = list(job.rows.order_by("line"))
    assert [row.result for row in rows] == [ImportResult.UPDATED] * 2 + [ImportResult.CREATED] * 3
    assert [Signal.objects.get(pk=row.signal_id).arrears.months for row in rows[:2]] == [3, 2]
    assert Signal.objects.filter(external_reference__startswith="HA-2025").count() == 5


def test_a_batch_refused_by_the_database_for_another_reason_is_not_written_again(
    world, addresses, monkeypatch
):
    """Only a reference another door took is worth another attempt: any other refusal fails
    the import at once, as it did before."""
    real_report = bulk.report_rows
    attempts = []

    def refused(job, outcomes, **kwargs):
        attempts.append(len(outcomes))
        real_report(job, outcomes, **kwargs)
        raise IntegrityError("CHECK constraint failed: something else")

    monkeypatch.setattr(bulk, "report_rows", refused)
    job = arrears_import_start(
        actor=world.rent_admin, file_name="good.csv", raw=(FIXTURES / "good.csv").read_bytes()
    )

    with pytest.raises(IntegrityError) as raised:
        arrears_import_run(import_id=job.pk)

    assert not isinstance(raised.value, bulk.ReferenceTaken)
    assert attempts == [5]
    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportStatus.RUNNING, 0)
    assert not Signal.objects.filter(external_reference__startswith="HA-2025").exists()
