"""Every chart of the wijk's picture: an accessible, well-formed SVG with its own policy, and
its numbers as CSV and Excel that are the table beside it, with the need-to-know rule applied
alike; bad parameters are a clear 400 or 404."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.wijkbeeld.picture_support import add_counts, csv_rows, debt_counsellor, xlsx_rows
from wijkteam.wijkbeeld.models import Measure

SVG = "{http://www.w3.org/2000/svg}"
YEAR = "periode=jaar&jaar=2026"
MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
ALL_CHARTS = [
    ("maanden", "wijk=WK099901"),
    ("maanden", "buurt=BU09990100&maat=inwoners"),
    ("maanden", ""),
    ("wijken", "maat=huishoudens&sorteer=-totaal"),
    ("buurten", "wijk=WK099901"),
    ("categorieen", "buurt=BU09990100"),
    ("open-werk", "wijk=WK099901"),
    ("regie", "wijk=WK099901"),
]


@pytest.fixture
def counted(world, time_machine):
    time_machine.move_to(local(2026, 6, 15, 12, 0), tick=False)
    add_counts(world.buurt_a1, "vervuiling-zwerfafval", {MARCH: 12, APRIL: 3})
    add_counts(world.buurt_a2, "vervuiling-zwerfafval", {MARCH: 8})
    add_counts(world.buurt_a1, "zorg-eenzaamheid", {MARCH: 3, APRIL: 7})
    add_counts(world.buurt_a1, "financieel-huurachterstand", {MARCH: 2, MAY: 6})
    add_counts(world.buurt_b1, "vervuiling-zwerfafval", {MARCH: 4})
    return world


def _get(client, user, chart: str, fmt: str, query: str):
    client.force_login(user)
    url = reverse("wijkbeeld:chart", kwargs={"chart": chart, "fmt": fmt})
    return client.get(f"{url}?{YEAR}&{query}")


def _page_table(client, user, url: str, table_id: str) -> list[list[str]]:
    """A table of a page as text, cell by cell (the page's own number formatting)."""
    client.force_login(user)
    html = client.get(url).content.decode()
    start = html.index(f'id="{table_id}"')
    table = html[start : html.index("</table>", start)]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)
        rows.append([re.sub(r"<[^>]+>|\s*[▲▼]\s*", "", cell).strip() for cell in cells])
    return [[cell.replace("&lt;", "<") for cell in row] for row in rows]


def _svg_root(response) -> ET.Element:
    """The SVG as XML (our own server's output: no untrusted input, so the plain parser)."""
    return ET.fromstring(response.content)  # noqa: S314


@pytest.mark.parametrize(("chart", "query"), ALL_CHARTS)
def test_every_chart_is_an_accessible_well_formed_svg(client, counted, chart, query):
    response = _get(client, counted.wijkmanager_a, chart, "svg", query)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "style-src 'unsafe-inline'" in policy
    assert "script" not in policy.replace("script-src 'none'", "")
    root = _svg_root(response)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    title, desc = root[0], root[1]
    assert (title.tag, title.get("id")) == (f"{SVG}title", "chart-title")
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", "chart-desc")
    assert title.text and desc.text
    assert b"<script" not in response.content
    # Text stays text: the labels are <text> elements, not paths.
    assert [element.text for element in root.iter(f"{SVG}text")]


def test_the_monthly_chart_speaks_dutch_and_marks_the_measures(client, counted):
    measure = Measure.objects.create(
        district=counted.district_a,
        title="Extra schoonmaakronde",
        kind="schoonmaakronde",
        started_on=date(2026, 3, 10),
    )
    measure.neighbourhoods.add(counted.buurt_a1)

    response = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")

    root = _svg_root(response)
    texts = {element.text for element in root.iter(f"{SVG}text")}
    assert {"mrt 2026", "aantal meldingen", "Vervuiling", "Extra schoonmaakronde"} <= texts
    description = root[1].text
    assert "Aantal meldingen per maand in Wijk 01 Testoord" in root[0].text
    assert "Vervuiling: 23 in totaal, het meest in maart 2026 (20)" in description
    assert "Extra schoonmaakronde (sinds 10 maart 2026)" in description


