"""The hotspots' tables as CSV and Excel: exactly the numbers the page shows (small counts about
persons "< 5" and in no total, the others of such a category rounded), the same period and
categories as the page, the spots only for who the page shows them to, and bad input a clear
400 or 404."""

import io
import re
import zipfile
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.wijkbeeld.hotspot_support import kept_count, kept_spot
from tests.wijkbeeld.picture_support import csv_rows, xlsx_rows

MARCH, FEBRUARY = date(2026, 3, 1), date(2026, 2, 1)
MONTH = "periode=maand&maand=2026-03"
# The page's trend (what the eye reads) as the download's change in percent.
TREND = re.compile(r"([↑↓]) (\d+)%")


@pytest.fixture
def counted(world, time_machine):
    time_machine.move_to(local(2026, 3, 20, 12, 0), tick=False)
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 8)
    kept_count(FEBRUARY, world.buurt_a1, "vervuiling-zwerfafval", 5)
    kept_count(MARCH, world.buurt_a1, "zorg-eenzaamheid", 3)
    kept_count(MARCH, world.buurt_a1, "zorg-verwaarlozing", 4)  # 7 in all: 5 for a non-owner
    kept_count(MARCH, world.buurt_a2, "zorg-eenzaamheid", 2)
    kept_count(MARCH, world.buurt_a2, "overlast-geluid", 6)
    kept_count(MARCH, world.buurt_a1, "financieel-huurachterstand", 12)
    for month, count in ((MARCH, 8), (FEBRUARY, 5)):
        kept_spot(
            month,
            world.buurt_a1,
            "vervuiling-zwerfafval",
            count,
            street="Appellaan",
            lat=52.005,
            lon=5.505,
        )
    kept_spot(
        MARCH, world.buurt_a2, "overlast-geluid", 6, street="Perenstraat", lat=52.005, lon=5.515
    )
    return world


def _url(table: str, fmt: str, query: str = MONTH, district: str = "WK099901") -> str:
    kwargs = {"district_code": district, "table": table, "fmt": fmt}
    return reverse("wijkbeeld:hotspots_table", kwargs=kwargs) + f"?{query}"


def _get(client, user, url: str):
    client.force_login(user)
    return client.get(url)


def _page(client, user, query: str = MONTH) -> str:
    response = _get(client, user, reverse("wijkbeeld:hotspots", args=["WK099901"]) + f"?{query}")
    assert response.status_code == 200
    return response.content.decode()


def _cell(html: str) -> str:
    """A cell as the eye reads it: a trend by its arrow (as the change in percent), a total
    without the "*" of its note."""
    trend = re.search(r'<span class="trend[^"]*" aria-hidden="true">(.*?)</span>', html)
    if trend:
        text = trend.group(1)
        if text == "=":
            return "0"
        if "nieuw" in text:
            return "nieuw"
        arrow, percent = TREND.fullmatch(text).groups()
        return percent if arrow == "↑" else f"-{percent}"
    html = html.replace('<span aria-hidden="true">*</span>', "")
    return unescape(re.sub(r"<[^>]+>", "", html)).strip()


