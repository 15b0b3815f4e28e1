"""Veenendaal demo data: the six wijken with their CBS 2024 figures (dataset 85984NED), buurten
with approximate boundaries, the partners of the wijkteams and demo staff for every role.

The boundaries are generated, not official: each wijk and buurt is a Voronoi cell around a seed
point placed roughly where the place lies, clipped to an approximate town outline. The UI says so
on every map. Spanjaardsgoed 3 (lon 5.5549, lat 52.0201, buurt Engelenburg per BAG) falls in the
demo Engelenburg, so that address lookups and the demo agree.
"""

from dataclasses import dataclass

import shapely
from shapely.geometry import MultiPoint, Point, Polygon, box

from wijkteam.areas.geojson import AreaFeature, geometry_to_json
from wijkteam.demo.area_figures import HOUSEHOLDS, buurt_figure
from wijkteam.partners.models import OrganisationKind, Role, TeamFunction

MUNICIPALITY = "GM0345"
DEMO_PASSWORD = "wijkteam-demo"  # noqa: S105 - published on purpose; works only in demo mode

# An approximate outline of the built-up town (lon, lat), drawn for the demo.
TOWN_OUTLINE = Polygon(
    [
        (5.515, 52.030),
        (5.525, 52.046),
        (5.548, 52.049),
        (5.575, 52.046),
        (5.591, 52.030),
        (5.588, 52.008),
        (5.568, 51.996),
        (5.540, 52.000),
        (5.517, 52.012),
    ]
)
CENTRE_BOX = box(5.549, 52.0235, 5.563, 52.0310)


@dataclass(frozen=True)
class DemoNeighbourhood:
    code: str
    name: str
    seed: tuple[float, float]  # lon, lat


@dataclass(frozen=True)
class DemoDistrict:
    code: str
    name: str
    slug: str
    inhabitants: int
    homes: int
    area_hectares: int
    seed: tuple[float, float] | None  # None: the centre, which is a box of its own
    neighbourhoods: tuple[DemoNeighbourhood, ...]


DISTRICTS = (
    DemoDistrict(
        "WK034500",
        "Wijk 00 Centrum",
        "centrum",
        5755,
        3384,
        77,
        None,
        (
            DemoNeighbourhood("BU03450099", "Centrum", (5.553, 52.027)),
            DemoNeighbourhood("BU03450001", "Molenbrug", (5.560, 52.029)),
        ),
    ),
    DemoDistrict(
        "WK034501",
        "Wijk 01 Noordwest",
        "noordwest",
        17515,
        6641,
        372,
        (5.528, 52.036),
        (
            DemoNeighbourhood("BU03450100", "Franse Gat", (5.535, 52.030)),
            DemoNeighbourhood("BU03450101", "Schepenbuurt", (5.524, 52.034)),
            DemoNeighbourhood("BU03450102", "Vogelbuurt", (5.532, 52.041)),
            DemoNeighbourhood("BU03450103", "Dichtersbuurt", (5.541, 52.036)),
        ),
    ),
    DemoDistrict(
        "WK034502",
        "Wijk 02 Zuidoost",
        "zuidoost",
        14280,
        6368,
        598,
        (5.566, 52.010),
        (
            DemoNeighbourhood("BU03450200", "Engelenburg", (5.556, 52.018)),
            DemoNeighbourhood("BU03450210", "'t Hoorntje", (5.556, 52.005)),
            DemoNeighbourhood("BU03450215", "Schrijverspark", (5.570, 52.018)),
            DemoNeighbourhood("BU03450223", "Petenbos", (5.574, 52.006)),
        ),
    ),
    DemoDistrict(
        "WK034503",
        "Wijk 03 Noord",
        "noord",
        7210,
        3234,
        141,
        (5.557, 52.043),
        (
            DemoNeighbourhood("BU03450300", "Dragonder-Noord", (5.552, 52.045)),
            DemoNeighbourhood("BU03450301", "Dragonder-Oost", (5.565, 52.042)),
            DemoNeighbourhood("BU03450302", "Oudeveen", (5.551, 52.037)),
        ),
    ),
    DemoDistrict(
        "WK034504",
        "Wijk 04 West",
        "west",
        9585,
        4096,
        247,
        (5.527, 52.016),
        (
            DemoNeighbourhood("BU03450400", "Componistenbuurt", (5.524, 52.020)),
            DemoNeighbourhood("BU03450401", "De Pol", (5.538, 52.014)),
            DemoNeighbourhood("BU03450402", "Gelderse Blom", (5.530, 52.008)),
        ),
    ),
    DemoDistrict(
        "WK034505",
        "Wijk 05 Oost",
        "oost",
        15090,
        6063,
        536,
        (5.580, 52.030),
        (
            DemoNeighbourhood("BU03450500", "Buurtstede", (5.576, 52.036)),
            DemoNeighbourhood("BU03450501", "Veenderij", (5.585, 52.026)),
            DemoNeighbourhood("BU03450502", "Groenpoort", (5.572, 52.026)),
        ),
    ),
)