def test_rates_on_the_axis_read_dutch(client, counted):
    counted.district_a.inhabitants = 40_000
    counted.district_a.save()

    response = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901&maat=inwoners")

    texts = {element.text for element in _svg_root(response).iter(f"{SVG}text")}
    assert "0,5" in texts and "0.5" not in texts


def test_the_same_chart_is_the_same_svg_and_is_drawn_once(client, counted, monkeypatch):
    from wijkteam.wijkbeeld import charts

    drawn = []
    draw = charts.draw_svg
    monkeypatch.setattr(charts, "draw_svg", lambda chart: drawn.append(1) or draw(chart))
    first = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")
    second = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")

    assert first.content == second.content and len(drawn) == 1
    assert first["ETag"] == second["ETag"]
    assert "private" in first["Cache-Control"]
    again = client.get(first.wsgi_request.get_full_path(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # Another viewer sees other numbers (no arrears for the gemeente, exact for the
    # corporation): another drawing.
    other = _get(client, counted.consulent_a, "maanden", "svg", "wijk=WK099901")
    assert other["ETag"] != first["ETag"] and len(drawn) == 2


def test_a_refresh_of_the_counts_gives_a_new_chart(client, counted):
    first = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")
    add_counts(counted.buurt_a2, "overlast-geluid", {MAY: 9})
    second = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")

    assert first["ETag"] != second["ETag"]
    assert b"Overlast: 9 in totaal" in second.content


@pytest.mark.parametrize(
    ("chart", "query", "page", "table"),
    [
        ("maanden", "wijk=WK099901", "/wijkbeeld/WK099901/", "grafiek-maanden-table"),
        ("categorieen", "wijk=WK099901", "/wijkbeeld/WK099901/", "grafiek-categorieen-table"),
        ("buurten", "wijk=WK099901", "/wijkbeeld/WK099901/", "grafiek-buurten-table"),
        ("wijken", "", "/wijkbeeld/", "grafiek-wijken-table"),
    ],
)
@pytest.mark.parametrize("who", ["wijkmanager_a", "agent_a", "consulent_a"])
def test_csv_and_excel_hold_exactly_the_table_beside_the_chart(
    client, counted, chart, query, page, table, who
):
    user = getattr(counted, who)
    shown = _page_table(client, user, f"{page}?{YEAR}", table)

    from_csv = csv_rows(_get(client, user, chart, "csv", query))
    from_xlsx = xlsx_rows(_get(client, user, chart, "xlsx", query))

    def page_number(text: str) -> str:
        # The page groups thousands (1.234), a spreadsheet does not.
        return text.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text) else text

    assert [[page_number(cell) for cell in row] for row in shown] == from_csv
    as_text = [
        [str(cell).replace(".", ",") if isinstance(cell, float) else str(cell) for cell in row]
        for row in from_xlsx
    ]
    # Excel keeps 46.0 as 46: compare the numbers, not their trailing zeros.
    assert len(as_text) == len(from_csv)
    for csv_row, xlsx_row in zip(from_csv, from_xlsx, strict=True):
        for text, cell in zip(csv_row, xlsx_row, strict=True):
            if isinstance(cell, (int, float)):
                assert float(text.replace(",", ".")) == cell
            else:
                assert text == str(cell)


def test_small_counts_are_suppressed_in_downloads_and_arrears_absent_for_the_police(
    client, counted
):
    rows = csv_rows(_get(client, counted.agent_a, "maanden", "csv", "wijk=WK099901"))

    header = rows[0]
    assert "Financieel" not in header
    march = dict(zip(header, next(row for row in rows if row[0] == "maart 2026"), strict=True))
    assert march["Zorg"] == "< 5" and march["Vervuiling"] == "20"
    workbook = xlsx_rows(_get(client, counted.agent_a, "maanden", "xlsx", "wijk=WK099901"))
    assert "Financieel" not in workbook[0]
    assert "< 5" in next(row for row in workbook if row[0] == "maart 2026")
    comparison = csv_rows(_get(client, counted.agent_a, "wijken", "csv", ""))
    assert "Financieel" not in comparison[0]


def test_the_corporation_and_debt_help_download_the_arrears(client, counted):
    own = csv_rows(_get(client, counted.consulent_a, "maanden", "csv", "wijk=WK099901"))
    index = own[0].index("Financieel")
    assert [row[index] for row in own if row[0] in ("maart 2026", "mei 2026")] == ["2", "6"]

    helper = csv_rows(_get(client, debt_counsellor(counted), "maanden", "csv", "wijk=WK099901"))
    index = helper[0].index("Financieel")
    assert [row[index] for row in helper if row[0] in ("maart 2026", "mei 2026")] == [
        "< 5",
        "5",
    ]  # May's 6, rounded


def test_totals_leave_small_suppressed_counts_out(client, counted):
    rows = csv_rows(_get(client, counted.agent_a, "buurten", "csv", "wijk=WK099901"))
    header = rows[0]
    appelhof = dict(zip(header, next(r for r in rows if r[0] == "Appelhof"), strict=True))
    # Care in Appelhof this year: 3 + 7 = 10, told as such (at least five); litter 15.
    assert appelhof["Zorg"] == "10" and appelhof["Vervuiling"] == "15"
    assert appelhof["Totaal"] == "25"

    monthly = csv_rows(
        _get(
            client,
            counted.agent_a,
            "categorieen",
            "csv",
            "wijk=WK099901&periode=maand&maand=2026-03",
        )
    )
    care = {row[0]: row[1] for row in monthly if row[0].startswith("Zorg")}
    # March: 3 lonely-people signals, "< 5"; so is the main line's total of them.
    assert care["Zorg – Eenzaamheid"] == "< 5" and care["Zorg"] == "< 5"


def test_rates_of_a_suppressed_count_are_not_told(client, counted):
    counted.buurt_a1.inhabitants = 800
    counted.buurt_a1.save()
    rows = csv_rows(
        _get(client, counted.agent_a, "maanden", "csv", "buurt=BU09990100&maat=inwoners")
    )
    index = rows[0].index("Zorg")
    march = next(row for row in rows if row[0] == "maart 2026")
    april = next(row for row in rows if row[0] == "april 2026")
    # March's 3 may not be told, nor its rate; April's 7 is told as 5 (rounded to a multiple
    # of 5 outside the owner), among 800 inhabitants: 6.25 per 1,000.
    assert march[index] == "–" and april[index] == "6,25"


@pytest.mark.parametrize(
    ("path", "query", "status"),
    [
        ("onzin.svg", "", 404),
        ("maanden.pdf", "", 404),
        ("maanden.svg", "wijk=WK000000", 404),
        ("maanden.svg", "buurt=BU00000000", 404),
        ("maanden.svg", "wijk=WK099902&buurt=BU09990100", 404),
        ("maanden.csv", "periode=maand&maand=2026-13", 400),
        ("maanden.csv", "periode=jaar&jaar=1999", 400),
        ("maanden.csv", "periode=kwartaal&kwartaal=99999-K1", 400),
        ("maanden.svg", "maat=per-auto", 400),
        ("maanden.svg", "categorie=bestaat-niet", 400),
        ("maanden.svg", "categorie=financieel", 400),
        ("wijken.svg", "sorteer=kleur", 400),
        ("buurten.svg", "", 400),
        ("buurten.svg", "buurt=BU09990100", 400),
        ("categorieen.xlsx", "", 400),
        ("regie.svg", "periode=eigen&van=x&tot=y", 400),
    ],
)
def test_bad_parameters_are_a_clear_refusal(client, counted, path, query, status):
    client.force_login(counted.agent_a)
    response = client.get(f"/wijkbeeld/grafiek/{path}?{query}")

    assert response.status_code == status
    if status == 400:
        assert response["Content-Type"].startswith("text/plain")
        assert len(response.content.decode()) > 10


def test_a_category_filter_draws_the_chosen_categories(client, counted):
    rows = csv_rows(
        _get(
            client,
            counted.wijkmanager_a,
            "maanden",
            "csv",
            "wijk=WK099901&categorie=vervuiling-zwerfafval&categorie=zorg",
        )
    )
    assert rows[0] == ["Maand", "Vervuiling – Zwerfafval of dumping", "Zorg"]


def test_an_english_page_draws_english_months(client, counted, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _get(client, counted.wijkmanager_a, "maanden", "svg", "wijk=WK099901")

    texts = {element.text for element in _svg_root(response).iter(f"{SVG}text")}
    assert "mar 2026" in texts
    page = client.get(reverse("wijkbeeld:district", kwargs={"district_code": "WK099901"}))
    assert page.status_code == 200


pytestmark = pytest.mark.django_db
