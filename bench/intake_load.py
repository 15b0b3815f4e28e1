"""Benchmark: residents' reports posted to /melden/ under gunicorn on PostgreSQL, against a floor.

Creates a throw-away PostgreSQL database (DATABASE_URL=postgres://.../NAME gives NAME_bench;
default NAME is wijkteam_bench_load) with the Veenendaal demo, and serves it twice under
gunicorn with the same settings (production's deploy/gunicorn.conf.py, with ``--workers`` sync
workers and no worker replaced during the run): Wijkteam as production runs it, and as the
floor a minimal Django app (bench/floor/) whose one view validates a five-field
form and does one INSERT. Clients (``--concurrency`` threads, bench/browser_load.py) act as
browsers: each opens the form once for its CSRF cookie and token, then posts reports with a
map point and a category, follows the redirect and reads the reference on the receipt. A
report's time is from the post until the receipt is read; reports/s counts reports with a
reference.

Three mixes, each in ``--rounds`` rounds of ``--seconds`` seconds, Wijkteam and the floor
taking turns (Wijkteam, floor, Wijkteam, floor, ...):

  (a) every report opens a new case: a report about people (noise) at a point on the map,
      which only an address would group;
  (b) half of the reports join an existing case: each client reports youths hanging about at
      a spot where nothing is open (public space, so it groups by place; spots lie 53 m apart,
      more than the 50 m within which reports group), then another resident reports the same
      5 m further, which joins that case. Each spot is used once: the run stops when they
      run out (the start says how many there are);
  (c) 5% urgent: as (a), with every 20th report in an acute category (threat).

The floor gets the same reports (it groups nothing, so its spots may repeat).

After each Wijkteam round it checks that every accepted report exists exactly once (by its
reference), that no other signals were made and that each new-case report opened one case.
It prints each round, then per mix the medians over the rounds: reports/s, p50 and p99 for
Wijkteam and the floor and the ratio Wijkteam/floor, and the queries one report of each kind
runs (counted in this process through Django's test client, before the load).

Wijkteam runs with WIJKTEAM_ENV=production (debug off, static files collected), behind a
pretended TLS proxy (DJANGO_BEHIND_PROXY: each report comes from an X-Forwarded-For address
of its own), the resident form's limits raised, PDOK pointed at a closed port (a map point
resolves offline), email to Django's dummy backend, and no background worker. Servers and the
database go when the run ends, also on Ctrl+C or an error. The figures say how this machine
did while it ran: keep it otherwise idle.

    .venv/bin/python bench/intake_load.py [--seconds 30] [--concurrency 8] [--rounds 3]
        [--workers 2] [--mixes abc]
"""

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_load import Round, run_round  # noqa: E402
from bench.intake_reports import FORM, MIXES, Reports, count_queries  # noqa: E402
from bench.scratch import demo_database  # noqa: E402
from bench.servers import Server, free_port, gunicorn  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wijkteam_bench_load"
WARM_UP_SECONDS = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mixes", default="abc", help="which mixes, e.g. 'a' or 'ab'")
    args = parser.parse_args()
    if args.rounds < 3:
        parser.error("--rounds must be at least 3 (the figures are medians over the rounds)")
    if not args.mixes or set(args.mixes) - set(MIXES):
        parser.error(f"--mixes takes letters of {''.join(MIXES)}")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        parser.error("this benchmark needs PostgreSQL: DATABASE_URL=postgres://...")
    # A stop from outside cleans up as Ctrl+C does: servers stopped, database dropped.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    # Settings this process (the query counts, the checks) shares with both servers.
    os.environ.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        WIJKTEAM_PDOK_LOCATIESERVER_URL=f"http://127.0.0.1:{free_port()}/",
        WIJKTEAM_PDOK_TIMEOUT="1",
        WIJKTEAM_REPORTS_PER_HOUR="1000000",
        WIJKTEAM_REPORT_POSTS_PER_HOUR="1000000",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        WIJKTEAM_MEDIA_ROOT=tempfile.mkdtemp(prefix="intake-load-media-"),
        WIJKTEAM_AUDIT_CHECKPOINT_FILE=os.path.join(tempfile.mkdtemp(), "checkpoints.jsonl"),
    )
    try:
        with demo_database():
            failed = run(args)
    except KeyboardInterrupt:
        raise SystemExit(
            "Interrupted: the servers are stopped and the database is dropped."
        ) from None
    raise SystemExit(1 if failed else 0)


def counts() -> dict[str, int]:
    from wijkteam.cases.models import Case
    from wijkteam.signals.models import Signal

    return {"signals": Signal.objects.count(), "cases": Case.objects.count()}


def check_wijkteam(result: Round, before: dict[str, int]) -> list[str]:
    """What is wrong with the round's data: each accepted report once in the database, no
    other signals, one case per report that was to open one."""
    from wijkteam.signals.models import Signal

    references = [outcome.reference for outcome in result.accepted]
    found: Counter[str] = Counter()
    for start in range(0, len(references), 5000):
        chunk = references[start : start + 5000]
        found.update(Signal.objects.filter(reference__in=chunk).values_list("reference", flat=True))
    problems = []
    if len(set(references)) != len(references):
        problems.append(f"{len(references) - len(set(references))} references given twice")
    if missing := sum(1 for reference in set(references) if found[reference] != 1):
        problems.append(f"{missing} accepted reports not in the database exactly once")
    after = counts()
    if extra := after["signals"] - before["signals"] - len(references):
        problems.append(f"{extra} signals more than accepted reports")
    opening = sum(1 for outcome in result.accepted if outcome.kind != "join")
    if (opened := after["cases"] - before["cases"]) != opening:
        problems.append(f"{opened} cases opened for {opening} reports that open one")
    return problems


