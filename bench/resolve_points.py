"""Benchmark: point → buurt/wijk resolution.

Builds a throw-away SQLite database with a country-sized grid of buurten (default 14,000, about
as many as the Netherlands has) and the Veenendaal demo, then times single lookups and bulk
lookups of random points. Prints the figures; changes nothing else.

    .venv/bin/python bench/resolve_points.py [--buurten 14000] [--points 100000]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buurten", type=int, default=14_000)
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "bench.sqlite3"
    os.environ.update(WIJKTEAM_ENV="development", DATABASE_URL=f"sqlite:///{database}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wijkteam.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from wijkteam.areas.models import BoundarySource, District, Neighbourhood
    from wijkteam.areas.resolve import resolve_point, resolve_points

    call_command("migrate", verbosity=0)
    call_command("demo_data", "--quiet-accounts", verbosity=0)

    # A grid of synthetic buurten over the Netherlands' bounding box, 100 per wijk.
    columns = int(args.buurten**0.5) + 1
    width, height = (7.2 - 3.4) / columns, (53.5 - 50.8) / columns
    districts, neighbourhoods = {}, []
    for i in range(args.buurten):
        x, y = 3.4 + (i % columns) * width, 50.8 + (i // columns) * height
        ring = [[x, y], [x + width, y], [x + width, y + height], [x, y + height], [x, y]]
        district_code = f"WK9{i // 100:05d}"
        if district_code not in districts:
            districts[district_code] = District(
                code=district_code,
                name=district_code,
                municipality_code="GM9999",
                boundary_source=BoundarySource.OFFICIAL,
            )
        neighbourhoods.append((district_code, f"BU9{i:07d}", ring))
    District.objects.bulk_create(districts.values())
    ids = dict(District.objects.filter(code__in=districts).values_list("code", "id"))
    Neighbourhood.objects.bulk_create(
        [
            Neighbourhood(
                code=code,
                name=code,
                municipality_code="GM9999",
                district_id=ids[district],
                geometry={"type": "Polygon", "coordinates": [ring]},
                boundary_source=BoundarySource.OFFICIAL,
            )
            for district, code, ring in neighbourhoods
        ],
        batch_size=2000,
    )
    total = Neighbourhood.objects.count()

    generator = random.Random(42)
    points = [
        (generator.uniform(50.8, 53.5), generator.uniform(3.4, 7.2)) for _ in range(args.points)
    ]

    started = time.perf_counter()
    resolve_point(52.02, 5.555)
    build = time.perf_counter() - started

    singles = points[:2000]
    started = time.perf_counter()
    for lat, lon in singles:
        resolve_point(lat, lon)
    single = (time.perf_counter() - started) / len(singles)

    started = time.perf_counter()
    matches = resolve_points(points)
    bulk = time.perf_counter() - started
    found = sum(1 for match in matches if match)

    print(f"buurten in index:           {total:,}")
    print(f"index build (first call):   {build * 1000:,.0f} ms")
    print(f"single lookup:              {single * 1000:.2f} ms per point (incl. freshness query)")
    print(
        f"bulk lookup:                {len(points):,} points in {bulk * 1000:,.0f} ms "
        f"= {len(points) / bulk:,.0f} points/s ({found:,} matched)"
    )


if __name__ == "__main__":
    main()
