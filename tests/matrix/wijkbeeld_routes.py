"""The wijk's picture's routes (issue 19) with who may use them, what an allowed GET shows and
what an allowed POST with a valid form does. Their world is wijkbeeld_world.py.

- ``wijkbeeld:*``, the staff's picture: every active staff member of a partner organisation
  opens it for every wijk (what they see of each category is the aggregate rule's, searched
  for by the matrix's leak check); anyone else goes to the login page; a wijk, buurt, chart or
  measure that does not exist, or a buurt or measure asked under another wijk, is a 404 for
  everyone, a period that cannot be read in a chart's address a 400 (asked by a sample of
  visitors). What the counts show depends on the organisation only: the overview, a wijk's
  and a buurt's page and the charts are asked by the sample and by the owners of the care
  worries and the arrears. The hotspots of wijk A and their tables' downloads are asked of
  everyone: the spots are for the wijk's own team (anyone else: no spots table, a 404).
- the measures' forms (record, change, remove, comparison buurten): members of wijk A's team
  and coordinators who may work; read-only users and anyone else get the 404 of a measure
  that does not exist.
- ``wijkcijfers:*``, the public picture: anyone, logged in or not, gets the same answer (a
  sample asks it); a wijk that does not exist is a 404, a period that cannot be read a 400.
"""

from datetime import timedelta

from django.utils import timezone

from tests.matrix.routes import PUBLIC, STAFF_PAGE, TEAM_PAGE, Ask, Route, heading, team_worker
from tests.matrix.visitors import Visitor
from tests.matrix.wijkbeeld_world import (
    CHART_VARIANTS,
    HOTSPOT_TABLE_VARIANTS,
    MEASURE_TITLE,
    SPOT_A_MARKERS,
    owns_arrears,
    sees_arrears,
    sees_spots_of,
)
from wijkteam.areas.models import Neighbourhood
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.models import Measure

WIJK_A = "Wijk 01 Testoord"


def _is(*variants: str):
    """Who may (past the door): anyone, about these variants only."""
    return lambda visitor, subject: subject in variants


def _team_worker_on(*variants: str):
    return lambda visitor, subject: subject in variants and team_worker(visitor)


def _measure(ask: Ask) -> Measure | None:
    return Measure.objects.filter(pk=ask.matrix.picture.measure_id).first()


def _pk(slug: str) -> str:
    return str(Category.objects.get(slug=slug).pk)


def _measure_form(ask: Ask) -> dict:
    """A valid measure of wijk A (in Appelhof, against litter), its title this visitor's."""
    return {
        "title": ask.tag("MAATREGEL"),
        "kind": "schoonmaakronde",
        "description": "Elke dinsdag een extra ronde.",
        "neighbourhoods": [str(Neighbourhood.objects.get(code="BU09990100").pk)],
        "started_on": (timezone.localdate() - timedelta(days=40)).isoformat(),
        "ended_on": "",
        "target_categories": [_pk("vervuiling-zwerfafval")],
        "cost": "1.500,50",
        "partners": [str(ask.organisation("welzijn").pk)],
        "is_public": "on",
    }


def _kersentuin() -> str:
    return str(Neighbourhood.objects.get(code="BU09990200").pk)


def _compared_with_kersentuin(ask: Ask) -> bool:
    measure = _measure(ask)
    return list(measure.comparison_neighbourhoods.values_list("code", flat=True)) == ["BU09990200"]


def _public_data_proof(ask: Ask) -> str:
    return '"versie": 1' if ask.variant == "json" else "hoofdcategorie;naam;aantal"


def _bad_period(variant) -> str:
    return "jaar=1999" if variant == "bad_period" else ""


def _public_refused(subject) -> int:
    return 400 if subject == "bad_period" else 404


def may_change(visitor: Visitor, subject) -> bool:
    return subject == "measure" and team_worker(visitor)


