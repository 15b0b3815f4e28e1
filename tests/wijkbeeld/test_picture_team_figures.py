"""How the team works, from the cases' kept figures: median and 90th percentile of the times
(computed by PostgreSQL or in Python, with the same answers), the shares of how leads were
agreed, on time, satisfaction, reopenings, open work per partner; over the categories the
viewer sees, a small suppressed number of cases left out."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.states import led, noise, reported, resolved
from tests.cases.support import local
from tests.wijkbeeld.picture_support import add_case, debt_counsellor
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_reopen
from wijkteam.cases.models import CaseFigures, LeadBasis
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Reporter
from wijkteam.wijkbeeld.access import picture_viewer
from wijkteam.wijkbeeld.percentiles import interpolated, percentiles
from wijkteam.wijkbeeld.periods import parse_period
from wijkteam.wijkbeeld.tasks import figures_catch_up
from wijkteam.wijkbeeld.team_figures import duration_text, open_work, team_figures

MARCH = date(2026, 3, 1)
YEAR = {"periode": "jaar", "jaar": "2026"}


@pytest.fixture
def now(time_machine):
    time_machine.move_to(local(2026, 6, 15, 12, 0), tick=False)


@pytest.fixture
def five_cases(world, now):
    """Five noise cases of March in Appelhof with known times and ways of agreeing."""
    team, buurt, slug = world.team_a, world.buurt_a1, "overlast-geluid"
    rows = [
        dict(hours_to_decision=1, hours_to_handled=10, lead_basis=LeadBasis.AGREED, on_time=True),
        dict(hours_to_decision=2, hours_to_handled=20, lead_basis=LeadBasis.AGREED, on_time=True),
        dict(hours_to_decision=3, hours_to_handled=30, lead_basis=LeadBasis.SILENCE, on_time=True),
        dict(
            hours_to_decision=4,
            hours_to_handled=40,
            lead_basis=LeadBasis.MEETING,
            had_objection=True,
            on_time=False,
        ),
        dict(hours_to_decision=10, lead_basis=LeadBasis.URGENT, is_open=True),
    ]
    feedback = [(1, 1), (1, 0), (2, 1), (0, 0), (0, 0)]
    for row, (answers, satisfied) in zip(rows, feedback, strict=True):
        row.setdefault("is_open", False)
        add_case(
            team,
            buurt,
            slug,
            month=MARCH,
            lead=world.corporatie,
            feedback_count=answers,
            feedback_satisfied=satisfied,
            **row,
        )
    CaseFigures.objects.filter(hours_to_decision=2).update(reopenings=2)
    return world


def _figures(world, user, area=None):
    period, _error = parse_period(YEAR)
    return team_figures(area or world.district_a, period, picture_viewer(user))


@pytest.mark.parametrize(
    ("values", "fractions", "expected"),
    [
        ([1, 2, 3, 4, 10], [0.5, 0.9], [3.0, 7.6]),
        ([10, 20, 30, 40], [0.5, 0.9], [25.0, 37.0]),
        ([5], [0.5, 0.9], [5.0, 5.0]),
        ([], [0.5, 0.9], [None, None]),
        ([3, 1, 2], [0, 1], [1.0, 3.0]),
    ],
)
def test_percentiles_are_the_same_on_every_database(world, now, values, fractions, expected):
    for hours in values:
        add_case(
            world.team_a, world.buurt_a1, "overlast-geluid", month=MARCH, hours_to_handled=hours
        )
    # A case without the figure does not count.
    add_case(world.team_a, world.buurt_a1, "overlast-geluid", month=MARCH)
    rows = CaseFigures.objects.all()

    with CaptureQueriesContext(connection) as queries:
        found = percentiles(rows, "hours_to_handled", fractions)

    assert found == pytest.approx(expected) if values else found == expected
    assert found == pytest.approx([interpolated(sorted(map(float, values)), f) for f in fractions])
    assert len(queries) == 1
    sql = queries[0]["sql"].lower()
    assert ("percentile_cont" in sql) == (connection.vendor == "postgresql")


def test_a_percentile_outside_zero_and_one_is_refused(world):
    with pytest.raises(ValueError):
        percentiles(CaseFigures.objects.all(), "hours_to_handled", [1.5])


def test_team_figures_from_known_cases(five_cases):
    figures = _figures(five_cases, five_cases.wijkmanager_a)

    assert figures.cases == 5 and figures.decided == 5 and figures.handled == 4
    assert figures.decision_hours == pytest.approx((3.0, 7.6))
    assert figures.handled_hours == pytest.approx((25.0, 37.0))
    shares = {basis: (share.part, share.whole, share.percent) for basis, share in figures.bases}
    assert shares == {
        "agreed": (2, 5, 40),
        "silence": (1, 5, 20),
        "meeting": (1, 5, 20),
        "urgent": (1, 5, 20),
    }
    assert (figures.objected.part, figures.objected.percent) == (1, 20)
    assert (figures.on_time.part, figures.on_time.whole, figures.on_time.percent) == (3, 4, 75)
    assert (figures.satisfied.part, figures.satisfied.whole) == (2, 4)
    assert (figures.reopened_cases, figures.reopenings) == (1, 2)


def test_the_page_tells_how_the_team_works(client, five_cases):
    client.force_login(five_cases.opbouwwerker_a)
    response = client.get(
        reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"})
        + "?periode=jaar&jaar=2026"
    )
    html = response.content.decode()
    start = html.index('id="team-figures"')
    team = html[start : html.index("</dl>", start)]

    assert "mediaan 3,0 uur, 90% binnen 7,6 uur (5 casussen met afgesproken regie)" in team
    assert "mediaan 25 uur, 90% binnen 37 uur (4 casussen afgehandeld)" in team
    assert "75% (3 van 4)" in team
    assert "2 van 4 tevreden" in team
    assert "1 casussen, 2 keer heropend" in team
    lead = html[html.index('id="grafiek-regie-table"') :]
    assert 'Alle partners akkoord</th><td class="num">2</td><td class="num">40</td>' in lead
    assert 'Na een bezwaar</th><td class="num">1</td><td class="num">20</td>' in lead


def test_a_small_number_of_cases_of_a_suppressed_category_is_left_out(five_cases):
    world = five_cases
    for _ in range(3):
        add_case(
            world.team_a, world.buurt_a1, "zorg-eenzaamheid", month=MARCH, hours_to_decision=500
        )

    # Welzijn owns care: all eight cases count for them.
    assert _figures(world, world.opbouwwerker_a).cases == 8
    # The police see care suppressed: its three cases stay out of every figure.
    police = _figures(world, world.agent_a)
    assert police.cases == 5 and police.decision_hours == pytest.approx((3.0, 7.6))
    assert [c.slug for c in police.left_out] == ["zorg"]
    # From five cases on, they count for everyone who sees the category.
    for _ in range(2):
        add_case(
            world.team_a, world.buurt_a1, "zorg-eenzaamheid", month=MARCH, hours_to_decision=500
        )
    assert (
        _figures(world, world.agent_a).cases == 10 and not _figures(world, world.agent_a).left_out
    )


def test_arrears_cases_count_only_for_those_who_see_arrears(five_cases):
    world = five_cases
    add_case(
        world.team_a,
        world.buurt_a1,
        "financieel-huurachterstand",
        month=MARCH,
        lead=world.corporatie,
        lead_basis=LeadBasis.CONFIDENTIAL,
        hours_to_decision=0.5,
        is_open=True,
    )

    assert _figures(world, world.agent_a).cases == 5
    assert _figures(world, world.wijkmanager_a).cases == 5
    own = _figures(world, world.consulent_a)
    assert own.cases == 6
    assert "confidential" in [basis for basis, _ in own.bases]
    assert "confidential" not in [basis for basis, _ in _figures(world, world.agent_a).bases]
    # Debt help sees arrears suppressed: one case is a small number, left out.
    assert _figures(world, debt_counsellor(world)).cases == 5


def test_open_work_per_partner_now(five_cases):
    world = five_cases
    for _ in range(2):
        add_case(world.team_a, world.buurt_a1, "zorg-eenzaamheid", month=MARCH, lead=world.welzijn)
    add_case(world.team_a, world.buurt_a2, "vervuiling-zwerfafval", month=MARCH)
    add_case(
        world.team_a,
        world.buurt_a1,
        "financieel-huurachterstand",
        month=MARCH,
        lead=world.corporatie,
    )

    def table(user, area=None):
        work = open_work(area or world.district_a, picture_viewer(user))
        columns = [category.slug for category, _level in work.columns]
        return {
            name: {slug: cell.text for slug, cell in zip(columns, cells, strict=True) if cell.count}
            for name, cells in work.rows
        }

    assert table(world.agent_a) == {
        "Woonstichting Test": {"overlast": "1"},
        "Welzijn Test": {"zorg": "< 5"},
        "": {"vervuiling": "1"},
    }
    assert table(world.consulent_a)["Woonstichting Test"] == {"overlast": "1", "financieel": "1"}
    assert table(world.opbouwwerker_a)["Welzijn Test"] == {"zorg": "2"}
    assert table(world.agent_a, world.buurt_a2) == {"": {"vervuiling": "1"}}


def test_open_work_totals_leave_small_suppressed_counts_out(client, five_cases):
    world = five_cases
    for _ in range(2):
        add_case(world.team_a, world.buurt_a1, "zorg-eenzaamheid", month=MARCH, lead=world.welzijn)
    client.force_login(world.agent_a)
    url = reverse("wijkbeeld:chart", kwargs={"chart": "open-werk", "fmt": "csv"})
    text = client.get(url + "?wijk=WK099901").content.decode("utf-8-sig")

    assert "Welzijn Test;0;0;0;0;< 5;0;0" in text


def test_durations_read_as_hours_then_days():
    assert duration_text(None) == "–"
    assert duration_text(3) == "3,0 uur"
    assert duration_text(30) == "30 uur"
    assert duration_text(72) == "3,0 dagen"


def test_figures_through_the_real_intake_and_the_worker(client, world, run_worker, time_machine):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    satisfied = resolved(world, reported(world, 1))
    reporter = Reporter.objects.get(signal__case_link__case=satisfied)
    feedback_give(actor=SYSTEM, reporter=reporter, satisfied=True)
    reopened = resolved(world, noise(world, 2))
    case_reopen(actor=world.consulent_a, case=reopened, reason="Toch weer lawaai")
    led(noise(world, 3))
    run_worker()
    figures_catch_up()

    time_machine.move_to(local(2026, 3, 20, 9, 0), tick=False)
    figures = _figures(world, world.wijkmanager_a)

    assert figures.cases == 3 and figures.decided == 3
    assert (figures.satisfied.part, figures.satisfied.whole) == (1, 1)
    assert (figures.reopened_cases, figures.reopenings) == (1, 1)
    assert [(b, s.part) for b, s in figures.bases if s.part] == [("silence", 3)]
    decided = sorted(CaseFigures.objects.values_list("hours_to_decision", flat=True))
    assert figures.decision_hours[0] == pytest.approx(decided[1])
    client.force_login(world.wijkmanager_a)
    page = client.get(
        reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"})
        + "?periode=maand&maand=2026-03"
    )
    assert "1 van 1 tevreden" in page.content.decode()


def test_the_page_keeps_the_team_figures_until_the_worker_refreshes(
    client, world, run_worker, time_machine
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    led(noise(world, 1))
    run_worker()
    figures_catch_up()
    client.force_login(world.wijkmanager_a)
    url = reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"})
    url += "?periode=maand&maand=2026-03"

    def cases_on_the_page() -> str:
        html = client.get(url).content.decode()
        start = html.index("<dt>Casussen</dt><dd>")
        return html[start : html.index("</dd>", start)].rsplit(">", 1)[-1]

    assert cases_on_the_page() == "1"
    led(noise(world, 2))
    assert cases_on_the_page() == "1"  # the worker has not counted it yet
    run_worker()
    figures_catch_up()
    assert cases_on_the_page() == "2"


pytestmark = pytest.mark.django_db
