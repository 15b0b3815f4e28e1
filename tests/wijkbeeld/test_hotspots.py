"""The hotspots of a wijk: buurten coloured by their signals on a server-drawn map with the
numbers in a table, the top places with their trend, spots only for the wijk's team and only
in the categories its whole team sees, small counts about persons suppressed."""

from datetime import date

import pytest
from django.urls import reverse

from tests.cases.support import intake, local, place
from tests.wijkbeeld.hotspot_support import SVG, cell_texts, inline_svg, kept_count, kept_spot
from wijkteam.wijkbeeld.area_map import SHADES
from wijkteam.wijkbeeld.hotspot_reads import Trend, period_before
from wijkteam.wijkbeeld.periods import Period
from wijkteam.wijkbeeld.tasks import figures_catch_up

MARCH = date(2026, 3, 1)
FEBRUARY = date(2026, 2, 1)
LAST_YEAR = date(2025, 2, 1)


@pytest.fixture(autouse=True)
def in_march_2026(time_machine):
    time_machine.move_to(local(2026, 3, 20, 12, 0), tick=False)


def _page(client, user, district, query=""):
    client.force_login(user)
    return client.get(reverse("wijkbeeld:hotspots", args=[district.code]) + query)


def _fills(svg) -> dict[str, str]:
    """Buurt name (from its tooltip) → its fill."""
    return {
        path.find(f"{SVG}title").text.split(":")[0]: path.get("fill")
        for path in svg.iter(f"{SVG}path")
    }


def test_buurten_are_coloured_by_their_count_and_the_numbers_are_in_a_table(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 8)
    kept_count(MARCH, world.buurt_a2, "overlast-geluid", 1)

    response = _page(client, world.wijkmanager_a, world.district_a)

    assert response.status_code == 200
    html = response.content.decode()
    svg = inline_svg(html)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text.startswith("Kaart van Wijk 01 Testoord")
    assert svg.find(f"{SVG}desc").text
    fills = _fills(svg)
    assert set(fills) == {"Appelhof", "Perenlaan"}
    assert SHADES.index(fills["Appelhof"]) > SHADES.index(fills["Perenlaan"]) > 0
    assert cell_texts(html, "Appelhof")[1] == "8"  # Overlast, Vervuiling, ...
    assert cell_texts(html, "Perenlaan")[0] == "1"


def test_the_map_is_well_formed_svg_without_inline_styles(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 3)
    kept_spot(
        MARCH,
        world.buurt_a1,
        "vervuiling-zwerfafval",
        3,
        street="Appel & Peer",
        lat=52.005,
        lon=5.505,
    )
    world.buurt_a2.name = 'Peren<laan> "B"'
    world.buurt_a2.save()

    html = _page(client, world.wijkmanager_a, world.district_a).content.decode()

    svg = inline_svg(html)  # parses: every name is escaped
    assert "style=" not in html and "<style" not in html
    assert all(path.find(f"{SVG}title") is not None for path in svg.iter(f"{SVG}path"))
    circle = next(svg.iter(f"{SVG}circle"))  # the legend's, then the spot's
    assert circle.get("fill") or circle.get("r")
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    assert "Appel & Peer (Appelhof): 3 meldingen" in titles
    assert any(t.startswith('Peren<laan> "B"') for t in titles)


def test_a_small_count_of_zorg_shows_less_than_five_and_is_in_no_total(world, client):
    kept_count(MARCH, world.buurt_a1, "zorg-eenzaamheid", 3)
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 7)

    html = _page(client, world.agent_a, world.district_a).content.decode()

    headers = ["Overlast", "Vervuiling", "Vernieling", "Onveiligheid", "Zorg", "Acuut"]
    row = dict(zip(headers, cell_texts(html, "Appelhof"), strict=False))
    assert row["Zorg"] == "< 5" and row["Vervuiling"] == "7"
    assert cell_texts(html, "Appelhof")[len(headers)] == "7*"
    assert "Appelhof: 7 meldingen en aantallen onder 5" in html
    assert ">10<" not in html and ">3<" not in html

    # Veens (welzijn) owns the care category: it sees the count as it is.
    html = _page(client, world.opbouwwerker_a, world.district_a).content.decode()
    assert "&lt; 5" not in html
    assert cell_texts(html, "Appelhof")[4] == "3"
    assert "Appelhof: 10 meldingen" in html


def test_arrears_are_never_on_the_police_page(world, client):
    kept_count(MARCH, world.buurt_a1, "financieel-huurachterstand", 12)

    html = _page(client, world.agent_a, world.district_a).content.decode()

    assert "Financieel" not in html and "huurachterstand" not in html
    assert ">12<" not in html
    response = _page(client, world.agent_a, world.district_a, "?categorie=financieel")
    assert "Een gekozen categorie bestaat niet" in response.content.decode()
    assert ">12<" not in response.content.decode()


def test_spots_are_for_the_wijks_team_only(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6)
    kept_spot(
        MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6, street="Appellaan", lat=52.005, lon=5.505
    )

    member = _page(client, world.consulent_a, world.district_a).content.decode()
    outsider = _page(client, world.wijkmanager_b, world.district_a).content.decode()

    assert "Appellaan (Appelhof)" in member
    assert any(c.find(f"{SVG}title") is not None for c in inline_svg(member).iter(f"{SVG}circle"))
    assert "Appellaan" not in outsider
    assert all(c.find(f"{SVG}title") is None for c in inline_svg(outsider).iter(f"{SVG}circle"))
    assert "ziet alleen het wijkteam van deze wijk" in outsider
    assert cell_texts(outsider, "Appelhof")[1] == "6"  # the buurt's count they do see


