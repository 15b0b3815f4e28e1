"""The staff pages of the wijk's picture: who opens them, what each viewer sees of the
categories (hidden, "< 5", exact), the period selector, per 1,000 and the links."""

from datetime import date

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.wijkbeeld.picture_support import add_counts, debt_counsellor

MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
YEAR_2026 = "?periode=jaar&jaar=2026"


@pytest.fixture
def counted(world, time_machine):
    """Wijk A in 2026: litter in both buurten, a little care and arrears, some unsafety."""
    time_machine.move_to(local(2026, 6, 15, 12, 0), tick=False)
    add_counts(world.buurt_a1, "vervuiling-zwerfafval", {MARCH: 12, APRIL: 3})
    add_counts(world.buurt_a2, "vervuiling-zwerfafval", {MARCH: 8})
    add_counts(world.buurt_a1, "zorg-eenzaamheid", {MARCH: 3, APRIL: 7})
    add_counts(world.buurt_a1, "financieel-huurachterstand", {MARCH: 2, MAY: 6})
    add_counts(world.buurt_a1, "onveiligheid-drugs", {APRIL: 2})
    add_counts(world.buurt_b1, "vervuiling-zwerfafval", {MARCH: 4})
    return world


def _district(client, user, query=YEAR_2026, code="WK099901"):
    client.force_login(user)
    return client.get(reverse("wijkbeeld:district", kwargs={"district_code": code}) + query)


def _table(response, table_id: str) -> str:
    html = response.content.decode()
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in (
        reverse("wijkbeeld:overview"),
        reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"}),
        reverse(
            "wijkbeeld:neighbourhood",
            kwargs={"district_code": "WK099901", "neighbourhood_code": "BU09990100"},
        ),
        reverse("wijkbeeld:chart", kwargs={"chart": "maanden", "fmt": "svg"}),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_wijkmanager_sees_the_trend_categories_buurten_and_team(client, counted):
    response = _district(client, counted.wijkmanager_a)

    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("Meldingen per maand", "Meldingen per categorie", "De buurten naast elkaar"):
        assert heading in html
    assert "Hoe het team werkt" in html
    monthly = _table(response, "grafiek-maanden-table")
    assert "maart 2026" in monthly and '<td class="num">20</td>' in monthly
    # Arrears are not the gemeente's wijkmanager's (only debt help sees them).
    assert "Financieel" not in html
    # Care is about persons: April's 7 is told rounded to 5, March's 3 is "< 5".
    assert "&lt; 5" in monthly and '<td class="num">5</td>' in monthly
    assert '<td class="num">7</td>' not in monthly
    assert (
        'src="/wijkbeeld/grafiek/maanden.svg?wijk=WK099901&amp;periode=jaar&amp;jaar=2026"' in html
    )
    assert "Download CSV" in html and "Download Excel" in html


def test_a_member_of_another_team_sees_the_same_picture_of_the_wijk(client, counted):
    own = _table(_district(client, counted.wijkmanager_a), "grafiek-maanden-table")
    other = _table(_district(client, counted.wijkmanager_b), "grafiek-maanden-table")
    assert own == other


def test_the_wijkagent_sees_no_arrears_and_care_only_suppressed(client, counted):
    response = _district(client, counted.agent_a)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Financieel" not in html and "huurachterstand" not in html.lower()
    categories = _table(response, "grafiek-categorieen-table")
    # Zorg in the year: 3 + 7, but the 3 may not be told, so neither may the sum that holds it.
    assert "Zorg" in categories
    # Onveiligheid is the police's own: its 2 is told exactly.
    assert "Onveiligheid" in categories
    monthly = _table(response, "grafiek-maanden-table")
    assert "&lt; 5" in monthly


def test_welzijn_sees_care_exactly_and_no_arrears(client, counted):
    response = _district(client, counted.opbouwwerker_a)

    html = response.content.decode()
    assert "Financieel" not in html
    monthly = _table(response, "grafiek-maanden-table")
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in monthly.split("<tr")[2:]}
    # Care is Welzijn's own: March's 3 is told; April's 2 drug signals are the police's.
    assert '<td class="num">3</td>' in rows["maart 2026"] and "&lt; 5" not in rows["maart 2026"]
    assert "&lt; 5" in rows["april 2026"]