def _cells(seeds: list[tuple[float, float]], within: shapely.Geometry) -> list[shapely.Geometry]:
    """The Voronoi cell of each seed, clipped to ``within``, in the order of ``seeds``."""
    if len(seeds) == 1:
        return [within]
    regions = shapely.voronoi_polygons(MultiPoint(seeds), extend_to=within.buffer(0.05))
    cells = []
    for seed in seeds:
        region = next(r for r in regions.geoms if r.covers(Point(seed)))
        cells.append(region.intersection(within))
    return cells


def district_features() -> tuple[list[AreaFeature], list[AreaFeature]]:
    """The demo wijken and buurten, as the GeoJSON importer would have parsed them."""
    outer = [d for d in DISTRICTS if d.seed is not None]
    rest = TOWN_OUTLINE.difference(CENTRE_BOX)
    shapes = dict(zip([d.code for d in outer], _cells([d.seed for d in outer], rest), strict=True))
    shapes["WK034500"] = CENTRE_BOX
    districts, neighbourhoods = [], []
    for district in DISTRICTS:
        shape = shapes[district.code]
        districts.append(_feature("district", district.code, district.name, district, shape))
        cells = _cells([n.seed for n in district.neighbourhoods], shape)
        for neighbourhood, cell in zip(district.neighbourhoods, cells, strict=True):
            neighbourhoods.append(
                _feature("neighbourhood", neighbourhood.code, neighbourhood.name, district, cell)
            )
    return districts, neighbourhoods


def _feature(level, code, name, district: DemoDistrict, shape) -> AreaFeature:
    shape = shapely.set_precision(shape, 1e-6)
    is_district = level == "district"
    return AreaFeature(
        level=level,
        code=code,
        name=name,
        municipality_code=MUNICIPALITY,
        district_code=district.code,
        district_name=district.name,
        inhabitants=district.inhabitants
        if is_district
        else buurt_figure(district.inhabitants, code),
        homes=district.homes if is_district else buurt_figure(district.homes, code),
        households=HOUSEHOLDS[district.code]
        if is_district
        else buurt_figure(HOUSEHOLDS[district.code], code),
        area_hectares=district.area_hectares if is_district else None,
        geometry=geometry_to_json(shape),
    )


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    phone: str
    email: str
    website: str = ""


ORGANISATIONS = (
    DemoOrganisation(
        "gemeente",
        "Gemeente Veenendaal",
        OrganisationKind.GEMEENTE,
        "0318 000 100",
        "wijkzaken@gemeente.example",
    ),
    DemoOrganisation(
        "veenvesters",
        "Veenvesters",
        OrganisationKind.CORPORATIE,
        "0318 000 200",
        "klantenservice@veenvesters.example",
    ),
    DemoOrganisation(
        "politie", "Politie basisteam Heuvelrug", OrganisationKind.POLITIE, "0900-8844", ""
    ),
    DemoOrganisation(
        "veens", "Veens", OrganisationKind.WELZIJN, "0318 000 300", "info@veens.example"
    ),
    DemoOrganisation(
        "buurtbemiddeling",
        "Buurtbemiddeling Veenendaal",
        OrganisationKind.BUURTBEMIDDELING,
        "0318 000 400",
        "buurtbemiddeling@veens.example",
    ),
    DemoOrganisation(
        "zorg",
        "Zorgteam Veenendaal",
        OrganisationKind.ZORG,
        "0318 000 500",
        "aanmelden@zorgteam.example",
    ),
    DemoOrganisation(
        "bc-engelenburg",
        "Bewonerscommissie Engelenburg",
        OrganisationKind.BEWONERSORGANISATIE,
        "",
        "bc-engelenburg@bewoners.example",
    ),
    DemoOrganisation(
        "bc-jan-roeck",
        "Bewonerscommissie Jan Roeckplantsoen",
        OrganisationKind.BEWONERSORGANISATIE,
        "",
        "bc-janroeck@bewoners.example",
    ),
    DemoOrganisation(
        "bo-oost",
        "Bewonersorganisatie Veenendaal-Oost",
        OrganisationKind.BEWONERSORGANISATIE,
        "",
        "bo-oost@bewoners.example",
    ),
)
CORE_PARTNERS = ("gemeente", "veenvesters", "politie", "veens")


