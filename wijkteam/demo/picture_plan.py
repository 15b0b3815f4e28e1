"""The signals of the demo's past for the wijk's picture, planned from the numbers in
picture_history.py: how many per buurt, month and main category (a Poisson draw around the
table's level), when in the month, which subcategory, where (a buurt's dumping spots and
problem addresses come back), through which door and who took them in.

The plan is data: the same seed, ``now`` and scale give the same signals, and the signals of a
buurt do not depend on which other wijken are planned (each buurt, month and category draws
from a random stream of its own). picture_load.py records them through the services."""

import math
import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import shapely
from django.utils import timezone
from shapely.geometry import Point

from wijkteam.areas.models import Neighbourhood, RegisteredAddress
from wijkteam.demo import habits, meetings, picture_history, stages, veenendaal
from wijkteam.demo.history import (
    EVENING_CHANNELS,
    KEEP_CLEAR_METRES,
    METRES_PER_DEGREE,
    OFFICE_CHANNELS,
    TAKEN_IN_BY,
    grid_spots,
)
from wijkteam.partners.models import Team, TeamFunction
from wijkteam.signals.models import Category, Channel

DEMO_DISTRICTS = tuple(d.code for d in veenendaal.DISTRICTS)
ACUTE_CHANNELS = (Channel.PHONE, Channel.PARTNER)
JITTER_DEGREES = 0.00008  # about 6 to 9 metres: one spot, reported from where people stand


@dataclass(frozen=True)
class PlannedSignal:
    """One signal of the past, as a door would have taken it in."""

    received_at: datetime
    team_id: int
    district: str
    neighbourhood: str
    category: str  # subcategory slug
    main_category: str
    latitude: float | None
    longitude: float | None
    postcode: str
    house_number: int | None
    channel: str
    # Who took it in (a team member by their door's function); None: the resident or the
    # rent administration (``channel`` says which).
    actor_id: int | None
    is_tenant: bool | None
    description: str


@dataclass
class _Buurt:
    code: str
    district: str
    team_id: int
    inhabitants: int
    spots: list[tuple[float, float]]  # a grid inside the buurt, shuffled once
    addresses: list[tuple[str, int]]  # (postcode, number) from the register, shuffled once


def live_points() -> list[tuple[float, float]]:
    """Where the demo's live signals and stage cases are (lat, lon): the past keeps clear of
    them, so that none of them joins a case of the past."""
    points = [signal.point for signal in veenendaal.DEMO_SIGNALS]
    points += [stage.point for stage in stages.STAGES]
    points += [meetings.DECIDED.point, meetings.SENT_BACK.point]
    return points


def _keep_clear() -> shapely.Geometry:
    radius = KEEP_CLEAR_METRES / METRES_PER_DEGREE[1]
    return shapely.union_all([Point(lon, lat).buffer(radius) for lat, lon in live_points()])


def _buurten(districts: Collection[str], only: Collection[str] | None) -> list[_Buurt]:
    keep_clear = _keep_clear()
    teams = dict(Team.objects.filter(district__code__in=districts).values_list("district_id", "pk"))
    addresses: dict[int, list[tuple[str, int]]] = {}
    for buurt_id, postcode, number, lat, lon in RegisteredAddress.objects.filter(
        neighbourhood__district__code__in=districts
    ).values_list("neighbourhood_id", "postcode", "house_number", "latitude", "longitude"):
        if not keep_clear.contains(Point(lon, lat)):
            addresses.setdefault(buurt_id, []).append((postcode, number))
    found = []
    buurten = Neighbourhood.objects.filter(district__code__in=districts, district_id__in=teams)
    if only is not None:
        buurten = buurten.filter(code__in=only)
    for buurt in buurten.select_related("district").order_by("code"):
        rng = random.Random(f"spots-{buurt.code}")
        spots = grid_spots(buurt.geometry, keep_clear)
        rng.shuffle(spots)
        own = sorted(addresses.get(buurt.pk, []))
        rng.shuffle(own)
        found.append(
            _Buurt(
                buurt.code,
                buurt.district.code,
                teams[buurt.district_id],
                buurt.inhabitants or 0,
                spots,
                own,
            )
        )
    return found


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _months(now: datetime) -> list[tuple[date, list[date]]]:
    """Each month of the picture, oldest first, with its days on which signals come in (none
    in the last QUIET_DAYS before ``now``)."""
    today = timezone.localtime(now).date()
    last_day = today - timedelta(days=picture_history.QUIET_DAYS)
    months = []
    for months_ago in range(picture_history.MONTHS - 1, -1, -1):
        first = picture_history.month_start(today, months_ago)
        following = picture_history.month_start(today, months_ago - 1)
        days = [
            first + timedelta(days=n)
            for n in range((following - first).days)
            if first + timedelta(days=n) <= last_day
        ]
        months.append((first, days))
    return months


