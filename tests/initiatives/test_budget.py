"""The budget overview of a wijk per year (budget.py and its page): what each partner and the
residents put into which project, promised and delivered, summed exactly; the year selector;
the CSV download; a constant number of queries."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.team_support import (
    promise,
    propose,
    to_stage,
)
from wijkteam.initiatives.budget import budget_years, district_budget
from wijkteam.initiatives.models import ContributionKind, Stage
from wijkteam.initiatives.plans import contribution_deliver

BUDGET_A = reverse("projects:budget", args=["WK099901"])
THIS_YEAR = timezone.localdate().year
LAST_YEAR = date(THIS_YEAR - 1, 6, 15)


@pytest.fixture
def projects(world):
    """Two projects in wijk A with money, hours, materials and a permit from three partners and
    the residents; one in wijk B; one of last year."""
    kooi = to_stage(world, propose(world, title="Voetbalkooi"), Stage.UNDERWAY)
    muur = to_stage(world, propose(world, title="Muurschildering"), Stage.PLAN)
    money = [
        promise(world, kooi, organisation=world.gemeente, amount="0.10"),
        promise(world, kooi, organisation=world.gemeente, amount="0.20"),
        promise(world, kooi, organisation=world.gemeente, amount="99999999.99"),
        promise(world, muur, organisation=world.gemeente, amount="1250.55"),
        promise(world, kooi, organisation=world.corporatie, amount="5000"),
    ]
    contribution_deliver(actor=world.wijkmanager_a, contribution=money[0])
    contribution_deliver(actor=world.wijkmanager_a, contribution=money[4])
    hours = promise(
        world, kooi, organisation=world.politie, kind=ContributionKind.HOURS, amount="12.5"
    )
    contribution_deliver(actor=world.wijkmanager_a, contribution=hours)
    promise(world, kooi, organisation=None, kind=ContributionKind.HOURS, amount="40")
    promise(
        world,
        muur,
        organisation=world.corporatie,
        kind=ContributionKind.MATERIALS,
        amount=None,
        description="Verf",
    )
    permit = promise(
        world,
        muur,
        organisation=world.gemeente,
        kind=ContributionKind.PERMIT,
        amount=None,
        description="Vergunning muurschildering",
    )
    contribution_deliver(actor=world.wijkmanager_a, contribution=permit)
    elsewhere = to_stage(world, propose(world, title="Jeu de boules", district="b"), Stage.PLAN)
    promise(world, elsewhere, actor=world.wijkmanager_b, organisation=world.gemeente, amount="777")
    old = to_stage(world, propose(world, title="Bankjes"), Stage.PLAN)
    promise(world, old, organisation=world.welzijn, amount="300", promised_on=LAST_YEAR)
    return kooi, muur


def _cell(budget, reference, party_name):
    row = next(row for row in budget.rows if row.reference == reference)
    return next(figures for party, figures in row.columns if party.name == party_name)


def _party_total(budget, party_name):
    return next(figures for party, figures in budget.total_columns if party.name == party_name)


def test_the_sums_are_exact_per_partner_per_project_and_in_total(world, projects):
    kooi, muur = projects
    budget = district_budget(world.district_a.pk, THIS_YEAR)
    assert [party.name for party in budget.parties] == [
        "Gemeente Testoord",
        "Politie Test",
        "Woonstichting Test",
        "De bewoners zelf",
    ]
    assert [row.reference for row in budget.rows] == sorted([kooi.reference, muur.reference])
    gemeente_kooi = _cell(budget, kooi.reference, "Gemeente Testoord")
    assert gemeente_kooi.money_promised == Decimal("100000000.29")
    assert gemeente_kooi.money_delivered == Decimal("0.10")
    gemeente = _party_total(budget, "Gemeente Testoord")
    assert gemeente.money_promised == Decimal("100001250.84")
    assert (gemeente.permits_promised, gemeente.permits_delivered) == (1, 1)
    residents = _party_total(budget, "De bewoners zelf")
    assert (residents.hours_promised, residents.hours_delivered) == (Decimal("40"), Decimal("0"))
    corporation_muur = _cell(budget, muur.reference, "Woonstichting Test")
    assert (corporation_muur.materials_promised, corporation_muur.materials_delivered) == (1, 0)
    kooi_row = next(row for row in budget.rows if row.reference == kooi.reference)
    assert kooi_row.total.money_promised == Decimal("100005000.29")
    assert kooi_row.total.money_delivered == Decimal("5000.10")
    assert kooi_row.total.hours_promised == Decimal("52.50")
    assert budget.total.money_promised == Decimal("100006250.84")
    assert budget.total.money_delivered == Decimal("5000.10")
    assert (budget.total.hours_promised, budget.total.hours_delivered) == (
        Decimal("52.50"),
        Decimal("12.50"),
    )


def test_a_year_holds_only_what_was_promised_in_it(world, projects):
    last = district_budget(world.district_a.pk, LAST_YEAR.year)
    assert [row.title for row in last.rows] == ["Bankjes"]
    assert last.total.money_promised == Decimal("300.00")
    assert budget_years(world.district_a.pk) == [THIS_YEAR, LAST_YEAR.year]
    assert district_budget(world.district_a.pk, THIS_YEAR - 5).is_empty


def test_the_page_shows_the_tables_with_euros_and_the_year_selector(client, world, projects):
    client.force_login(world.agent_a)
    page = client.get(BUDGET_A).content.decode()
    assert f"Budgetoverzicht Wijk 01 Testoord {THIS_YEAR}" in page
    assert "€&nbsp;100.000.000,29" in page  # the gemeente for the kooi
    assert "geleverd €&nbsp;0,10" in page
    assert "Jeu de boules" not in page and "Bankjes" not in page
    assert "De bewoners zelf" in page and "Totaal per partner" in page
    assert page.count("<caption>") == 3 and 'scope="row"' in page
    assert f'<option value="{LAST_YEAR.year}"' in page
    # Each table shows only the partners with something in it: the residents gave hours.
    money = page[page.index('id="budget-money"') :]
    money = money[: money.index("</table>")]
    assert "Woonstichting Test" in money and "De bewoners zelf" not in money
    hours = page[page.index('id="budget-hours"') :]
    assert "De bewoners zelf" in hours[: hours.index("</table>")]
    earlier = client.get(BUDGET_A, {"jaar": LAST_YEAR.year}).content.decode()
    assert "Bankjes" in earlier and "Voetbalkooi" not in earlier


def test_a_year_without_contributions_says_so(client, world):
    client.force_login(world.agent_a)
    page = client.get(BUDGET_A, {"jaar": 2001}).content.decode()
    assert "In 2001 zijn er nog geen bijdragen toegezegd" in page


@pytest.mark.parametrize("year", ["twintig", "1850", ""])
def test_a_year_that_makes_no_sense_shows_this_year(client, world, projects, year):
    client.force_login(world.agent_a)
    response = client.get(BUDGET_A, {"jaar": year})
    assert response.status_code == 200 and "Voetbalkooi" in response.content.decode()


def test_the_csv_has_a_line_per_project_and_partner_with_exact_amounts(client, world, projects):
    kooi, muur = projects
    client.force_login(world.agent_a)
    response = client.get(BUDGET_A, {"jaar": THIS_YEAR, "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="budget-WK099901-{THIS_YEAR}.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    header, lines = rows[0], rows[1:]
    assert header[:6] == ["wijk", "jaar", "project", "titel", "fase", "partner"]
    by_key = {(line[2], line[5]): line for line in lines}
    assert (
        len(lines) == 6
    )  # kooi: gemeente, corporatie, politie, bewoners; muur: gemeente, corporatie
    gemeente_kooi = by_key[(kooi.reference, "Gemeente Testoord")]
    assert gemeente_kooi[6:8] == ["100000000,29", "0,10"]
    assert by_key[(kooi.reference, "De bewoners zelf")][8:10] == ["40,00", "0,00"]
    assert by_key[(muur.reference, "Gemeente Testoord")][12:14] == ["1", "1"]


def test_a_title_is_never_a_formula_in_the_csv(client, world):
    trap = to_stage(world, propose(world, title='=HYPERLINK("x")'), Stage.PLAN)
    promise(world, trap, organisation=world.gemeente, amount="10")
    client.force_login(world.agent_a)
    text = client.get(BUDGET_A, {"formaat": "csv"}).content.decode("utf-8")
    assert "'=HYPERLINK" in text


def test_the_page_takes_the_same_number_of_queries_however_many_projects(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.agent_a)
    first = to_stage(world, propose(world, title="Project 0"), Stage.PLAN)
    promise(world, first, organisation=world.gemeente, amount="10")
    with django_assert_max_num_queries(20) as few:
        client.get(BUDGET_A)
    for n in range(1, 8):
        project = to_stage(world, propose(world, title=f"Project {n}"), Stage.PLAN)
        for organisation in (world.gemeente, world.politie, world.corporatie, world.welzijn):
            promise(world, project, organisation=organisation, amount=f"{n}.5")
        promise(
            world,
            project,
            organisation=None,
            kind=ContributionKind.MATERIALS,
            amount=None,
            description="Zand",
            promised_on=timezone.localdate() - timedelta(days=400),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(BUDGET_A).content.decode()
    assert "Project 7" in page
