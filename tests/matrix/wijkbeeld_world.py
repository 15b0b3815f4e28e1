"""The wijk's picture in the matrix's world (issue 19): kept counts with numbers no page shows
by chance, spots in streets whose names are markers, and a measure in each wijk, with who may
see each marker.

The counts are written as the worker keeps them (the world is built once for the module; their
keeping from real signals is tested in tests/wijkbeeld/test_kept_figures.py and walked in
tests/wijkbeeld/test_sequences.py), all in last month:

    wijk A, Appelhof   vervuiling-zwerfafval   13,258  a spot in MARKERSPOTSTEEG
    wijk A, Appelhof   financieel (arrears)    60,817
    wijk A, Perenlaan  overlast-geluid         27,614  a spot in MARKERSPOTKADE
    wijk A, Perenlaan  zorg-verwaarlozing           4
    wijk B, Kersentuin vervuiling-graffiti        812  a spot in MARKERSPOTKERSEN
    wijk B, Kersentuin zorg-eenzaamheid        10,046

The oracle, written from the issue's rule and DESIGN §6 (not from wijkteam/wijkbeeld/access.py):
- the arrears are counted only for the housing corporation and the gemeente's debt help (its
  debt counsellors, who do not own them: as every count about persons outside its owner,
  rounded to a multiple of 5), never on a public page: no sum that holds them reaches anyone
  else;
- a count of 1 to 4 in a category about persons (zorg, 4 in Perenlaan) shows as "< 5" outside
  the organisation that owns the category (welzijn, its default first responder) and is in no
  total: no sum that holds it reaches anyone else, nor any public page. Sums are searched for
  (every sum of counts that holds the secret, from 10,000 up, as it is and rounded to a
  multiple of 5 as such a category's counts are told, in each way a page writes a number);
  that the cell itself reads "< 5" is checked page by page in tests/test_authorization_matrix.py;
- the spots' streets: only the members of the wijk's own team and coordinators, never public;
- a measure's notes (its description): staff, never the public page or its open data;
- no reporter's, initiator's or supporter's name or email, nor any record's details, on any
  page of the picture, whoever asks.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations, product

from tests.matrix.visitors import K, Visitor, counsels_debt, in_team_a, oversees
from wijkteam.signals.models import Category, Channel, SignalMonthCount, SignalSpotMonthCount
from wijkteam.wijkbeeld.measures import measure_record
from wijkteam.wijkbeeld.models import MeasureKind
from wijkteam.wijkbeeld.periods import months_back, this_month

SPOT_A_MARKERS = ("MARKERSPOTSTEEG", "MARKERSPOTKADE")
SPOT_B_MARKERS = ("MARKERSPOTKERSEN",)
MEASURE_NOTE_MARKERS = ("MARKERMAATREGELNOTITIE", "MARKERKERSENNOTITIE")
MEASURE_TITLE = "Buurtbemiddeling Perenlaan"
ARREARS, SMALL_CARE = 60_817, 4
# (buurt, category, count, the street of its spot)
COUNTS = (
    ("a1", "vervuiling-zwerfafval", 13_258, SPOT_A_MARKERS[0]),
    ("a1", "financieel-huurachterstand", ARREARS, ""),
    ("a2", "overlast-geluid", 27_614, SPOT_A_MARKERS[1]),
    ("a2", "zorg-verwaarlozing", SMALL_CARE, ""),
    ("b1", "vervuiling-graffiti", 812, SPOT_B_MARKERS[0]),
    ("b1", "zorg-eenzaamheid", 10_046, ""),
)
# The middle of each buurt's square (tests/conftest.py), in thousandths of a degree.
SPOT_CELL_LON = {"a1": 5505, "a2": 5515, "b1": 5605}
# A sum below this could be any number on a page (a year, a percentage): not searched for.
SEARCHED_FROM = 10_000
# The owners (DESIGN §5, default first responder) of the categories with a secret count.
CARE_OWNER = K.WELZIJN
PICTURE_KEYS = ("wijkbeeld:", "wijkcijfers:")
PUBLIC_KEYS = ("wijkcijfers:",)


def _round(total: int) -> int:
    """As a count of a category about persons is told outside its owner: to a multiple of 5."""
    return 5 * round(total / 5)


def _persons(slug: str) -> bool:
    """A category about persons (DESIGN §5: zorg, financieel here)."""
    return slug.startswith(("zorg", "financieel"))


def _sums(secret: int) -> tuple[set[int], set[int]]:
    """Every sum of counts that holds ``secret`` (once): with it as it is, and with it rounded
    to a multiple of 5; each other count of a category about persons in it as it is or rounded
    (as a table tells them outside their owner). Only those big enough to search for, and that
    no sum without the secret is."""
    others = [(count, slug) for _buurt, slug, count, _street in COUNTS if count != secret]
    without, exact, rounded = set(), set(), set()
    for size in range(len(others) + 1):
        for chosen in combinations(others, size):
            ways = [{count, _round(count)} if _persons(slug) else {count} for count, slug in chosen]
            for told in product(*ways):
                without.add(sum(told))
                exact.add(secret + sum(told))
                rounded.add(_round(secret) + sum(told))
    big = {total for total in exact | rounded if total >= SEARCHED_FROM} - without
    return exact & big, rounded & big


def _spellings(number: int) -> list[str]:
    grouped = f"{number:,}"
    return [
        str(number),
        grouped,
        grouped.replace(",", "."),
        grouped.replace(",", " "),
        grouped.replace(",", "\xa0"),
        grouped.replace(",", "&nbsp;"),
        grouped.replace(",", "&#160;"),
    ]


def _pattern(numbers: set[int]) -> re.Pattern:
    """The numbers as a page writes them, alone: not inside a longer number or word (a
    decimal part after them is fine: a figure per 1,000 inhabitants)."""
    spellings = sorted({s for n in numbers for s in _spellings(n)}, key=len, reverse=True)
    return re.compile(
        r"(?<![\w.,])(?:" + "|".join(map(re.escape, spellings)) + r")(?![\w]|[.,]\d{3})"
    )


ARREARS_EXACT, ARREARS_ROUNDED = _sums(ARREARS)
CARE_EXACT, CARE_ROUNDED = _sums(SMALL_CARE)
# The arrears as they are (the corporation's), and rounded to a multiple of 5 (as the gemeente's
# debt counsellors, who do not own them, are told them).
ARREARS_PATTERN = _pattern(ARREARS_EXACT - ARREARS_ROUNDED)
ROUNDED_ARREARS_PATTERN = _pattern(ARREARS_ROUNDED)
CARE_PATTERN = _pattern(CARE_EXACT | CARE_ROUNDED)


@dataclass
class Picture:
    """The picture's records of the matrix's world, and what the matrix fills its routes'
    parameters with."""

    month: date  # of every count
    measure_id: int  # wijk A's, in Perenlaan against noise and care worries
    other_measure_id: int  # wijk B's

    def value(self, key: str, parameter: str, variant) -> str:
        if key == "wijkbeeld:chart":
            chart, fmt, _query = CHART_VARIANTS[variant]
            return {"chart": chart, "fmt": fmt}[parameter]
        if key == "wijkbeeld:hotspots_table":
            district, table, fmt, _query = HOTSPOT_TABLE_VARIANTS[variant]
            return {"district_code": district, "table": table, "fmt": fmt}[parameter]
        if parameter == "district_code":
            return {"unknown_wijk": "WK099999", "wijk_b": "WK099902"}.get(variant, "WK099901")
        if parameter == "neighbourhood_code":
            return {"other_wijks_buurt": "BU09990200", "unknown_buurt": "BU09999999"}.get(
                variant, "BU09990101"
            )
        if parameter == "pk":
            return str(
                {"other_wijk_measure": self.other_measure_id, "missing_measure": 987654}.get(
                    variant, self.measure_id
                )
            )
        if parameter == "fmt":
            return "json" if variant == "json" else "csv"
        raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")


# The charts the matrix asks for (``wijkbeeld:chart``): per variant the chart, the format and
# the query string. Perenlaan's monthly counts hold its 4 care worries; the arrears, asked by
# name, are for who may see them (anyone else: a category that does not exist, 400).
CHART_VARIANTS = {
    "maanden.svg": ("maanden", "svg", "wijk=WK099901"),
    "maanden.csv": ("maanden", "csv", "buurt=BU09990101"),
    "categorieen.xlsx": ("categorieen", "xlsx", "wijk=WK099901"),
    "buurten.csv": ("buurten", "csv", "wijk=WK099901"),
    "wijken.xlsx": ("wijken", "xlsx", ""),
    "regie.csv": ("regie", "csv", "wijk=WK099901"),
    "open-werk.svg": ("open-werk", "svg", "wijk=WK099901"),
    "arrears.csv": ("maanden", "csv", "wijk=WK099901&categorie=financieel"),
    "unknown_chart": ("taart", "svg", "wijk=WK099901"),
    "unknown_wijk": ("maanden", "csv", "wijk=WK099999"),
    "bad_period": ("maanden", "csv", "wijk=WK099901&periode=jaar&jaar=1999"),
}


# The hotspots' tables the matrix asks for (``wijkbeeld:hotspots_table``): per variant the
# wijk, the table, the format and the query string. The spots (wijk A's streets) are for wijk
# A's team and coordinators; anyone else gets the 404 of a table that does not exist.
HOTSPOT_TABLE_VARIANTS = {
    "buurten.csv": ("WK099901", "buurten", "csv", ""),
    "top-buurten.xlsx": ("WK099901", "top-buurten", "xlsx", ""),
    "plekken.csv": ("WK099901", "plekken", "csv", ""),
    "plekken.xlsx": ("WK099901", "plekken", "xlsx", ""),
    "unknown_table": ("WK099901", "taart", "csv", ""),
    "unknown_wijk": ("WK099999", "buurten", "csv", ""),
    "bad_period": ("WK099901", "buurten", "csv", "periode=jaar&jaar=1999"),
}


def owns_arrears(visitor: Visitor) -> bool:
    return visitor.staff and visitor.kind == K.CORPORATIE


def sees_arrears(visitor: Visitor) -> bool:
    """The corporation as they are, the gemeente's debt help as any count about persons
    outside its owner: rounded to a multiple of 5."""
    return owns_arrears(visitor) or counsels_debt(visitor)


def sees_small_care(visitor: Visitor) -> bool:
    return visitor.staff and visitor.kind == CARE_OWNER


def sees_spots_of(visitor: Visitor, team: str) -> bool:
    return visitor.staff and (visitor.team == team or oversees(visitor))


def picture_leaks(body: str, visitor: Visitor, key: str, personal: tuple[str, ...]) -> list[str]:
    """The picture's markers in ``body`` that ``visitor`` may not see on route ``key``;
    ``personal``: the markers of the world's records and initiatives, which no page of the
    picture shows anyone."""
    public = key.startswith(PUBLIC_KEYS)
    hidden = ()
    if public or not in_team_a(visitor):
        hidden += SPOT_A_MARKERS
    if public or not sees_spots_of(visitor, "B"):
        hidden += SPOT_B_MARKERS
    if public or not visitor.staff:
        hidden += MEASURE_NOTE_MARKERS
    found = [marker for marker in hidden if marker in body]
    if not key.startswith(PICTURE_KEYS):
        return found
    found += [marker for marker in personal if marker in body]
    patterns = []
    if public or not owns_arrears(visitor):
        patterns.append(ARREARS_PATTERN)
    if public or not sees_arrears(visitor):
        patterns.append(ROUNDED_ARREARS_PATTERN)
    if public or not sees_small_care(visitor):
        patterns.append(CARE_PATTERN)
    for pattern in patterns:
        found += [f"count {match.group(0)}" for match in pattern.finditer(body)]
    return found


# --- building it -------------------------------------------------------------------------------


def _category(slug: str) -> Category:
    return Category.objects.select_related("parent").get(slug=slug)


def _counts(world, month: date) -> None:
    buurten = {"a1": world.buurt_a1, "a2": world.buurt_a2, "b1": world.buurt_b1}
    for buurt_name, slug, count, street in COUNTS:
        buurt, category = buurten[buurt_name], _category(slug)
        where = {
            "month": month,
            "district_id": buurt.district_id,
            "neighbourhood": buurt,
            "main_category": category.parent,
            "category": category,
        }
        SignalMonthCount.objects.create(**where, channel=Channel.PHONE, count=count)
        if street:
            SignalSpotMonthCount.objects.create(
                **where,
                cell_lat=52005,
                cell_lon=SPOT_CELL_LON[buurt_name],
                street=street,
                count=count,
            )


def build_picture(world) -> Picture:
    """The counts, and a measure in each wijk recorded through the service by its wijkmanager:
    wijk A's started two months before the counts, in Perenlaan, against noise and care
    worries."""
    month = months_back(this_month(), 1)
    _counts(world, month)
    measure = measure_record(
        actor=world.wijkmanager_a,
        district=world.district_a,
        title=MEASURE_TITLE,
        kind=MeasureKind.MEDIATION_CAMPAIGN,
        description="MARKERMAATREGELNOTITIE afspraken met de bewonerscommissie",
        neighbourhoods=[world.buurt_a2],
        started_on=months_back(month, 2),
        cost=Decimal("18000"),
        partners=[world.welzijn],
        target_categories=[_category("overlast-geluid"), _category("zorg")],
    )
    other = measure_record(
        actor=world.wijkmanager_b,
        district=world.district_b,
        title="Schoonmaakronde Kersentuin",
        kind=MeasureKind.CLEANING_ROUND,
        description="MARKERKERSENNOTITIE twee keer per week",
        neighbourhoods=[world.buurt_b1],
        started_on=months_back(month, 2),
        target_categories=[_category("vervuiling")],
    )
    return Picture(month=month, measure_id=measure.pk, other_measure_id=other.pk)