def _weights(team_code: str) -> dict[str, dict[str, float]]:
    """Subcategory weights per main category slug, for one team."""
    emphasis = habits.CATEGORY_EMPHASIS.get(team_code, {})
    weights: dict[str, dict[str, float]] = {}
    for slug, main in Category.objects.filter(parent__isnull=False).values_list(
        "slug", "parent__slug"
    ):
        weight = habits.CATEGORY_WEIGHTS.get(slug) or picture_history.EXTRA_WEIGHTS.get(slug)
        if weight:
            weights.setdefault(main, {})[slug] = weight * emphasis.get(slug, 1)
    return weights


def _moment(rng: random.Random, day: date, category: str) -> datetime:
    evening = habits.EVENING_SHARE.get(category, habits.DEFAULT_EVENING_SHARE)
    hour = rng.choice((19, 20, 21, 22, 23)) if rng.random() < evening else rng.randint(8, 17)
    return timezone.make_aware(
        datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))
    )


def _door(
    rng: random.Random, main: str, moment: datetime, members: dict[str, int]
) -> tuple[str, int | None]:
    """The door a signal came in through and the team member who took it in."""
    if main == "financieel":
        return Channel.ARREARS_FORM, None
    if main == "acuut":
        return rng.choice(ACUTE_CHANNELS), members.get(TeamFunction.WIJKAGENT)
    office = 8 <= moment.hour < 17 and moment.weekday() < 5
    channel = rng.choice(OFFICE_CHANNELS if office else EVENING_CHANNELS)
    taken_in_by = TAKEN_IN_BY.get(channel)
    return channel, members.get(taken_in_by) if taken_in_by else None


def _place(
    rng: random.Random, buurt: _Buurt, public_space: bool
) -> tuple[float | None, float | None, str, int | None, int | None]:
    """(lat, lon, postcode, number, hotspot): a spot for the street's matters, mostly one of
    the buurt's few dumping spots (``hotspot``: which); an address for the rest, often one of
    the buurt's problem addresses."""
    if not public_space and buurt.addresses:
        problem = buurt.addresses[: picture_history.PROBLEM_ADDRESSES_PER_BUURT]
        if rng.random() < picture_history.PROBLEM_ADDRESS_SHARE:
            postcode, number = rng.choice(problem)
        else:
            postcode, number = rng.choice(buurt.addresses)
        return None, None, postcode, number, None
    hotspot = None
    if public_space and rng.random() < picture_history.HOTSPOT_SHARE:
        hotspot = rng.randrange(min(picture_history.HOTSPOTS_PER_BUURT, len(buurt.spots)))
        lat, lon = buurt.spots[hotspot]
    else:
        lat, lon = rng.choice(buurt.spots)
    return (
        round(lat + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES) / 2, 6),
        round(lon + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 6),
        "",
        None,
        hotspot,
    )