def test_the_corporation_sees_the_arrears_counts(client, counted):
    response = _district(client, counted.consulent_a)

    monthly = _table(response, "grafiek-maanden-table")
    assert "Financieel" in monthly
    # Its own category: the 2 of March is told.
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in monthly.split("<tr")[2:]}
    assert '<td class="num">2</td>' in rows["maart 2026"]


def test_debt_help_sees_the_arrears_but_small_counts_suppressed(client, counted):
    response = _district(client, debt_counsellor(counted))

    monthly = _table(response, "grafiek-maanden-table")
    assert "Financieel" in monthly
    rows = {row.split("</th>")[0].rsplit(">", 1)[-1]: row for row in monthly.split("<tr")[2:]}
    assert "&lt; 5" in rows["maart 2026"]
    assert '<td class="num">5</td>' in rows["mei 2026"]


def test_a_user_without_an_organisation_gets_a_404(client, counted):
    from tests.factories import make_user

    loner = make_user("los@example.test", None)
    client.force_login(loner)
    assert client.get(reverse("wijkbeeld:overview")).status_code == 404


def test_an_unknown_wijk_or_buurt_is_a_404(client, counted):
    assert _district(client, counted.wijkmanager_a, code="WK000000").status_code == 404
    wrong_wijk = reverse(
        "wijkbeeld:neighbourhood",
        kwargs={"district_code": "WK099902", "neighbourhood_code": "BU09990100"},
    )
    assert client.get(wrong_wijk).status_code == 404


def test_the_buurt_page_counts_only_its_buurt(client, counted):
    client.force_login(counted.wijkmanager_a)
    url = reverse(
        "wijkbeeld:neighbourhood",
        kwargs={"district_code": "WK099901", "neighbourhood_code": "BU09990101"},
    )
    response = client.get(url + YEAR_2026)

    assert response.status_code == 200
    monthly = _table(response, "grafiek-maanden-table")
    assert '<td class="num">8</td>' in monthly and '<td class="num">20</td>' not in monthly
    assert "De buurten naast elkaar" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?periode=maand&maand=2026-13", "Deze periode bestaat niet"),
        ("?periode=eigen&van=2026-05&tot=2026-01", "Het begin van de periode ligt na het eind"),
        ("?periode=jaar&jaar=2015", "Kies een periode tussen"),
        ("?periode=kwartaal&kwartaal=2026-K7", "Deze periode bestaat niet"),
        ("?periode=onzin", "Deze periode bestaat niet"),
        ("?periode=kwartaal&kwartaal=99999-K1", "Deze periode bestaat niet"),
        ("?periode=kwartaal&kwartaal=0-K1", "Deze periode bestaat niet"),
        ("?periode=eigen&van=99999-01&tot=2026-01", "Deze periode bestaat niet"),
    ],
)
def test_a_wrong_period_shows_why_and_the_last_twelve_months(client, counted, query, message):
    response = _district(client, counted.wijkmanager_a, query=query)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "juli 2025 t/m juni 2026" in html


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("?periode=maand&maand=2026-03", "maart 2026"),
        ("?periode=kwartaal&kwartaal=2026-K2", "april 2026 t/m juni 2026"),
        ("?periode=eigen&van=2026-02&tot=2026-04", "februari 2026 t/m april 2026"),
    ],
)
def test_the_period_selector_chooses_a_month_quarter_or_months(client, counted, query, label):
    response = _district(client, counted.wijkmanager_a, query=query)

    assert response.status_code == 200
    assert label in response.content.decode()
    assert "message--error" not in response.content.decode()


