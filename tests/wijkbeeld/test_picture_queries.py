"""The pages and charts of the wijk's picture ask the database a fixed number of questions,
whatever the number of months, buurten, signals and cases, and read only the kept aggregates
(never the signals or cases themselves)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.support import local
from tests.factories import make_neighbourhood
from tests.wijkbeeld.picture_support import add_case, add_counts
from wijkteam.cases.models import LeadBasis
from wijkteam.wijkbeeld.freshness import picture_changed
from wijkteam.wijkbeeld.models import Measure
from wijkteam.wijkbeeld.periods import months_back

FIVE_YEARS = "?periode=eigen&van=2021-07&tot=2026-06"
PAGES = [
    reverse("wijkbeeld:overview") + FIVE_YEARS,
    reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"}) + FIVE_YEARS,
    reverse(
        "wijkbeeld:neighbourhood",
        kwargs={"district_code": "WK099901", "neighbourhood_code": "BU09990100"},
    )
    + FIVE_YEARS,
    *[
        reverse("wijkbeeld:chart", kwargs={"chart": chart, "fmt": fmt})
        + FIVE_YEARS
        + "&wijk=WK099901"
        for chart in ("maanden", "buurten", "categorieen", "open-werk", "regie")
        for fmt in ("svg", "csv", "xlsx")
    ],
]


def _months(count: int) -> list[date]:
    return [months_back(date(2026, 6, 1), back) for back in range(count)]


def _some(world, months: int, cases: int) -> None:
    for number, buurt in enumerate([world.buurt_a1, world.buurt_a2, world.buurt_b1]):
        for slug in ("vervuiling-zwerfafval", "zorg-eenzaamheid", "financieel-huurachterstand"):
            add_counts(buurt, slug, {month: 2 + number for month in _months(months)})
        for index in range(cases):
            add_case(
                world.team_a if buurt.district_id == world.district_a.pk else world.team_b,
                buurt,
                ("overlast-geluid", "zorg-verwaarlozing")[index % 2],
                month=_months(months)[index % months],
                lead=(world.corporatie, world.welzijn, None)[index % 3],
                lead_basis=LeadBasis.AGREED,
                hours_to_decision=index + 1,
                hours_to_handled=(index + 1) * 10 if index % 2 else None,
                is_open=bool(index % 2),
                on_time=bool(index % 3),
                feedback_count=1,
                feedback_satisfied=index % 2,
            )


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_asks_as_much_for_five_years_as_for_one_month(
    client, world, time_machine, django_assert_max_num_queries, url
):
    time_machine.move_to(local(2026, 6, 15, 12, 0), tick=False)
    client.force_login(world.agent_a)
    _some(world, months=1, cases=1)
    client.get(url)  # the categories and versions a process keeps, read once
    picture_changed()  # nothing computed from the aggregates kept: every read counted
    few = _queries(client, url)

    _some(world, months=60, cases=40)
    for number in range(6):
        make_neighbourhood(world.district_a, f"BU0999015{number}", f"Buurt {number}", 5.52, 52.0)
    for number in range(4):
        measure = Measure.objects.create(
            district=world.district_a,
            title=f"Maatregel {number}",
            kind="anders",
            started_on=date(2023, number + 1, 1),
        )
        measure.neighbourhoods.add(world.buurt_a1)
    picture_changed()  # as the worker does after a refresh: nothing computed before is kept

    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    for sql in _queries(client, url):
        tables = sql.lower()
        assert '"signals_signal"' not in tables and '"cases_case"' not in tables, sql


def test_the_district_page_stays_within_its_budget(client, world, time_machine):
    time_machine.move_to(local(2026, 6, 15, 12, 0), tick=False)
    _some(world, months=12, cases=10)
    client.force_login(world.wijkmanager_a)
    client.get(PAGES[1])

    # Session, user, device; then per page: the aggregates of each part.
    assert len(_queries(client, PAGES[1])) <= 20


pytestmark = pytest.mark.django_db
