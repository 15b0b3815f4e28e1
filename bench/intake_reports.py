"""What the clients of bench/intake_load.py report: the mixes, the places they report about,
and the queries one report of each kind runs."""

import itertools
import math
import random
import secrets
import threading

from bench.browser_load import FormReader, Report

FORM = "/melden/"
SPOT_METRES = 53  # between spots for new public-space cases: over the 50 m that groups
JOIN_METRES = 5  # how far from the spot the second resident reports the same
MIXES = {
    "a": "every report opens a new case",
    "b": "half of the reports join a case",
    "c": "5% urgent",
}
CATEGORIES = {"new": "overlast-geluid", "spot": "overlast-jongeren", "urgent": "acuut-dreiging"}


class Reports:
    """What the clients report: the next report of a mix for a client, from any thread."""

    def __init__(self):
        from wijkteam.signals.models import Category

        self.category = {
            kind: str(Category.objects.get(slug=slug).pk) for kind, slug in CATEGORIES.items()
        }
        self.spots = city_spots()
        self._free_spots = iter(self.spots)
        self._points = itertools.cycle(self.spots)
        self._numbers = itertools.count(1)
        self._last_spot: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def next(self, mix: str, client: int, n: int, *, fresh_spots: bool = True) -> Report:
        """The ``n``-th report of ``client`` in ``mix``. Without ``fresh_spots`` a spot may have
        been reported before (for the floor, which groups nothing)."""
        if mix == "b":
            return self.spot(client, fresh=fresh_spots) if n % 2 == 0 else self.join(client)
        if mix == "c" and n % 20 == 19:
            return self.urgent()
        return self.new()

    def new(self) -> Report:
        with self._lock:
            point = next(self._points)
        return self._report("new", point, "Harde muziek bij de buren, elke nacht tot 3 uur.")

    def urgent(self) -> Report:
        with self._lock:
            point = next(self._points)
        return self._report("urgent", point, "Een man bedreigt voorbijgangers met een stok.")

    def spot(self, client: int, *, fresh: bool = True) -> Report:
        """A report at a spot where nothing is open: it opens a case there."""
        with self._lock:
            point = next(self._free_spots if fresh else self._points, None)
        if point is None:
            raise SystemExit(f"out of spots after {len(self.spots):,}: use fewer --seconds")
        self._last_spot[client] = point
        return self._report("spot", point, "Groep jongeren bij het bankje, veel lawaai.")

    def join(self, client: int) -> Report:
        """Another resident about the client's last spot, a few metres off: joins its case."""
        latitude, longitude = self._last_spot[client]
        point = (latitude + JOIN_METRES / 111_320, longitude)
        return self._report("join", point, "Weer die groep jongeren, nu bij de speeltuin.")

    def _report(self, kind: str, point: tuple[float, float], text: str) -> Report:
        number = next(self._numbers)
        category = self.category["spot" if kind == "join" else kind]
        return Report(
            kind,
            {
                "category": category,
                "description": f"{text} (benchmarkmelding {number})",
                "latitude": f"{point[0]:.6f}",
                "longitude": f"{point[1]:.6f}",
                "contact": "contact",
                "name": f"Bewoner {number}",
                "email": f"bewoner{number}@example.org",
            },
        )


def city_spots() -> list[tuple[float, float]]:
    """Points SPOT_METRES apart inside the buurten (clear of their edges) and clear of the
    open public-space cases already there, in a fixed random order."""
    from shapely.geometry import Point, shape

    from wijkteam.areas.models import Neighbourhood
    from wijkteam.cases.models import OPEN_STATUSES, Case

    lat_step = SPOT_METRES / 111_320
    lon_step = SPOT_METRES / (111_320 * math.cos(math.radians(52.03)))
    taken = list(
        Case.objects.filter(
            is_public_space=True, status__in=OPEN_STATUSES, latitude__isnull=False
        ).values_list("latitude", "longitude")
    )
    cells: set[tuple[int, int]] = set()
    for geometry in Neighbourhood.objects.exclude(geometry=None).values_list("geometry", flat=True):
        inside = shape(geometry).buffer(-0.0002)
        west, south, east, north = inside.bounds
        for i in range(math.ceil(south / lat_step), math.floor(north / lat_step) + 1):
            for j in range(math.ceil(west / lon_step), math.floor(east / lon_step) + 1):
                if inside.contains(Point(j * lon_step, i * lat_step)):
                    cells.add((i, j))
    spots = [
        (i * lat_step, j * lon_step)
        for i, j in sorted(cells)
        if all(
            abs(i * lat_step - lat) > 2 * lat_step or abs(j * lon_step - lon) > 2 * lon_step
            for lat, lon in taken
        )
    ]
    random.Random(1).shuffle(spots)
    return spots


def count_queries(reports: Reports) -> list[tuple[str, int, int]]:
    """Queries of one report of each kind and of its receipt page, through the test client in
    this process (the servers' settings, but for WIJKTEAM_ENV=development)."""
    import logging

    from django.db import connection
    from django.test import Client

    logging.getLogger("wijkteam.requests").setLevel(logging.WARNING)  # the figures, not a line each
    client = Client()
    reader = FormReader(marker="description")
    reader.feed(client.get(FORM).content.decode())
    names, defaults = reader.form()
    counted = []
    for label, report in [
        ("new case", reports.new()),
        ("new case at a spot", reports.spot(-1)),
        ("joins a case", reports.join(-1)),
        ("urgent", reports.urgent()),
    ]:
        data = {**defaults, **report.fields, "upload_key": secrets.token_urlsafe(24)}
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.post(FORM, data)
            posted = len(queries)
            receipt = client.get("/melden/ontvangen/")
        if response.status_code != 302 or b'id="reference"' not in receipt.content:
            raise SystemExit(f"{label}: the report was not accepted (HTTP {response.status_code})")
        counted.append((label, posted, len(queries) - posted))
    return counted