def team_phone(district_code: str) -> str:
    """A made-up number per wijkteam (0318 000 6ww) for residents to call."""
    return f"0318 000 6{district_code[-2:]}"


def meeting_line(district_code: str, *, english: bool = False) -> str:
    """The team page's line about its overleg; Zuidoost's follows its schedule
    (demo/meetings.py)."""
    if district_code == "WK034502":
        return "every other Tuesday, 10 am" if english else "om de week op dinsdag, 10.00 uur"
    return (
        "every 2nd Tuesday of the month, 9.30 am"
        if english
        else "elke 2e dinsdag van de maand, 9.30 uur"
    )


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    organisation: str
    role: Role
    phone: str = ""
    teams: tuple[tuple[str, TeamFunction], ...] = ()  # (district code, function)


# Per wijk: the five functions every wijkteam has, with their organisation and role.
TEAM_FUNCTIONS = (
    ("wijkmanager", "gemeente", Role.WIJKMANAGER, TeamFunction.WIJKMANAGER, "gemeente"),
    ("wijkconsulent", "veenvesters", Role.MEDEWERKER, TeamFunction.WIJKCONSULENT, "veenvesters"),
    ("wijkbeheerder", "veenvesters", Role.WIJKBEHEERDER, TeamFunction.WIJKBEHEERDER, "veenvesters"),
    ("wijkagent", "politie", Role.MEDEWERKER, TeamFunction.WIJKAGENT, "politie"),
    ("opbouwwerker", "veens", Role.MEDEWERKER, TeamFunction.OPBOUWWERKER, "veens"),
)
FIRST_NAMES = (
    "Anouk",
    "Bas",
    "Carla",
    "Dirk",
    "Esra",
    "Freek",
    "Gerda",
    "Hamza",
    "Ilse",
    "Jeroen",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Quinten",
    "Roos",
    "Sven",
    "Tamara",
    "Umut",
    "Vera",
    "Wim",
    "Xandra",
    "Yusuf",
    "Zoë",
    "Arjen",
    "Bente",
    "Cees",
    "Daan",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "van den Berg",
    "Vermeulen",
    "Kuipers",
    "Willems",
    "Yılmaz",
    "El Amrani",
)


