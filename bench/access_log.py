"""Benchmark: the privacy officer's access log search at a million logged views.

Builds a throw-away database (SQLite file by default; with DATABASE_URL=postgres://.../NAME it
creates and drops NAME_bench on that server), loads the Veenendaal demo, adds N access log rows
by the demo's staff over a year (a few thousand of them on one demo case, the rest spread over
a hundred thousand records), and times full page requests through Django's test client.
Prints the median and worst of several runs per search; changes nothing else.

    .venv/bin/python bench/access_log.py [--entries 1000000] [--runs 7]
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import analyze, demo_database, time_pages  # noqa: E402

# Views of the one case whose viewers are summed up: a case that many people opened often.
HOT_CASE_VIEWS = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with demo_database():
        run(args)


def run(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from wijkteam.access.models import AccessLogEntry
    from wijkteam.cases.models import Case
    from wijkteam.partners.models import User

    started = time.perf_counter()
    generator = random.Random(1)
    staff = list(User.objects.filter(organisation__isnull=False).select_related("organisation"))
    hot_case = Case.objects.order_by("id").first()
    searched = User.objects.get(email="wijkmanager.zuidoost@gemeente.example")
    now = timezone.now()
    year = 365 * 24 * 60
    batch = []
    for number in range(args.entries):
        user = generator.choice(staff)
        hot = number % (args.entries // HOT_CASE_VIEWS or 1) == 0
        batch.append(
            AccessLogEntry(
                at=now - timedelta(minutes=generator.randrange(year)),
                user=user,
                user_label=user.full_name,
                organisation=user.organisation,
                record_type="cases.case",
                record_id=str(hot_case.pk if hot else number),
                reference=hot_case.reference if hot else f"Z-B-{number % 100_000:06d}",
                sensitivity="case_partners",
                route="cases:detail",
                path="/casussen/benchmark/",
            )
        )
        if len(batch) == 5000:
            AccessLogEntry.objects.bulk_create(batch)
            batch = []
    AccessLogEntry.objects.bulk_create(batch)
    analyze()
    print(f"database:            {connection.vendor}")
    loaded = time.perf_counter() - started
    print(f"access log rows:     {AccessLogEntry.objects.count():,} (loaded in {loaded:,.0f} s)")

    client = Client()
    client.force_login(User.objects.get(email="privacy@gemeente.example"))
    path = "/privacy/toegangslog/"
    month_ago = (now - timedelta(days=30)).date().isoformat()
    searches = [
        ("who saw this case", {"nummer": hot_case.reference}),
        ("who saw this case, page 20", {"nummer": hot_case.reference, "pagina": 20}),
        ("what did this user see", {"gebruiker": searched.email}),
        ("this user, last month", {"gebruiker": searched.email, "van": month_ago}),
        ("this user, page 100", {"gebruiker": searched.email, "pagina": 100}),
        ("this user on this case", {"gebruiker": searched.email, "nummer": hot_case.reference}),
    ]
    time_pages([(label, client, path, params) for label, params in searches], args.runs)


if __name__ == "__main__":
    main()