def _when(
    rng: random.Random, days: list[date], category: str, earlier: datetime | None
) -> datetime:
    """A moment on one of ``days``; at a dumping spot reported on earlier in the month, often
    a day or so after that report (more residents report the same heap)."""
    if earlier is not None and rng.random() < picture_history.REPORTED_AGAIN:
        again = earlier + timedelta(hours=rng.uniform(1, 30))
        if timezone.localtime(again).date() <= days[-1]:
            return again
    return _moment(rng, rng.choice(days), category)


def _tenancy(rng: random.Random, team_code: str, public_space: bool) -> bool | None:
    if public_space or rng.random() < habits.UNKNOWN_TENANCY:
        return None
    return rng.random() < habits.TENANT_SHARE.get(team_code, habits.DEFAULT_TENANT_SHARE)


def picture_plan(
    *,
    scale: float,
    seed: int,
    now: datetime | None = None,
    districts: Collection[str] = DEMO_DISTRICTS,
    neighbourhoods: Collection[str] | None = None,
) -> list[PlannedSignal]:
    """The past's signals in the teams of ``districts`` (only in ``neighbourhoods``, buurt
    codes, when given), in time order: the table's levels times ``scale`` (1 is the demo's
    picture). Reads the buurten (their inhabitants, shape and addresses), the teams' members
    and the categories."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    public_space = dict(Category.objects.values_list("slug", "is_public_space"))
    members = {
        team.pk: {m.function: m.user_id for m in team.members.order_by("-pk")}
        for team in Team.objects.filter(district__code__in=districts)
    }
    weights = {code: _weights(code) for code in districts}
    planned = []
    for buurt in _buurten(districts, neighbourhoods):
        for month, days in _months(now):
            if not days:
                continue
            share = len(days) / _month_length(month)  # of a month cut short by today
            for main in picture_history.MAIN_CATEGORIES:
                rng = random.Random(f"{seed}-{buurt.code}-{month.isoformat()}-{main}")
                level = picture_history.monthly_level(
                    district=buurt.district,
                    neighbourhood=buurt.code,
                    inhabitants=buurt.inhabitants,
                    main=main,
                    month=month,
                    today=today,
                )
                slugs = weights[buurt.district].get(main, {})
                if main == "vervuiling" and buurt.code in picture_history.VERVUILING_STORY:
                    slugs = picture_history.STORY_MIX
                if not slugs:
                    continue
                expected = level * share * scale
                if main == "vervuiling" and buurt.code in picture_history.VERVUILING_STORY:
                    spread = picture_history.STORY_SPREAD * math.sqrt(expected)
                    count = max(0, round(rng.gauss(expected, spread)))
                else:
                    count = poisson(rng, expected)
                reported: dict[int, datetime] = {}  # the last report at each dumping spot
                for _ in range(count):
                    category = rng.choices(list(slugs), weights=list(slugs.values()))[0]
                    lat, lon, postcode, number, spot = _place(rng, buurt, public_space[category])
                    moment = _when(rng, days, category, reported.get(spot))
                    if spot is not None:
                        reported[spot] = moment
                    channel, actor_id = _door(rng, main, moment, members[buurt.team_id])
                    descriptions = habits.DESCRIPTIONS.get(
                        category
                    ) or picture_history.EXTRA_DESCRIPTIONS.get(category, ("",))
                    planned.append(
                        PlannedSignal(
                            received_at=moment,
                            team_id=buurt.team_id,
                            district=buurt.district,
                            neighbourhood=buurt.code,
                            category=category,
                            main_category=main,
                            latitude=lat,
                            longitude=lon,
                            postcode=postcode,
                            house_number=number,
                            channel=channel,
                            actor_id=actor_id,
                            is_tenant=True
                            if main == "financieel"
                            else _tenancy(rng, buurt.district, public_space[category]),
                            description=rng.choice(descriptions),
                        )
                    )
    planned.sort(key=lambda item: (item.received_at, item.neighbourhood, item.category))
    return planned


def _month_length(month: date) -> int:
    following = (month + timedelta(days=32)).replace(day=1)
    return (following - month).days
