"""Benchmark: a corporation's monthly rent-arrears file, imported as the web page and the
background worker do it.

Builds a throw-away database with the Veenendaal demo (with DATABASE_URL=postgres://.../NAME a
scratch database NAME_bench on that server, created fresh and dropped afterwards; without it a
temporary SQLite file), starts a local stand-in for PDOK's Locatieserver (a real HTTP server on
127.0.0.1 answering in PDOK's format, tests/pdok_fake.py) and times three imports of N rows:

1. the first import: N tenants at N addresses, all new (every address looked up over HTTP);
2. next month's file: the same tenants, of whom ``--changed`` (5%) changed: four in five of
   those owe another amount for another number of months, one in five is a new arrears signal
   (a new reference) at an address the first import already knew;
3. next month's file once more, unchanged: it must change nothing.

Before each import the database's statistics are brought up to date (ANALYZE), as autovacuum
keeps them in a live database between one month's file and the next.

Each upload (the check of the whole file the web page does) and each worker run is its own
process, so that the peak memory printed (the process's peak resident set size, VmHWM) is
that of one step alone. The floor is the same figure for a process that only starts Django
and asks the database one question, measured in the same run. Changes nothing outside the
scratch database.

    .venv/bin/python bench/arrears_import.py [--rows 100000] [--changed 0.05] [--keep]

``--keep`` leaves the PostgreSQL scratch database for a look afterwards; BENCH_PROFILE=FILE
writes a cProfile of each worker run to FILE-<import id>.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RENT_ADMINISTRATION = "huuradministratie@veenvesters.example"
HEADER = "referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum;stap_contact\n"
# One made-up street per postcode, 1,000 numbers each, in a postcode area the demo's address
# register does not hold (so that the first import asks the Locatieserver), on a line through
# the demo's Engelenburg.
NUMBERS_PER_POSTCODE = 1000
LINE = ((52.0203, 5.5545), (52.0158, 5.5625))


def postcode_of(index: int) -> str:
    block = index // NUMBERS_PER_POSTCODE
    return f"3909{chr(65 + block // 26)}{chr(65 + block % 26)}"


def number_of(index: int) -> int:
    return index % NUMBERS_PER_POSTCODE + 1


def point_of(index: int) -> tuple[float, float]:
    (lat_a, lon_a), (lat_b, lon_b) = LINE
    share = (index % 997) / 997
    side = ((index // 997) % 5 - 2) * 0.00003
    return lat_a + share * (lat_b - lat_a) + side, lon_a + share * (lon_b - lon_a) + side


def row_line(index: int, reference: str, amount: str, months: int) -> str:
    return (
        f"{reference};Huurder {index};Benchstraat;{number_of(index)};{postcode_of(index)};"
        f"{amount};{months};02-11-2026;20-10-2026\n"
    )


def write_files(folder: Path, rows: int, changed: float) -> tuple[Path, Path]:
    first, second = folder / "maand-1.csv", folder / "maand-2.csv"
    changed_every = max(1, round(1 / changed)) if changed else 0
    with first.open("w") as one, second.open("w") as two:
        one.write(HEADER)
        two.write(HEADER)
        for index in range(rows):
            reference, amount, months = f"HA-{index:06d}", f"{100 + index},50", 1 + index % 6
            one.write(row_line(index, reference, amount, months))
            if changed_every and index % changed_every == 0:
                if (index // changed_every) % 5 == 4:
                    reference = f"HB-{index:06d}"  # a new arrears signal at a known address
                else:
                    amount, months = f"{150 + index},25", months + 1
            two.write(row_line(index, reference, amount, months))
    return first, second


class SyntheticAddresses:
    """The fake Locatieserver's address book for any number of rows, made on demand from the
    query ("3909AB 5") instead of held as N documents."""

    def get(self, query: str):
        from tests.pdok_fake import address_doc

        try:
            postcode, number = query.upper().split()
            block = (ord(postcode[4]) - 65) * 26 + ord(postcode[5]) - 65
            index = block * NUMBERS_PER_POSTCODE + int(number) - 1
        except (ValueError, IndexError):
            return None
        if not postcode.startswith("3909") or not 1 <= int(number) <= NUMBERS_PER_POSTCODE:
            return None
        lat, lon = point_of(index)
        return address_doc(
            street="Benchstraat",
            number=int(number),
            postcode=postcode,
            city="Veenendaal",
            lat=lat,
            lon=lon,
            buurtcode="BU03450200",
            wijkcode="WK034502",
            bag_id=f"0345209{index:09d}",
        )


def child(step: str, argument: str) -> None:
    """One step in a process of its own; prints its figures as one line of JSON."""
    import django

    django.setup()
    from wijkteam.partners.models import User
    from wijkteam.signals.models import ArrearsImport

    started = time.perf_counter()
    result: dict = {}
    if step == "floor":
        User.objects.filter(email=RENT_ADMINISTRATION).exists()
    elif step == "upload":
        from wijkteam.intake.arrears.upload import arrears_import_start

        user = User.objects.get(email=RENT_ADMINISTRATION)
        raw = Path(argument).read_bytes()
        started = time.perf_counter()
        job = arrears_import_start(actor=user, file_name=Path(argument).name, raw=raw)
        result["import_id"] = job.pk
    elif step == "run":
        from wijkteam.intake.arrears.batch import arrears_import_run

        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            cProfile.runctx(
                "arrears_import_run(import_id=int(argument))",
                globals(),
                locals(),
                filename=f"{os.environ['BENCH_PROFILE']}-{argument}",
            )
        else:
            arrears_import_run(import_id=int(argument))
        job = ArrearsImport.objects.get(pk=int(argument))
        result.update(
            status=job.status,
            created=job.created_count,
            updated=job.updated_count,
            unchanged=job.unchanged_count,
            rejected=job.rejected_count,
        )
    result["seconds"] = time.perf_counter() - started
    result["peak_mb"] = peak_memory_mb()
    print(json.dumps(result))


def peak_memory_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM is of this program alone: getrusage's
    maximum would also count the parent this process was forked from (it survives exec)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(step: str, argument: str = "") -> dict:
    completed = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--child", step, argument],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"{step} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--changed", type=float, default=0.05)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL scratch database")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    import bench.scratch
    from bench.scratch import analyze, demo_database, scratch_database_url
    from tests.pdok_fake import FakeLocatieserver

    folder = Path(tempfile.mkdtemp())
    first, second = write_files(folder, args.rows, args.changed)
    fake = FakeLocatieserver()
    fake.addresses = SyntheticAddresses()
    os.environ["WIJKTEAM_PDOK_LOCATIESERVER_URL"] = fake.url
    os.environ["WIJKTEAM_PDOK_TIMEOUT"] = "3"
    # As in production: no query log (debug mode keeps every query's SQL and times it).
    os.environ["DJANGO_DEBUG"] = "false"
    database = "PostgreSQL" if scratch_database_url()[1] else "SQLite"
    if args.keep:
        bench.scratch.drop_postgres = lambda url, name: print(f"kept {url}")
    print(
        f"arrears import, {args.rows:,} rows ({first.stat().st_size / 1e6:.1f} MB), "
        f"{args.changed:.0%} changed next month, {database}"
    )
    with demo_database():
        from django.db import connection

        connection.close()  # the children have the database to themselves
        floor = run_child("floor")
        print(
            f"floor: a process that starts Django and asks one query peaks at "
            f"{floor['peak_mb']:.0f} MB"
        )
        print(
            f"{'import':<16} {'upload':>8} {'worker':>8} {'total':>8} {'rows/s':>8} "
            f"{'upload MB':>10} {'worker MB':>10} {'PDOK asked':>10}  result"
        )
        for label, path in (
            ("first", first),
            ("next month", second),
            ("same again", second),
        ):
            # The database's statistics as autovacuum keeps them between a month's imports.
            analyze()
            connection.close()
            asked = len(fake.requests)
            upload = run_child("upload", str(path))
            run = run_child("run", str(upload["import_id"]))
            total = upload["seconds"] + run["seconds"]
            print(
                f"{label:<16} {upload['seconds']:>7.1f}s {run['seconds']:>7.1f}s "
                f"{total:>7.1f}s {args.rows / total:>8,.0f} {upload['peak_mb']:>10.0f} "
                f"{run['peak_mb']:>10.0f} {len(fake.requests) - asked:>10,}  "
                f"{run['status']}: {run['created']:,} new, {run['updated']:,} updated, "
                f"{run['unchanged']:,} unchanged, {run['rejected']:,} rejected",
                flush=True,
            )
    fake.stop()


if __name__ == "__main__":
    main()
