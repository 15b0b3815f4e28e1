"""Benchmark: the team inbox and the organisation list at a million signals.

Builds a throw-away database (SQLite file by default; with DATABASE_URL=postgres://.../NAME it
creates and drops NAME_bench on that server), loads the Veenendaal demo, adds N signals spread
over the six wijken, and times full page requests (view, queries and template) through
Django's test client. Prints the median and worst of several runs per page; changes nothing else.

    .venv/bin/python bench/inbox.py [--signals 1000000] [--runs 7]
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import analyze, demo_database, time_pages  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signals", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    with demo_database():
        run(args)


def run(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from wijkteam.areas.models import Neighbourhood
    from wijkteam.partners.models import Team, User
    from wijkteam.signals.models import Category, Channel, LocationStatus, Signal

    started = time.perf_counter()
    generator = random.Random(1)
    teams = list(Team.objects.select_related("district"))
    buurten = {
        team.pk: list(Neighbourhood.objects.filter(district=team.district)) for team in teams
    }
    categories = list(Category.objects.filter(parent__isnull=False, sensitivity="team"))
    organisations = {
        team.pk: [p.organisation for p in team.team_partners.select_related("organisation")]
        for team in teams
    }
    channels = [Channel.RESIDENT_WEB, Channel.FIELD, Channel.PHONE, Channel.PARTNER]
    now = timezone.now()
    batch = []
    for number in range(args.signals):
        team = generator.choice(teams)
        buurt = generator.choice(buurten[team.pk])
        batch.append(
            Signal(
                reference=f"B-{number:08d}",
                category=(category := generator.choice(categories)),
                main_category_id=category.parent_id,
                description=f"Benchmarkmelding {number}",
                channel=generator.choice(channels),
                receiving_organisation=generator.choice(organisations[team.pk]),
                created_at=now - timedelta(minutes=number),
                sensitivity="team",
                team=team,
                district_id=team.district_id,
                neighbourhood=buurt,
                location_status=LocationStatus.RESOLVED,
            )
        )
        if len(batch) == 5000:
            Signal.objects.bulk_create(batch)
            batch = []
    Signal.objects.bulk_create(batch)
    analyze()
    print(f"database:            {connection.vendor}")
    loaded = time.perf_counter() - started
    print(f"signals:             {Signal.objects.count():,} (loaded in {loaded:,.0f} s)")

    client = Client()
    client.force_login(User.objects.get(email="wijkmanager.zuidoost@gemeente.example"))
    corporation = Client()
    corporation.force_login(User.objects.get(email="wijkconsulent.zuidoost@veenvesters.example"))
    buurt = "BU03450200"
    own_signal = Signal.objects.filter(
        team__district__code="WK034502", sensitivity="team"
    ).values_list("reference", flat=True)[0]
    pages = [
        ("team inbox, page 1", client, "/meldingen/wijk/WK034502/", {}),
        (
            "team inbox, main category",
            client,
            "/meldingen/wijk/WK034502/",
            {"categorie": "vervuiling"},
        ),
        (
            "team inbox, subcategory",
            client,
            "/meldingen/wijk/WK034502/",
            {"categorie": "overlast-geluid"},
        ),
        ("team inbox, buurt", client, "/meldingen/wijk/WK034502/", {"buurt": buurt}),
        ("team inbox, channel", client, "/meldingen/wijk/WK034502/", {"kanaal": "field"}),
        (
            "team inbox, date range",
            client,
            "/meldingen/wijk/WK034502/",
            {
                "van": (now - timedelta(days=300)).date().isoformat(),
                "tot": (now - timedelta(days=200)).date().isoformat(),
            },
        ),
        ("team inbox, page 100", client, "/meldingen/wijk/WK034502/", {"pagina": 100}),
        ("organisation list", corporation, "/meldingen/", {}),
        ("signal page", client, f"/meldingen/{own_signal}/", {}),
    ]
    time_pages(pages, args.runs)


if __name__ == "__main__":
    main()
