"""Benchmark: the wijk's picture (wijkbeeld) at a million signals over five years.

Builds a throw-away database (bench/scratch.py: a SQLite file by default; with
DATABASE_URL=postgres://.../NAME it creates NAME_bench on that server and drops it afterwards),
loads the Veenendaal demo without its past and adds N signals over five years in M cases across
the six wijken, written straight into the tables (bench/wijkbeeld_data.py). It builds the
aggregates from scratch as ``manage.py wijkbeeld_rebuild`` does (``counts_rebuild``,
``figures_rebuild``), printing the progress and how long each took, and times one incremental
refresh after 1,000 new signals (their marks, then ``figures_catch_up``).

Then it requests each page of the wijk's picture as the wijkmanager of Zuidoost, taking turns,
and prints per page the queries of one request, the p50 and the p95, and the p50 as a multiple
of a trivial page's (/health, the floor, measured in the same run). Target: p95 < 200 ms on
PostgreSQL for every page. A page whose route is not in this tree is skipped with a note.

    .venv/bin/python bench/wijkbeeld.py [--signals 1000000] [--cases 300000] [--rounds 40]
                                        [--keep]

--keep (PostgreSQL) leaves the scratch database in place and takes up the one a run kept, with
its data and aggregates, instead of building them again.
"""

import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.scratch import analyze, demo_database, measure_pages, world_arguments  # noqa: E402

DISTRICT = "WK034502"
BUURT = "BU03450200"
CHARTS = ("maanden", "wijken", "buurten", "categorieen", "open-werk", "regie")
NEW_SIGNALS = 1000


def main() -> None:
    args = world_arguments(__doc__.splitlines()[0], "requests per page")

    with demo_database(keep=args.keep, reuse=args.keep) as fresh:
        from wijkteam.signals.models import Signal

        if fresh or Signal.objects.count() < args.signals // 2:
            build(args.signals, args.cases)
        refresh_once()
        pages(args.rounds)


def _progress(label: str):
    started = time.perf_counter()
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 5 or done == total:
            last[0] = now
            print(f"  {label}: {done:,} of {total:,} ({now - started:,.0f} s)", flush=True)

    return report


def build(signals: int, cases: int) -> None:
    from django.db import connection

    from bench.wijkbeeld_data import build as build_world
    from wijkteam.cases.figures import figures_rebuild
    from wijkteam.signals.counts import counts_rebuild

    print(f"database:            {connection.vendor}")
    built = build_world(signals=signals, cases=cases, progress=_progress("signals"))
    print(f"built:               {built.signals:,} signals, {built.cases:,} cases in "
          f"{built.seconds:,.0f} s")  # fmt: skip
    analyze()
    started = time.perf_counter()
    counts_rebuild(progress=_progress("counts (wijk x year)"))
    counted = time.perf_counter() - started
    started = time.perf_counter()
    figures_rebuild(progress=_progress("case figures"))
    figured = time.perf_counter() - started
    analyze()
    print(f"rebuild:             counts {counted:,.1f} s, case figures {figured:,.1f} s")