def test_per_thousand_inhabitants_and_households(client, counted):
    counted.district_a.inhabitants, counted.district_a.households = 2000, 500
    counted.district_a.save()

    response = _district(client, counted.wijkmanager_a, query=YEAR_2026 + "&maat=inwoners")

    monthly = _table(response, "grafiek-maanden-table")
    # March's 20 litter signals among 2,000 inhabitants: 10 per 1,000.
    assert '<td class="num">10,00</td>' in monthly
    comparison = _district(client, counted.wijkmanager_a, query=YEAR_2026)
    categories = _table(comparison, "grafiek-categorieen-table")
    # Vervuiling in the year: 23, per 1,000 inhabitants 11.5 and per 1,000 households 46.
    assert '<td class="num">11,5</td>' in categories and '<td class="num">46,0</td>' in categories


def test_without_cbs_figures_the_rate_is_unknown(client, counted):
    counted.district_a.inhabitants = None
    counted.district_a.save()

    response = _district(client, counted.wijkmanager_a, query=YEAR_2026 + "&maat=inwoners")

    assert "onbekend" in _table(response, "grafiek-maanden-table")


def test_the_overview_compares_wijken_sortable(client, counted):
    client.force_login(counted.wijkmanager_a)
    response = client.get(reverse("wijkbeeld:overview") + YEAR_2026 + "&sorteer=-totaal")

    assert response.status_code == 200
    table = _table(response, "grafiek-wijken-table")
    assert table.index("Wijk 01 Testoord") < table.index("Wijk 02 Proefdorp")
    response = client.get(reverse("wijkbeeld:overview") + YEAR_2026 + "&sorteer=totaal")
    table = _table(response, "grafiek-wijken-table")
    assert table.index("Wijk 02 Proefdorp") < table.index("Wijk 01 Testoord")
    assert 'aria-sort="ascending"' in table


def test_links_to_other_parts_show_only_when_they_exist(client, counted):
    from wijkteam.wijkbeeld.picture_views import optional_url

    html = _district(client, counted.wijkmanager_a).content.decode()
    for name, path in (
        ("wijkbeeld:hotspots", "/hotspots/"),
        ("wijkbeeld:measures", "/maatregelen/"),
    ):
        url = optional_url(name, district_code="WK099901")
        if url is None:
            assert path not in html
        else:
            assert f'href="{url}' in html
    assert optional_url("wijkbeeld:no-such-page") is None
    assert optional_url("wijkbeeld:district", district_code="WK099901") == "/wijkbeeld/WK099901/"


def test_the_main_menu_and_team_page_link_to_the_picture(client, counted):
    client.force_login(counted.agent_a)
    html = client.get(reverse("teams:detail", kwargs={"district_code": "WK099901"})).content
    assert b'href="/wijkbeeld/"' in html
    assert b'href="/wijkbeeld/WK099901/"' in html


def test_this_year_and_the_oldest_year_are_chosen_as_far_as_they_go():
    from wijkteam.wijkbeeld.periods import parse_period

    today = date(2026, 6, 15)
    this_year, error = parse_period({"periode": "jaar", "jaar": "2026"}, today)
    assert (this_year.start, this_year.end, error) == (date(2026, 1, 1), date(2026, 6, 1), "")
    assert parse_period(this_year.query(), today)[0] == this_year
    oldest, error = parse_period({"periode": "jaar", "jaar": "2021"}, today)
    assert (oldest.start, oldest.end, error) == (date(2021, 7, 1), date(2021, 12, 1), "")
    quarter, error = parse_period({"periode": "kwartaal", "kwartaal": "2026-K2"}, today)
    assert (quarter.start, quarter.end, error) == (date(2026, 4, 1), date(2026, 6, 1), "")
    assert parse_period({"periode": "jaar", "jaar": "2027"}, today)[1]
    assert parse_period({"periode": "kwartaal", "kwartaal": "2026-K3"}, today)[1]


pytestmark = pytest.mark.django_db
