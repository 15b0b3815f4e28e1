"""Benchmark: does the proposal that learns from the team's past decisions agree more often with
what the team actually decided than the rules alone?

For each seed it builds a throw-away database (SQLite files by default; with
DATABASE_URL=postgres://.../NAME it creates and drops NAME_bench on that server), loads the
Veenendaal demo without its own past (organisations, teams, categories, the teams' triage
agreements) and records a past with the demo's history generator (wijkteam/demo/history.py).
The last part of each team's history by time is held out: for every held-out case it asks the
suggestion as it stood when the case was opened, with the rules alone (category default and
the team's agreements) and with learning, and compares the proposed lead with the lead the team
decided on. Only decisions taken before that moment count, and never the case's own, so the
held-out decisions cannot leak. Learning changes the proposal for a minority of cases, so one
seed's figure moves by several points; the pooled figure over several seeds is the one to read.

    .venv/bin/python bench/triage_suggestion.py [--per-team 300] [--seeds 1 2 3 4 5]
        [--held-out 0.2]
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import drop_postgres, recreate_postgres, scratch_database_url  # noqa: E402


def percent(hits: int, total: int) -> str:
    return f"{100 * hits / total:5.1f}%" if total else "    -"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-team", type=int, default=300, help="history cases per team")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--held-out", type=float, default=0.2, help="share held out per team")
    args = parser.parse_args()

    url, pg_name = scratch_database_url()
    os.environ.update(
        WIJKTEAM_ENV="development",
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="wijkteam.settings",
    )

    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from wijkteam.cases.models import Case, LeadBasis
    from wijkteam.cases.suggestion import suggest_lead
    from wijkteam.demo.history import history_load
    from wijkteam.demo.services import demo_data_load

    def fresh_database(seed: int) -> None:
        connection.close()
        if pg_name:
            recreate_postgres(url, pg_name)
        else:
            name = Path(connection.settings_dict["NAME"])
            connection.settings_dict["NAME"] = str(name.with_name(f"bench-{seed}.sqlite3"))
        ContentType.objects.clear_cache()
        call_command("migrate", verbosity=0)

    translation.activate("nl")
    print(f"database:  {connection.vendor}")
    print(f"history:   {args.per_team} cases per team over 18 months, per seed; held out: the "
          f"last {args.held_out:.0%} of each team's history by time")  # fmt: skip
    print()
    print(f"{'seed':>6} {'cases':>6} {'held out':>9} {'rules only':>11} {'learning':>9} "
          f"{'changed':>8} {'loaded in':>10}")  # fmt: skip
    by_team = defaultdict(lambda: defaultdict(int))
    totals = defaultdict(int)
    timings = {False: [], True: []}
    for seed in args.seeds:
        fresh_database(seed)
        demo_data_load(demo_mode=True, history_per_team=0)
        started = time.perf_counter()
        decided = history_load(per_team=args.per_team, seed=seed)
        loaded = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        history = defaultdict(list)
        for case in (
            Case.objects.filter(lead_basis=LeadBasis.MEETING)
            .select_related("team__district", "category")
            .order_by("opened_at", "id")
        ):
            history[case.team.district.name].append(case)
        counts = defaultdict(int)
        for team, cases in sorted(history.items()):
            for case in cases[len(cases) - round(len(cases) * args.held_out) :]:
                leads = {}
                for learn in (False, True):
                    started = time.perf_counter()
                    suggestion = suggest_lead(case, at=case.opened_at, learn=learn)
                    timings[learn].append((time.perf_counter() - started) * 1000)
                    leads[learn] = suggestion.lead.pk if suggestion.lead else None
                outcome = {
                    "cases": 1,
                    "rules": leads[False] == case.lead_id,
                    "learning": leads[True] == case.lead_id,
                    "changed": leads[True] != leads[False],
                    "changed_right": leads[True] != leads[False] and leads[True] == case.lead_id,
                }
                for key, value in outcome.items():
                    counts[key] += value
                    by_team[team][key] += value
                    totals[key] += value
        print(
            f"{seed:>6} {decided:>6} {counts['cases']:>9} "
            f"{percent(counts['rules'], counts['cases']):>11} "
            f"{percent(counts['learning'], counts['cases']):>9} {counts['changed']:>8} "
            f"{loaded:>8.1f} s"
        )

    print()
    print(f"{'team (all seeds)':<22} {'cases':>6} {'rules only':>11} {'learning':>9} "
          f"{'changed':>8} {'of which right':>15}")  # fmt: skip
    for team, counts in [*sorted(by_team.items()), ("all teams", totals)]:
        print(
            f"{team:<22} {counts['cases']:>6} {percent(counts['rules'], counts['cases']):>11} "
            f"{percent(counts['learning'], counts['cases']):>9} {counts['changed']:>8} "
            f"{percent(counts['changed_right'], counts['changed']):>15}"
        )
    print()
    print(f"top-1 agreement, rules only:  {percent(totals['rules'], totals['cases'])}")
    print(f"top-1 agreement, learning:    {percent(totals['learning'], totals['cases'])}")
    for learn, label in ((False, "rules only"), (True, "learning")):
        values = timings[learn]
        print(
            f"ms per suggestion, {label + ':':<11} median {statistics.median(values):.2f}, "
            f"p95 {statistics.quantiles(values, n=20)[-1]:.2f}, max {max(values):.2f}"
        )

    if pg_name:
        connection.close()
        drop_postgres(url, pg_name)


if __name__ == "__main__":
    main()