def test_no_street_of_a_category_about_persons_even_for_the_team(world, client):
    # The worker keeps no spots of such categories; were one there, it still stays unseen.
    kept_count(MARCH, world.buurt_a1, "zorg-verwaarlozing", 9)
    kept_spot(
        MARCH, world.buurt_a1, "zorg-verwaarlozing", 9, street="Zorgstraat", lat=52.005, lon=5.505
    )

    html = _page(client, world.wijkmanager_a, world.district_a, "?categorie=zorg").content.decode()

    assert "Zorgstraat" not in html
    assert "kan een plek naar een persoon wijzen" in html
    assert cell_texts(html, "Appelhof")[0] == "10"  # 9 rounded to a multiple of 5 for a non-owner


def test_the_top_places_show_the_equal_period_before_and_the_trend(world, client):
    query = "?periode=maand&maand=2026-03"
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6)
    kept_count(FEBRUARY, world.buurt_a1, "vervuiling-zwerfafval", 4)
    kept_count(MARCH, world.buurt_a2, "vervuiling-graffiti", 2)
    kept_spot(
        MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6, street="Appellaan", lat=52.005, lon=5.505
    )
    kept_spot(
        FEBRUARY,
        world.buurt_a1,
        "vervuiling-zwerfafval",
        8,
        street="Appellaan",
        lat=52.005,
        lon=5.505,
    )

    html = _page(client, world.wijkmanager_a, world.district_a, query).content.decode()

    appelhof = cell_texts(html, "Appelhof")
    assert appelhof[-3:-1] == ["6", "4"]
    assert appelhof[-1] == "↑ 50%50% meer dan de periode ervoor"
    perenlaan = cell_texts(html, "Perenlaan")
    assert perenlaan[-1].startswith("↑ nieuw")
    spot = cell_texts(html, "Appellaan (Appelhof)")
    assert spot == ["6", "8", "↓ 25%25% minder dan de periode ervoor"]
    assert html.index(">Appelhof</th><td") < html.index(">Perenlaan</th><td")


@pytest.mark.parametrize(
    ("now", "before", "text", "percent"),
    [
        (15, 10, "↑ 50%", 50),
        (9, 12, "↓ 25%", -25),
        (7, 7, "=", 0),
        (4, 0, "↑ nieuw", None),
        (0, 4, "↓ 100%", -100),
        (1, 8, "↓ 88%", -88),  # 87.5: half away from zero
        (2, 3, "↓ 33%", -33),
        (0, 0, "=", None),
    ],
)
def test_trend_arithmetic(now, before, text, percent):
    trend = Trend(now, before)
    assert trend.text == text
    assert trend.percent == percent
    assert trend.words


def test_the_period_before_is_of_equal_length():
    quarter = Period("kwartaal", date(2026, 1, 1), date(2026, 3, 1))
    assert period_before(quarter) == Period("kwartaal", date(2025, 10, 1), date(2025, 12, 1))
    year = Period("eigen", date(2025, 4, 1), date(2026, 3, 1))
    assert period_before(year).start == date(2024, 4, 1)
    assert period_before(year).end == date(2025, 3, 1)


def test_a_subcategory_counts_only_its_own_signals(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 5)
    kept_count(MARCH, world.buurt_a1, "vervuiling-graffiti", 2)
    kept_count(MARCH, world.buurt_a1, "overlast-geluid", 4)

    html = _page(
        client, world.wijkmanager_a, world.district_a, "?categorie=vervuiling-graffiti"
    ).content.decode()

    assert cell_texts(html, "Appelhof")[:2] == ["2", "2"]  # Vervuiling (graffiti), total
    assert ">Overlast</th>" not in html


def test_the_page_reads_a_constant_number_of_queries(world, client, django_assert_max_num_queries):
    client.force_login(world.wijkmanager_a)
    url = reverse("wijkbeeld:hotspots", args=[world.district_a.code])
    client.get(url)  # the wijk's outline is kept per process after the first
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 1)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for month in (MARCH, FEBRUARY, LAST_YEAR):
        for buurt in (world.buurt_a1, world.buurt_a2):
            for slug in ("vervuiling-zwerfafval", "overlast-geluid", "zorg-eenzaamheid"):
                kept_count(month, buurt, slug, 3)
                kept_spot(month, buurt, slug, 3, street=f"Straat {slug}", lat=52.005, lon=5.505)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url + "?periode=eigen&van=2024-01&tot=2026-03")
    assert response.status_code == 200


def test_bad_input_falls_back_with_a_message_never_an_error(world, client):
    for query in (
        "?periode=jaar&jaar=abc",
        "?periode=eigen&van=2026-03&tot=2025-01",
        "?periode=maand&maand=1999-01",
        "?periode=kwartaal&kwartaal=2026-K9",
        "?categorie=bestaat-niet&categorie=%00",
    ):
        response = _page(client, world.wijkmanager_a, world.district_a, query)
        assert response.status_code == 200, query
        assert 'class="notice"' in response.content.decode(), query
    assert _page(client, world.wijkmanager_a, world.district_b).status_code == 200
    response = client.get(reverse("wijkbeeld:hotspots", args=["WK999999"]))
    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(reverse("wijkbeeld:hotspots", args=[world.district_a.code]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_signal_through_the_intake_reaches_the_map(world, client, run_worker):
    intake("vervuiling-zwerfafval", location=place(52.005, 5.505, street="Appellaan"))
    run_worker()
    figures_catch_up()

    html = _page(client, world.wijkmanager_a, world.district_a).content.decode()

    assert cell_texts(html, "Appelhof")[1] == "1"
    assert "Appellaan (Appelhof)" in html


pytestmark = pytest.mark.django_db