def demo_users() -> list[DemoUser]:
    users = []
    number = 0
    for district in DISTRICTS:
        for function_key, org, role, function, domain in TEAM_FUNCTIONS:
            name = f"{FIRST_NAMES[number % 30]} {LAST_NAMES[(number * 7) % 30]}"
            users.append(
                DemoUser(
                    email=f"{function_key}.{district.slug}@{domain}.example",
                    full_name=name,
                    organisation=org,
                    role=role,
                    phone=f"06 0000 {1000 + number}",
                    teams=((district.code, function),),
                )
            )
            number += 1
    zuidoost = "WK034502"
    users += [
        DemoUser(
            "coordinator@gemeente.example",
            "Marieke Verhoeven",
            "gemeente",
            Role.COORDINATOR,
            "06 0000 2001",
        ),
        DemoUser(
            "beheer@gemeente.example",
            "Frank Hoekstra",
            "gemeente",
            Role.FUNCTIONEEL_BEHEERDER,
            "06 0000 2002",
        ),
        DemoUser(
            "privacy@gemeente.example",
            "Saskia Wouters",
            "gemeente",
            Role.PRIVACY_OFFICER,
            "06 0000 2003",
        ),
        DemoUser("lezer@gemeente.example", "Ruud Timmermans", "gemeente", Role.LEZER),
        DemoUser(
            "schuldhulp@gemeente.example",
            "Hanneke Prins",
            "gemeente",
            Role.MEDEWERKER,
            "06 0000 2004",
            ((zuidoost, TeamFunction.SCHULDHULPVERLENER),),
        ),
        DemoUser(
            "huuradministratie@veenvesters.example",
            "Joost van Vliet",
            "veenvesters",
            Role.HUURADMINISTRATIE,
            "06 0000 2005",
        ),
        DemoUser(
            "bemiddelaar@buurtbemiddeling.example",
            "Ellen Scholten",
            "buurtbemiddeling",
            Role.MEDEWERKER,
            "06 0000 2006",
            ((zuidoost, TeamFunction.BUURTBEMIDDELAAR),),
        ),
        DemoUser(
            "zorg@zorgteam.example",
            "Ahmed Bouzid",
            "zorg",
            Role.MEDEWERKER,
            "06 0000 2007",
            ((zuidoost, TeamFunction.MAATSCHAPPELIJK_WERKER),),
        ),
        DemoUser(
            "bewonerscommissie.engelenburg@bewoners.example",
            "Truus Hermans",
            "bc-engelenburg",
            Role.MEDEWERKER,
            "",
            ((zuidoost, TeamFunction.BEWONERSVERTEGENWOORDIGER),),
        ),
        DemoUser(
            "bewonersorganisatie.oost@bewoners.example",
            "Kees Hofman",
            "bo-oost",
            Role.MEDEWERKER,
            "",
            (("WK034505", TeamFunction.BEWONERSVERTEGENWOORDIGER),),
        ),
    ]
    return users


@dataclass(frozen=True)
class DemoSignal:
    key: str  # external reference, so that loading the demo twice adds nothing
    category: str
    description: str
    point: tuple[float, float]  # lat, lon
    channel: str
    receiver: str  # organisation key
    reporter: str = ""
    street: str = ""
    house_number: int | None = None
    postcode: str = ""


DEMO_SIGNALS = (
    DemoSignal(
        "DEMO-001",
        "overlast-geluid",
        "Bij de buren staat elke vrijdagnacht tot 3 uur harde muziek aan.",
        (52.02009, 5.55489),
        "resident_web",
        "veenvesters",
        "Demo Bewoner",
        "Spanjaardsgoed",
        3,
        "3901HC",
    ),
    DemoSignal(
        "DEMO-002",
        "vervuiling-zwerfafval",
        "Grofvuil en matrassen naast de ondergrondse container.",
        (52.0175, 5.5605),
        "field",
        "gemeente",
    ),
    DemoSignal(
        "DEMO-003",
        "vernieling-complex",
        "Deur van de fietsenberging is ingetrapt.",
        (52.0150, 5.5710),
        "field",
        "veenvesters",
    ),
    DemoSignal(
        "DEMO-004",
        "overlast-jongeren",
        "Groep jongeren bij het speelveld, vuurwerk en geschreeuw na middernacht.",
        (52.0080, 5.5750),
        "phone",
        "veens",
        "Demo Melder",
    ),
    DemoSignal(
        "DEMO-005",
        "onveiligheid-drugs",
        "Sterke henneplucht bij de achteringang van het portiek.",
        (52.0190, 5.5540),
        "partner",
        "politie",
        "Demo Buurman",
    ),
    DemoSignal(
        "DEMO-006",
        "zorg-verwaarlozing",
        "Oudere bewoner lijkt al weken de deur niet uit te komen; post stapelt zich op.",
        (52.0440, 5.5530),
        "resident_org",
        "veens",
        "Demo Bewonerscommissie",
    ),
    DemoSignal(
        "DEMO-007",
        "vervuiling-graffiti",
        "Graffiti op de muur van de onderdoorgang.",
        (52.0290, 5.5830),
        "field",
        "gemeente",
    ),
)