# The picture's counts are the same for everyone of an organisation kind: asked by the sample
# of visitors (the police, a coordinator, the gemeente's debt counsellor and functional admin),
# and by welfare (which owns the care worries) and the corporation (which owns the arrears).
OWNERS = ("welzijn-medewerker-A", "corporatie-lezer-B")
CHART_PROOFS = {
    "maanden.svg": f"per maand in {WIJK_A}",
    "maanden.csv": "Maand;",
    "categorieen.xlsx": f"Meldingen per categorie in {WIJK_A}",
    "buurten.csv": "Perenlaan",
    "wijken.xlsx": WIJK_A,
    "regie.csv": "Manier;Casussen",
    "open-werk.svg": f"Open werk per partner in {WIJK_A}",
}
CHART_REFUSED = {"unknown_chart": 404, "unknown_wijk": 404, "bad_period": 400, "arrears.csv": 400}


def _chart_proof(ask: Ask) -> str:
    """What the chart shows itself by; the arrears: as the corporation is told them, or the
    gemeente's debt counsellor (rounded)."""
    if ask.variant == "arrears.csv":
        return "60817" if owns_arrears(ask.visitor) else "60815"
    return CHART_PROOFS[ask.variant]


def _chart_may(visitor: Visitor, variant) -> bool:
    if variant == "arrears.csv":
        return sees_arrears(visitor)
    return variant in CHART_PROOFS


HOTSPOT_TABLE_PROOFS = {
    "buurten.csv": "Buurt;Overlast;",
    "top-buurten.xlsx": f"Drukste buurten in {WIJK_A}",
    "plekken.csv": f"{SPOT_A_MARKERS[0]} (Appelhof)",
    "plekken.xlsx": f"Drukste plekken in {WIJK_A}",
}


def _hotspot_table_may(visitor: Visitor, variant) -> bool:
    if variant.startswith("plekken."):
        return sees_spots_of(visitor, "A")
    return variant in HOTSPOT_TABLE_PROOFS


