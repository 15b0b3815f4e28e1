"""The demo's address register: addresses for the demo streets, so that reporting by postcode
and house number works on a machine without internet (PDOK's Locatieserver out of reach).

Spanjaardsgoed (Engelenburg) is the street the demo's signals are on; its numbers 3, 9, 17, 42,
66 and 81 have the points and postcodes those signals use, and number 3 its real BAG id. Every
other demo buurt gets one street of 40 numbers. These streets, postcodes and BAG ids are made up
for the demo (only their postcode areas, 3901–3907, are Veenendaal's); the points lie well inside
the demo's approximate buurten, on a line through the buurt with odd and even numbers on either
side.
"""

from dataclasses import dataclass, replace

from shapely.geometry import LineString, shape

from wijkteam.areas.address_file.rows import AddressRow, ParsedAddresses
from wijkteam.demo import veenendaal

CITY = "Veenendaal"
BAG_PREFIX = "0345200099"  # gemeente 0345, nummeraanduiding (20), a serial range for the demo
OBJECT_PREFIX = "0345010099"  # the same for the verblijfsobject
# How far inside its buurt's edge a street lies, and how far the two sides are apart (degrees).
INSET = 0.0008
SIDE = 0.00006


@dataclass(frozen=True)
class DemoStreet:
    neighbourhood_code: str
    name: str
    postcode_area: str  # the four digits
    letter: str  # the first postcode letter, unique per street within its postcode area


STREETS = (
    DemoStreet("BU03450099", "Hoofdstraat", "3901", "A"),
    DemoStreet("BU03450001", "Molenstraat", "3901", "B"),
    DemoStreet("BU03450100", "Dijkstraat", "3902", "A"),
    DemoStreet("BU03450101", "Schepenenlaan", "3902", "B"),
    DemoStreet("BU03450102", "Merelstraat", "3902", "C"),
    DemoStreet("BU03450103", "Vondellaan", "3902", "D"),
    DemoStreet("BU03450210", "Hoornbloem", "3905", "A"),
    DemoStreet("BU03450215", "Multatulilaan", "3905", "B"),
    DemoStreet("BU03450223", "Bosrand", "3905", "C"),
    DemoStreet("BU03450300", "Dragonderweg", "3903", "A"),
    DemoStreet("BU03450301", "Ruiterpad", "3903", "B"),
    DemoStreet("BU03450302", "Veenweg", "3903", "C"),
    DemoStreet("BU03450400", "Mozartlaan", "3904", "A"),
    DemoStreet("BU03450401", "Pollaan", "3904", "B"),
    DemoStreet("BU03450402", "Blomsingel", "3904", "C"),
    DemoStreet("BU03450500", "Stedelaan", "3906", "A"),
    DemoStreet("BU03450501", "Turfstekerslaan", "3907", "A"),
    DemoStreet("BU03450502", "Poortgroen", "3906", "B"),
)
NUMBERS_PER_STREET = 40

SPANJAARDSGOED = "Spanjaardsgoed"
SPANJAARDSGOED_NUMBERS = 100
# From one end of the street to the other (lat, lon), inside the demo's Engelenburg.
SPANJAARDSGOED_LINE = ((52.0203, 5.5545), (52.0158, 5.5625))
# The numbers the demo's signals are at: (lat, lon) and postcode as the signals have them.
SPANJAARDSGOED_FIXED = {
    3: ((52.02009, 5.55489), "3901HC"),
    9: ((52.0172, 5.5604), "3901HF"),
    17: ((52.0195, 5.5560), "3901HD"),
    42: ((52.0160, 5.5620), "3901HE"),
    66: ((52.0168, 5.5612), "3901HG"),
    81: ((52.0178, 5.5596), "3901HJ"),
}
SPANJAARDSGOED_3_BAG_ID = "0345200002037361"  # the real one (PDOK lookup of Spanjaardsgoed 3)


def _spanjaardsgoed_postcode(number: int) -> str:
    """Postcodes change every stretch of numbers and differ between the odd and even side."""
    if number % 2:
        letters = "HC" if number <= 7 else "HF" if number <= 15 else "HD" if number <= 59 else "HJ"
    else:
        letters = "HB" if number <= 40 else "HE" if number <= 64 else "HG"
    return f"3901{letters}"


def _postcode(street: DemoStreet, number: int) -> str:
    # Four stretches: odd 1-19, odd 21-39, even 2-20, even 22-40.
    stretch = "AB"[(number - 1) // 20] if number % 2 else "CD"[(number - 1) // 20]
    return f"{street.postcode_area}{street.letter}{stretch}"


def _street_line(geometry: dict) -> LineString:
    """The longest east-west line through the buurt, well inside its edge."""
    area = shape(geometry).buffer(-INSET)
    centre = area.representative_point()
    min_lon, _, max_lon, _ = area.bounds
    crossing = area.intersection(LineString([(min_lon, centre.y), (max_lon, centre.y)]))
    parts = getattr(crossing, "geoms", [crossing])
    return max(parts, key=lambda part: part.length)


def _row(serial: int, street: str, number: int, postcode: str, point) -> AddressRow:
    return AddressRow(
        bag_id=f"{BAG_PREFIX}{serial:06d}",
        object_id=f"{OBJECT_PREFIX}{serial:06d}",
        postcode=postcode,
        house_number=number,
        house_letter="",
        house_number_addition="",
        street=street,
        city=CITY,
        latitude=round(point[0], 7),
        longitude=round(point[1], 7),
    )


def _side(number: int) -> float:
    return SIDE if number % 2 else -SIDE


def demo_addresses() -> ParsedAddresses:
    """The demo's addresses, as the register import takes them (the same on every run)."""
    rows = []
    (lat_a, lon_a), (lat_b, lon_b) = SPANJAARDSGOED_LINE
    for number in range(1, SPANJAARDSGOED_NUMBERS + 1):
        t = (number - 1) / (SPANJAARDSGOED_NUMBERS - 1)
        point, postcode = SPANJAARDSGOED_FIXED.get(
            number,
            (
                (lat_a + t * (lat_b - lat_a) + _side(number), lon_a + t * (lon_b - lon_a)),
                _spanjaardsgoed_postcode(number),
            ),
        )
        row = _row(number, SPANJAARDSGOED, number, postcode, point)
        if number == 3:
            row = replace(row, bag_id=SPANJAARDSGOED_3_BAG_ID)
        rows.append(row)

    _, neighbourhoods = veenendaal.district_features()
    geometries = {feature.code: feature.geometry for feature in neighbourhoods}
    for index, street in enumerate(STREETS, start=1):
        line = _street_line(geometries[street.neighbourhood_code])
        for number in range(1, NUMBERS_PER_STREET + 1):
            # The middle 90% of the line, so that the ends stay clear of the corners.
            along = line.interpolate(
                0.05 + 0.9 * (number - 1) / (NUMBERS_PER_STREET - 1), normalized=True
            )
            point = (along.y + _side(number), along.x)
            serial = index * 1000 + number
            rows.append(_row(serial, street.name, number, _postcode(street, number), point))
    return ParsedAddresses(format="demo", rows=rows, labels=list(range(1, len(rows) + 1)))
