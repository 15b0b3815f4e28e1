"""Benchmark: audit trail appends from 8 threads at once, then sealing and verifying them.

Builds a throw-away database (with DATABASE_URL=postgres://.../NAME it creates and drops
NAME_bench on that server; SQLite writes one transaction at a time, so run it on PostgreSQL),
migrates it, and has THREADS threads each run short transactions for a few seconds. Each
transaction appends one audit row and then holds the transaction open for --work-ms, as an
intake transaction does its other work after writing its audit row. Measured, interleaved over
--rounds rounds (medians):

- floor:     the same transactions without the audit row (the work alone);
- appends:   with the audit row, as audit_record writes it now (one INSERT, no lock);
- old path:  with the audit row written the way it was before sealing, emulated here: the
             advisory lock held until COMMIT and a read of the last row before the INSERT.

Then it seals every row written (rows per second) and verifies the trail (rows per second).

    .venv/bin/python bench/audit_append.py [--threads 8] [--seconds 3] [--rounds 3] [--work-ms 5]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import drop_postgres, recreate_postgres, scratch_database_url  # noqa: E402

OLD_CHAIN_LOCK_ID = 0x57494A4B


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work-ms", type=float, default=5.0)
    args = parser.parse_args()

    url, pg_name = scratch_database_url()
    os.environ.update(
        WIJKTEAM_ENV="development", DATABASE_URL=url, DJANGO_SETTINGS_MODULE="wijkteam.settings"
    )
    if pg_name:
        recreate_postgres(url, pg_name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    try:
        run(args)
    finally:
        if pg_name:
            connection.close()
            drop_postgres(url, pg_name)


def run(args) -> None:
    from django.db import connection, transaction

    from wijkteam.access.audit import _entry, audit_chain_verify, audit_record
    from wijkteam.access.models import AuditEntry
    from wijkteam.access.seal import audit_seal
    from wijkteam.partners.models import Organisation, OrganisationKind

    organisation = Organisation.objects.create(name="Bench", kind=OrganisationKind.GEMEENTE)
    work = args.work_ms / 1000

    def floor(n: int) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            time.sleep(work)

    def append(n: int) -> None:
        with transaction.atomic():
            audit_record(actor=None, action="bench", instance=organisation, changes={"n": n})
            time.sleep(work)

    def old_path(n: int) -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [OLD_CHAIN_LOCK_ID])
            AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
            _entry(None, "bench", organisation, {"n": n}).save(force_insert=True)
            time.sleep(work)

    def measure(body) -> float:
        """Transactions per second from all threads together."""
        done = [0] * args.threads
        deadline = time.perf_counter() + args.seconds

        def worker(index: int) -> None:
            try:
                while time.perf_counter() < deadline:
                    body(done[index])
                    done[index] += 1
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(done) / (time.perf_counter() - started)

    rates: dict[str, list[float]] = {"floor": [], "appends": [], "old path": []}
    for _round in range(args.rounds):
        rates["floor"].append(measure(floor))
        rates["appends"].append(measure(append))
        rates["old path"].append(measure(old_path))

    print(f"database:            {connection.vendor}")
    print(f"threads:             {args.threads}, {args.work_ms:g} ms of other work a transaction")
    print(f"rounds:              {args.rounds} x {args.seconds:g} s each, interleaved (medians)")
    floor_rate = statistics.median(rates["floor"])
    for label, values in rates.items():
        rate = statistics.median(values)
        print(f"{label:<20} {rate:>8,.0f} transactions/s   {rate / floor_rate:>5.2f} x floor")

    rows = AuditEntry.objects.count()
    started = time.perf_counter()
    sealed = audit_seal()
    seal_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = audit_chain_verify()
    verify_seconds = time.perf_counter() - started
    assert report.broken is None and report.sealed == rows == sealed, report
    print(
        f"sealed:              {sealed:,} rows in {seal_seconds:.2f} s "
        f"({sealed / seal_seconds:,.0f} rows/s)"
    )
    print(
        f"verified:            {rows:,} rows in {verify_seconds:.2f} s "
        f"({rows / verify_seconds:,.0f} rows/s)"
    )


if __name__ == "__main__":
    main()