def server_env(scratch_url: str, settings_module: str) -> dict[str, str]:
    """Production settings for a server, the same for both but for the settings module."""
    env = dict(os.environ)
    env.update(
        WIJKTEAM_ENV="production",
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_DEBUG="false",
        DATABASE_URL=scratch_url,
        DATABASE_CONN_MAX_AGE="60",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_BEHIND_PROXY="true",
        WIJKTEAM_LOG_LEVEL="WARNING",
    )
    return env


def run(args) -> bool:
    """The whole run on the scratch database; True when a check failed."""
    from django.db import connection

    from bench.floor.urls import TABLE_SQL

    scratch_url = os.environ["DATABASE_URL"]  # demo_database() pointed it at the scratch one
    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
    reports = Reports()
    queries = count_queries(reports)
    wijkteam_env = server_env(scratch_url, "wijkteam.settings")
    subprocess.run(  # noqa: S603 - WhiteNoise serves what production collected
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=wijkteam_env,
        check=True,
    )
    print(
        f"PostgreSQL, gunicorn with {args.workers} sync workers per app, {args.concurrency} "
        f"clients, {args.rounds} rounds of {args.seconds:g} s per mix and app; "
        f"{len(reports.spots):,} free spots for new public-space cases"
    )
    logs = Path(tempfile.mkdtemp(prefix="intake-load-"))
    print(f"the servers' output (a line per request) in {logs}")
    serve = {"workers": args.workers, "logs": logs}
    with (
        gunicorn(
            "wijkteam", "wijkteam.wsgi:application", env=wijkteam_env, ready_path="/health", **serve
        ) as wijkteam,
        gunicorn(
            "floor",
            "bench.floor.wsgi:application",
            env=server_env(scratch_url, "bench.floor.settings"),
            ready_path=FORM,
            **serve,
        ) as floor,
    ):
        for server in (wijkteam, floor):  # workers loaded, connections open, caches warm
            run_round(
                server,
                FORM,
                clients=args.concurrency,
                seconds=WARM_UP_SECONDS,
                next_report=lambda client, n: reports.next("a", client, n),
            )
        results = {mix: run_mix(mix, wijkteam, floor, reports, args) for mix in args.mixes}
    print_summary(results, queries)
    return any(failed for _, failed in results.values())


def run_mix(mix: str, wijkteam: Server, floor: Server, reports: Reports, args) -> tuple[dict, bool]:
    """The rounds of one mix, Wijkteam and the floor taking turns: per app the medians over
    the rounds of reports/s, p50 and p99; and whether a check failed."""
    print(f"\n({mix}) {MIXES[mix]}")
    rounds: dict[str, list[Round]] = {"wijkteam": [], "floor": []}
    failed = False
    for number in range(1, args.rounds + 1):
        for server in (wijkteam, floor):
            before = counts()
            result = run_round(
                server,
                FORM,
                clients=args.concurrency,
                seconds=args.seconds,
                next_report=lambda client, n, fresh=server is wijkteam: reports.next(
                    mix, client, n, fresh_spots=fresh
                ),
            )
            problems = check_wijkteam(result, before) if server is wijkteam else []
            failed = failed or bool(problems)
            rounds[server.name].append(result)
            print_round(number, server.name, result, problems)
    medians = {
        name: (
            statistics.median(r.per_second for r in results),
            statistics.median(r.percentile_ms(0.50) for r in results),
            statistics.median(r.percentile_ms(0.99) for r in results),
        )
        for name, results in rounds.items()
    }
    return medians, failed


def print_round(number: int, name: str, result: Round, problems: list[str]) -> None:
    verdict = "; ".join(problems) if problems else ("checked" if name == "wijkteam" else "")
    print(
        f"  round {number}  {name:<9}{result.per_second:8.1f} reports/s"
        f"  p50 {result.percentile_ms(0.50):6.0f} ms  p99 {result.percentile_ms(0.99):6.0f} ms"
        f"  {len(result.accepted):6,} accepted {result.errors:4} errors"
        f"  CPU (cores): app {result.server_cpu:.2f} generator {result.generator_cpu:.2f}"
        f" machine {result.machine_cpu:.2f}  {verdict}"
    )


def print_summary(results: dict, queries: list[tuple[str, int, int]]) -> None:
    print("\nMedians over the rounds (p50 and p99 in ms)")
    print(
        f"{'mix':<36}{'Wijkteam/s':>11}{'p50':>7}{'p99':>7}"
        f"{'floor/s':>10}{'p50':>7}{'p99':>7}{'ratio':>8}"
    )
    for mix, (figures, _) in results.items():
        rate, p50, p99 = figures["wijkteam"]
        floor_rate, floor_p50, floor_p99 = figures["floor"]
        print(
            f"{f'({mix}) {MIXES[mix]}':<36}{rate:>11.1f}{p50:>7.0f}{p99:>7.0f}"
            f"{floor_rate:>10.1f}{floor_p50:>7.0f}{floor_p99:>7.0f}{rate / floor_rate:>8.3f}"
        )
    print("\nQueries of one report (the post; the receipt page after it)")
    for label, posted, receipt in queries:
        print(f"  {label:<22}{posted:>5}  + {receipt}")


if __name__ == "__main__":
    main()
