"""Benchmark: the staff search at a million signals.

Builds a throw-away database (bench/scratch.py; PostgreSQL with DATABASE_URL=postgres://.../NAME
makes NAME_bench and drops it afterwards) with the Veenendaal demo and N signals in M cases over
five years (bench/wijkbeeld_data.py), then gives them what the search reads: a reference number
like the intake's, a description of a few words, a street out of some hundreds with a house
number and postcode, and for most signals a reporter with a name and an email address
(``enrich``), and rebuilds the planner's statistics.

Then it asks the search page, as a corporation's wijkconsulent (who receives most of the
signals of its wijk, and so may see who reported them) and as a wijkmanager, each kind of query
in turns with a trivial page (/health, the floor), and prints per kind the queries of one
request, the p50 and the p95, and the p50 as a multiple of the floor's. Target: p95 < 100 ms on
PostgreSQL for every kind. It also prints how many rows each query found, so that a fast
answer that found nothing shows.

    .venv/bin/python bench/search.py [--signals 1000000] [--cases 300000] [--rounds 40] [--keep]

--keep (PostgreSQL) leaves the scratch database in place and takes up the one a run kept.
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import analyze, demo_database, measure_pages, world_arguments  # noqa: E402

FIRST_NAMES = ("Jan", "Anna", "Pieter", "Fatima", "Mohamed", "Sanne", "Kees", "Lotte", "Ahmet")
LAST_NAMES = (
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
    "Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "Koster",
)  # fmt: skip
STREET_STARTS = (
    "Kerke", "Molen", "Dorps", "School", "Stations", "Parkwijk", "Beuken", "Eiken", "Linden",
    "Wilgen", "Berken", "Kastanje", "Tulp", "Roos", "Anjer", "Meidoorn", "Vlier", "Hazelaar",
    "Esdoorn", "Populier",
)  # fmt: skip
STREET_ENDS = ("straat", "weg", "laan", "plein", "hof", "singel", "pad", "dreef", "kade", "wijk")
WORDS = (
    "harde muziek", "fietsen in het portiek", "zwerfafval bij de container", "graffiti op de muur",
    "kapotte lantaarnpaal", "jongeren bij het bankje", "hondenpoep op het grasveld",
    "stank uit de kelder", "geluidsoverlast van de buren", "vuilniszakken naast de container",
    "losliggende stoeptegels", "verward gedrag op straat", "auto geparkeerd op de stoep",
)  # fmt: skip


def main() -> None:
    args = world_arguments(__doc__.splitlines()[0], "requests per kind of query")
    with demo_database(keep=args.keep, reuse=args.keep) as fresh:
        from wijkteam.signals.models import Signal

        if fresh or Signal.objects.count() < args.signals // 2:
            build(args.signals, args.cases)
        if Signal.objects.filter(reference__startswith="W-").exists():
            enrich()  # a kept world whose run stopped before its signals were given their text
            analyze()
        ask(args.rounds)


def build(signals: int, cases: int) -> None:
    from django.db import connection

    from bench.wijkbeeld_data import build as build_world

    print(f"database:  {connection.vendor}")
    started = time.perf_counter()
    built = build_world(signals=signals, cases=cases)
    print(
        f"built:     {built.signals:,} signals, {built.cases:,} cases in "
        f"{time.perf_counter() - started:,.0f} s",
        flush=True,
    )


def _sql_array(values) -> str:
    return "ARRAY[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def _pick(array: str, size: int, expression: str) -> str:
    return f"({array})[1 + ({expression}) % {size}]"


def enrich() -> None:
    """What the search reads, on the benchmark's own rows (references W-…, Z-W-…): numbers like
    the intake's, descriptions, addresses and reporters. PostgreSQL in SQL; SQLite row by row
    (for a small world)."""
    from django.db import connection

    streets = [start + end for start in STREET_STARTS for end in STREET_ENDS]
    street = _pick(_sql_array(streets), len(streets), "id / 7")
    words = _pick(_sql_array(WORDS), len(WORDS), "id")
    more = _pick(_sql_array(WORDS), len(WORDS), "id / 13")
    first = _pick(_sql_array(FIRST_NAMES), len(FIRST_NAMES), "id")
    last = _pick(_sql_array(LAST_NAMES), len(LAST_NAMES), "id / 9")
    number = "1 + (id % 180)"
    padded = "lpad(id::text, greatest(5, length(id::text)), '0')"  # as the intake's 00154
    postcode = f"(3900 + (id / 7) % {len(streets)} % 99)::text || 'AB'"
    if connection.vendor != "postgresql":
        raise SystemExit("bench/search.py fills its world in SQL for PostgreSQL only")
    # Every name in these statements is the benchmark's own (the lists above): nothing typed.
    statements = [
        f"UPDATE signals_signal SET reference = 'M-' || extract(year FROM created_at)::int "  # noqa: S608
        f"|| '-' || {padded}, description = initcap({words}) || ', ' || {more}, "
        f"street = {street}, house_number = {number}, postcode = {postcode} "
        "WHERE reference LIKE 'W-%'",
        f"UPDATE cases_case SET reference = 'Z-' || extract(year FROM opened_at)::int || '-' "  # noqa: S608
        f"|| {padded}, summary = initcap({more}), street = {street}, "
        f"house_number = {number}, postcode = {postcode} WHERE reference LIKE 'Z-W-%'",
        "INSERT INTO signals_reporter (signal_id, name, email, phone, is_anonymous, is_primary, "  # noqa: S608
        "language, tracking_token_hash, created_at) "
        f"SELECT id, {first} || ' ' || {last}, lower({first}) || '.' || id || '@example.org', "
        "'', false, true, 'nl', md5('bench-' || id), created_at FROM signals_signal "
        "WHERE reference LIKE 'M-%' AND id % 10 < 6 "
        "AND NOT EXISTS (SELECT 1 FROM signals_reporter r WHERE r.signal_id = signals_signal.id)",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            started = time.perf_counter()
            cursor.execute(statement)
            print(f"enriched:  {cursor.rowcount:,} rows in {time.perf_counter() - started:,.0f} s",
                  flush=True)  # fmt: skip


def ask(rounds: int) -> None:
    from django.db import connection
    from django.test import Client

    from wijkteam.partners.models import User
    from wijkteam.search.access import search_for_user
    from wijkteam.signals.models import Reporter, Signal

    consulent = User.objects.filter(
        organisation__kind="corporatie", team_memberships__isnull=False
    ).first()
    wijkmanager = User.objects.get(email="wijkmanager.zuidoost@gemeente.example")
    # A signal the consulent's corporation received, with a reporter: its number, address,
    # reporter's name (mistyped) and email address are what the queries ask for.
    signal = (
        Signal.objects.filter(
            receiving_organisation_id=consulent.organisation_id,
            team__members__user=consulent,
            reporters__isnull=False,
        )
        .order_by("-id")
        .first()
    )
    reporter = Reporter.objects.filter(signal=signal).first()
    mistyped = reporter.name[:-2] + reporter.name[-1]  # "Jansen" for "Jansem"-like slips
    print(f"database:  {connection.vendor}")
    print(f"world:     {Signal.objects.count():,} signals, {Reporter.objects.count():,} reporters")
    queries = {
        "reference": signal.reference,
        "postcode + number": f"{signal.postcode[:4]} {signal.postcode[4:]} {signal.house_number}",
        "street + number (typo)": f"{signal.street[:3]}{signal.street[4:]} {signal.house_number}",
        "name (typo)": mistyped,
        "email": reporter.email.upper(),
        "words": "kapotte lantaarnpaal",
        "start of a word": "lantaarn",
        "a word found nowhere": "hennepkwekerij",
        "street alone": signal.street,
        "part of a street": signal.street[:8],
    }
    clients = {}
    for label, user in (("consulent", consulent), ("wijkmanager", wijkmanager)):
        client = Client()
        client.force_login(user)
        clients[label] = client
    pages = [("floor: /health", clients["consulent"], "/health", {})]
    for kind, query in queries.items():
        for label, user in (("consulent", consulent), ("wijkmanager", wijkmanager)):
            results = search_for_user(user, query)
            found = len(results.cases) + len(results.signals)
            print(f"  {kind:<24} {label:<12} {query!r:<32} finds {found} rows")
            pages.append((f"{kind}, {label}", clients[label], "/intern/zoeken/", {"q": query}))
    measure_pages(pages, rounds, floor="floor: /health")


if __name__ == "__main__":
    main()