def _page_table(html: str, table_id: str) -> list[list[str]]:
    start = html.index(f'id="{table_id}"')
    table = html[start : html.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        rows.append([_cell(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    header = rows[0]
    # The page's column "Verandering" holds arrows; the download's the change in percent.
    rows[0] = [f"{name} (%)" if name == "Verandering" else name for name in header]
    return rows


@pytest.mark.parametrize("table", ["buurten", "top-buurten", "plekken"])
@pytest.mark.parametrize("who", ["wijkmanager_a", "agent_a", "opbouwwerker_a", "consulent_a"])
def test_each_download_holds_exactly_the_table_on_the_page(client, counted, table, who):
    user = getattr(counted, who)
    shown = _page_table(_page(client, user), f"hotspots-{table}")

    from_csv = csv_rows(_get(client, user, _url(table, "csv")))
    from_xlsx = xlsx_rows(_get(client, user, _url(table, "xlsx")))

    assert from_csv == shown
    assert [[str(cell) for cell in row] for row in from_xlsx] == shown
    assert all(isinstance(row[1], int) for row in from_xlsx[1:])  # numbers stay numbers


def test_a_small_count_about_persons_stays_suppressed_in_the_download(client, counted):
    rows = csv_rows(_get(client, counted.agent_a, _url("buurten", "csv")))
    header = rows[0]
    appelhof = dict(zip(header, rows[1], strict=True))
    perenlaan = dict(zip(header, rows[2], strict=True))

    assert "Financieel" not in header  # the arrears: not for the police at all
    assert appelhof["Zorg"] == "5"  # 3 + 4 = 7, rounded to a multiple of 5 outside welzijn
    assert perenlaan["Zorg"] == "< 5" and perenlaan["Totaal"] == "6"  # the 2 is in no total
    assert "< 5" in xlsx_rows(_get(client, counted.agent_a, _url("buurten", "xlsx")))[2]
    workbook = _get(client, counted.agent_a, _url("buurten", "xlsx")).content
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        inside = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "Financieel" not in inside and "terug te rekenen" in inside  # the note

    # Welfare owns the care worries: it downloads them as they are.
    rows = csv_rows(_get(client, counted.opbouwwerker_a, _url("buurten", "csv")))
    care = rows[0].index("Zorg")
    assert [rows[1][care], rows[2][care]] == ["7", "2"]
    assert rows[2][rows[0].index("Totaal")] == "8"


def test_spots_are_downloaded_only_by_who_the_page_shows_them_to(client, counted):
    member = _get(client, counted.consulent_a, _url("plekken", "csv"))
    assert member.status_code == 200
    assert [row[0] for row in csv_rows(member)[1:]] == [
        "Appellaan (Appelhof)",
        "Perenstraat (Perenlaan)",
    ]

    # Wijk B's wijkmanager sees wijk A per buurt only: no spots table, no link, no street.
    outsider = counted.wijkmanager_b
    assert "/hotspots/plekken." not in _page(client, outsider)
    for fmt in ("csv", "xlsx"):
        assert _get(client, outsider, _url("plekken", fmt)).status_code == 404
        for table in ("buurten", "top-buurten"):
            body = _get(client, outsider, _url(table, fmt)).content
            if fmt == "xlsx":
                with zipfile.ZipFile(io.BytesIO(body)) as archive:
                    body = b"".join(archive.read(name) for name in archive.namelist())
            assert b"Appellaan" not in body and b"Perenstraat" not in body

    # Nor, for the team, in categories about persons: a spot could point to a person.
    care = _get(client, counted.consulent_a, _url("plekken", "csv", f"{MONTH}&categorie=zorg"))
    assert care.status_code == 404


def test_the_links_on_the_page_ask_for_its_period_and_categories(client, counted):
    query = f"{MONTH}&categorie=vervuiling-zwerfafval"
    html = _page(client, counted.wijkmanager_a, query)

    links = re.findall(r'href="(/wijkbeeld/WK099901/hotspots/[^"]+)"', html)
    assert len(links) == 6  # three tables, each as CSV and Excel
    csv_link = unescape(next(link for link in links if "/buurten.csv" in link))
    assert "periode=maand" in csv_link and "categorie=vervuiling-zwerfafval" in csv_link
    response = _get(client, counted.wijkmanager_a, csv_link)
    assert response["Content-Disposition"] == (
        'attachment; filename="wijkbeeld-hotspots-buurten-WK099901-2026-03-2026-03.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == ["Buurt", "Vervuiling", "Totaal", "Periode ervoor", "Verandering (%)"]
    assert rows[1] == ["Appelhof", "8", "8", "5", "60"]


@pytest.mark.parametrize(
    ("table", "fmt", "query", "status"),
    [
        ("buurten", "csv", "periode=maand&maand=2026-13", 400),
        ("buurten", "xlsx", "periode=jaar&jaar=1999", 400),
        ("top-buurten", "csv", "periode=eigen&van=2026-03&tot=2025-01", 400),
        ("plekken", "csv", "periode=kwartaal&kwartaal=99999-K1", 400),
        ("buurten", "csv", "categorie=bestaat-niet", 400),
        ("buurten", "csv", "categorie=%00", 400),
        ("buurten", "csv", "categorie=financieel", 400),  # hidden from the police: unknown
        ("taart", "csv", "", 404),
        ("buurten", "pdf", "", 404),
    ],
)
def test_bad_input_is_a_clear_refusal(client, counted, table, fmt, query, status):
    response = _get(client, counted.agent_a, _url(table, fmt, query))

    assert response.status_code == status
    if status == 400:
        assert response["Content-Type"].startswith("text/plain")
        assert len(response.content.decode()) > 10


def test_an_unknown_wijk_or_an_anonymous_visitor_gets_no_download(client, counted):
    assert client.get(_url("buurten", "csv")).status_code == 302  # to the login page
    assert (
        _get(client, counted.agent_a, _url("buurten", "csv", district="WK099999")).status_code
        == 404
    )
    assert (
        _get(client, counted.agent_a, _url("buurten", "csv", district="WK\x00")).status_code == 404
    )