def refresh_once() -> None:
    """1,000 new signals in new cases this month, marked as the intake marks them, then the
    worker's refresh: the months of their wijken counted again, their cases read again."""
    from django.db import transaction
    from django.utils import timezone

    from bench.wijkbeeld_data import build as build_world
    from wijkteam.cases.models import Case, CaseFiguresStale
    from wijkteam.signals.counts import month_of
    from wijkteam.signals.models import Signal, SignalCountsStale
    from wijkteam.wijkbeeld.tasks import figures_catch_up

    newest = Signal.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    build_world(signals=NEW_SIGNALS, cases=NEW_SIGNALS // 2, years=0, seed=2)
    new = Signal.objects.filter(pk__gt=newest)
    month = month_of(timezone.now())
    with transaction.atomic():
        SignalCountsStale.objects.bulk_create(
            SignalCountsStale(month=month, district_id=district_id)
            for district_id in new.values_list("district_id", flat=True)
        )
        CaseFiguresStale.objects.bulk_create(
            CaseFiguresStale(case_id_value=case_id)
            for case_id in Case.objects.filter(links__signal__in=new).values_list("pk", flat=True)
        )
    started = time.perf_counter()
    months, cases = figures_catch_up()
    took = time.perf_counter() - started
    print(
        f"incremental refresh: {took * 1000:,.0f} ms after {new.count():,} new signals "
        f"({months} wijk-months counted again, {cases} cases read again)"
    )


def _measure(user, district):
    """A measure of the wijk to read its effect: through the measures' own service when it is
    in this tree, else None."""
    try:
        from wijkteam.wijkbeeld.measures import measure_record
    except ImportError:
        print("note: wijkteam.wijkbeeld.measures.measure_record is not in this tree; no measure")
        return None
    from wijkteam.areas.models import Neighbourhood
    from wijkteam.signals.models import Category
    from wijkteam.wijkbeeld.models import Measure

    title = "Extra schoonmaakronde (benchmark)"
    existing = Measure.objects.filter(district=district, title=title).first()
    if existing:
        return existing
    today = date.today()
    return measure_record(
        actor=user,
        district=district,
        title=title,
        kind="schoonmaakronde",
        neighbourhoods=list(Neighbourhood.objects.filter(code__in=(BUURT, "BU03450223"))),
        started_on=(today.replace(day=1) - timedelta(days=300)).replace(day=1),
        target_categories=[Category.objects.get(slug="vervuiling")],
    )


def pages(rounds: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from wijkteam.areas.models import District
    from wijkteam.cases.models import Case, CaseFigures
    from wijkteam.partners.models import User
    from wijkteam.signals.models import Signal, SignalMonthCount, SignalSpotMonthCount

    print(f"database:            {connection.vendor}")
    print(
        f"world:               {Signal.objects.count():,} signals, {Case.objects.count():,} "
        f"cases; {SignalMonthCount.objects.count():,} month counts, "
        f"{SignalSpotMonthCount.objects.count():,} spot counts, "
        f"{CaseFigures.objects.count():,} case figures"
    )
    user = User.objects.get(email="wijkmanager.zuidoost@gemeente.example")
    chair = Client()
    chair.force_login(user)
    today = timezone.localdate()
    five_years = {"periode": "eigen", "van": _months_back(today, 59), "tot": f"{today:%Y-%m}"}
    wanted = [
        ("comparison of wijken", "wijkbeeld:overview", [], {}),
        ("comparison, 5 years", "wijkbeeld:overview", [], five_years),
        ("wijk page", "wijkbeeld:district", [DISTRICT], {}),
        ("wijk page, 5 years", "wijkbeeld:district", [DISTRICT], five_years),
        ("buurt page", "wijkbeeld:neighbourhood", [DISTRICT, BUURT], {}),
        ("buurt page, 5 years", "wijkbeeld:neighbourhood", [DISTRICT, BUURT], five_years),
        ("hotspots", "wijkbeeld:hotspots", [DISTRICT], {}),
        ("hotspots, 5 years", "wijkbeeld:hotspots", [DISTRICT], five_years),
    ]
    try:
        reverse("wijkbeeld:measure", args=[DISTRICT, 1])
    except NoReverseMatch:
        print("note: route wijkbeeld:measure is not in this tree; skipped")
    else:
        measure = _measure(user, District.objects.get(code=DISTRICT))
        if measure is not None:
            wanted.append(
                ("measure with its effect", "wijkbeeld:measure", [DISTRICT, measure.pk], {})
            )
    for chart in CHARTS:
        params = {} if chart == "wijken" else {"wijk": DISTRICT}
        wanted.append((f"chart {chart}.svg", "wijkbeeld:chart", [chart, "svg"], params))
        wanted.append((f"chart {chart}.svg, 5 years", "wijkbeeld:chart", [chart, "svg"],
                       {**params, **five_years}))  # fmt: skip
    found = [("floor: /health", Client(), "/health", {})]
    for label, name, args, params in wanted:
        try:
            path = reverse(name, args=args)
        except NoReverseMatch:
            print(f"note: route {name} is not in this tree; '{label}' skipped")
            continue
        status = chair.get(path, params).status_code
        if status != 200:
            print(f"note: {label} answers {status} ({path}); skipped")
            continue
        found.append((label, chair, path, params))
    if len(found) == 1:
        print("no page of the wijk's picture in this tree: nothing to time")
        return
    measure_pages(found, rounds, floor="floor: /health")
    print("target: p95 < 200 ms for every page (PostgreSQL)")


def _months_back(today: date, months: int) -> str:
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12}-{index % 12 + 1:02d}"


if __name__ == "__main__":
    main()