PICTURE_ROUTES: dict[str, Route] = {
    # --- the staff's picture -------------------------------------------------------------------
    "wijkbeeld:overview": Route(
        STAFF_PAGE,
        same_for_all=True,
        also_asked=OWNERS,
        proof=heading("Wijkbeeld: alle wijken naast elkaar"),
    ),
    "wijkbeeld:district": Route(
        STAFF_PAGE,
        same_for_all=True,
        also_asked=OWNERS,
        records=("wijk", "unknown_wijk"),
        sampled=("unknown_wijk",),
        may=_is("wijk"),
        refused=404,
        proof=heading(f"Wijkbeeld {WIJK_A}"),
    ),
    "wijkbeeld:neighbourhood": Route(
        STAFF_PAGE,
        same_for_all=True,
        also_asked=OWNERS,
        records=("buurt", "other_wijks_buurt", "unknown_buurt"),
        sampled=("other_wijks_buurt", "unknown_buurt"),
        may=_is("buurt"),
        refused=404,
        proof=heading("Wijkbeeld buurt Perenlaan"),
    ),
    # Every chart as SVG, CSV or Excel (the matrix reads the XML inside the Excel file).
    "wijkbeeld:chart": Route(
        STAFF_PAGE,
        same_for_all=True,
        also_asked=OWNERS,
        records=tuple(CHART_VARIANTS),
        sampled=("unknown_chart", "unknown_wijk", "bad_period"),
        may=_chart_may,
        refused=lambda variant: CHART_REFUSED.get(variant, 404),
        query=lambda variant: CHART_VARIANTS[variant][2],
        proof=_chart_proof,
    ),
    "wijkbeeld:hotspots": Route(
        STAFF_PAGE,
        records=("wijk", "wijk_b", "unknown_wijk"),
        # Wijk B's by the sample: a member of B's team and of A's, and a coordinator.
        sampled=("wijk_b", "unknown_wijk"),
        may=_is("wijk", "wijk_b"),
        refused=404,
        proof=lambda ask: (
            "Hotspots in Wijk 02 Proefdorp" if ask.variant == "wijk_b" else f"Hotspots in {WIJK_A}"
        ),
    ),
    # The hotspots' tables as CSV or Excel: the spots' only for wijk A's team and coordinators.
    "wijkbeeld:hotspots_table": Route(
        STAFF_PAGE,
        records=tuple(HOTSPOT_TABLE_VARIANTS),
        sampled=("unknown_table", "unknown_wijk", "bad_period"),
        may=_hotspot_table_may,
        refused=lambda variant: 400 if variant == "bad_period" else 404,
        # The leak walk crawls the tables without a variant: the default period, every category.
        query=lambda variant: HOTSPOT_TABLE_VARIANTS[variant][3] if variant else "",
        proof=lambda ask: HOTSPOT_TABLE_PROOFS[ask.variant],
    ),
    "wijkbeeld:measures": Route(
        STAFF_PAGE,
        same_for_all=True,
        records=("wijk", "unknown_wijk"),
        sampled=("unknown_wijk",),
        may=_is("wijk"),
        refused=404,
        proof=heading(f"Maatregelen in {WIJK_A}"),
    ),
    # What the measure's page shows of its effect follows the aggregate rule: asked of everyone.
    "wijkbeeld:measure": Route(
        STAFF_PAGE,
        records=("measure", "other_wijk_measure", "missing_measure"),
        sampled=("other_wijk_measure", "missing_measure"),
        may=_is("measure"),
        refused=404,
        proof=heading(MEASURE_TITLE),
    ),
    "wijkbeeld:measure_new": Route(
        TEAM_PAGE,
        post=True,
        records=("wijk", "unknown_wijk"),
        sampled=("unknown_wijk",),
        may=_team_worker_on("wijk"),
        refused=404,
        proof=heading(f"Maatregel vastleggen in {WIJK_A}"),
        form=_measure_form,
        done=lambda ask: Measure.objects.filter(
            title=ask.tag("MAATREGEL"), district__code="WK099901"
        ).exists(),
    ),
    "wijkbeeld:measure_edit": Route(
        TEAM_PAGE,
        post=True,
        records=("measure", "other_wijk_measure"),
        sampled=("other_wijk_measure",),
        may=may_change,
        refused=404,
        proof=heading(f"{MEASURE_TITLE} wijzigen"),
        form=_measure_form,
        done=lambda ask: _measure(ask).title == ask.tag("MAATREGEL"),
    ),
    # Asks first; removes only by POST.
    "wijkbeeld:measure_delete": Route(
        TEAM_PAGE,
        post=True,
        records=("measure", "other_wijk_measure"),
        sampled=("other_wijk_measure",),
        may=may_change,
        refused=404,
        proof=heading(f'"{MEASURE_TITLE}" verwijderen?'),
        form=lambda ask: {},
        done=lambda ask: _measure(ask) is None,
    ),
    "wijkbeeld:measure_comparison": Route(
        TEAM_PAGE,
        get=False,
        post=True,
        records=("measure", "other_wijk_measure"),
        sampled=("other_wijk_measure",),
        may=may_change,
        refused=404,
        form=lambda ask: {"action": "kiezen", "comparison_neighbourhoods": [_kersentuin()]},
        done=_compared_with_kersentuin,
    ),
    # --- the public picture --------------------------------------------------------------------
    "wijkcijfers:list": Route(PUBLIC, same_for_all=True, proof=heading("Cijfers per wijk")),
    "wijkcijfers:district": Route(
        PUBLIC,
        same_for_all=True,
        records=("wijk", "unknown_wijk", "bad_period"),
        sampled=("unknown_wijk", "bad_period"),
        may=_is("wijk"),
        refused=_public_refused,
        query=_bad_period,
        proof=heading(f"Cijfers van {WIJK_A}"),
    ),
    "wijkcijfers:data": Route(
        PUBLIC,
        same_for_all=True,
        records=("csv", "json", "unknown_wijk", "bad_period"),
        sampled=("unknown_wijk", "bad_period"),
        may=_is("csv", "json"),
        refused=_public_refused,
        query=_bad_period,
        proof=_public_data_proof,
    ),
}
