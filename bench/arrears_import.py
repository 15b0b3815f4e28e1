"""Benchmark: importing a CSV of rent-arrears rows, as the background worker does.

Builds a throw-away SQLite database with the Veenendaal demo, generates a CSV of N rows and
times the import twice: with every address looked up over HTTP at a local Locatieserver
stand-in (a real server on 127.0.0.1 answering in PDOK's format), and re-importing the same
file (which must change nothing). Prints the figures; changes nothing else.

    .venv/bin/python bench/arrears_import.py [--rows 1000]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.update(
        WIJKTEAM_ENV="development",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="wijkteam.settings",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tests.pdok_fake import FakeLocatieserver
    from wijkteam.intake.arrears.batch import arrears_import_run
    from wijkteam.intake.arrears.upload import arrears_import_start
    from wijkteam.partners.models import User
    from wijkteam.signals.models import ArrearsImport

    call_command("migrate", verbosity=0)
    call_command("demo_data", "--quiet-accounts", verbosity=0)
    user = User.objects.get(email="huuradministratie@veenvesters.example")

    fake = FakeLocatieserver()
    header = "referentie;naam;straat;huisnummer;postcode;bedrag;maanden;datum;stap_contact\n"
    lines = []
    for number in range(args.rows):
        house = number + 1
        fake.add(
            f"3901HC {house}",
            street="Spanjaardsgoed",
            number=house,
            postcode="3901HC",
            city="Veenendaal",
            lat=52.0195 + (number % 40) * 0.00005,
            lon=5.5545 + (number // 40) * 0.00005,
            buurtcode="BU03450200",
            wijkcode="WK034502",
            bag_id=f"0345200{number:09d}",
        )
        lines.append(
            f"HA-{number:05d};Huurder {number};Spanjaardsgoed;{house};3901 HC;"
            f"{100 + number},50;{1 + number % 6};02-11-2026;20-10-2026\n"
        )
    content = (header + "".join(lines)).encode()
    # The intake function asks the Locatieserver of the settings: the local fake here.
    settings.PDOK_LOCATIESERVER_URL = fake.url
    settings.PDOK_TIMEOUT_SECONDS = 3

    for label in ("first import", "same file again"):
        started = time.perf_counter()
        job = arrears_import_start(actor=user, file_name="bench.csv", raw=content)
        arrears_import_run(import_id=job.pk)
        elapsed = time.perf_counter() - started
        job = ArrearsImport.objects.get(pk=job.pk)
        print(
            f"{label:<18} {args.rows:,} rows in {elapsed:6.1f} s "
            f"({args.rows / elapsed:,.0f} rows/s): {job.created_count} new, "
            f"{job.updated_count} updated, {job.unchanged_count} unchanged, "
            f"{job.rejected_count} rejected"
        )
    print(f"address lookups over HTTP: {len(fake.requests):,}")
    fake.stop()


if __name__ == "__main__":
    main()
