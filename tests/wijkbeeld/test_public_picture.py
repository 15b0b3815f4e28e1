"""The public picture of a wijk (/cijfers/) and its open data: the same counts on the page, in
the CSV and in the JSON, with small counts about persons suppressed and in no total, arrears
never, measures without internal notes, realised initiatives without who proposed them."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.initiatives.conftest import make_initiative
from tests.wijkbeeld.hotspot_support import cell_texts, kept_count
from wijkteam.initiatives.models import Stage
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.models import Measure, MeasureKind

MARCH = date(2026, 3, 1)
PUBLIC_MAINS = ["overlast", "vervuiling", "vernieling", "onveiligheid", "zorg", "acuut"]


@pytest.fixture(autouse=True)
def in_march_2026(time_machine):
    time_machine.move_to(local(2026, 3, 20, 12, 0), tick=False)


def _page(client, district, query=""):
    return client.get(reverse("wijkcijfers:district", args=[district.code]) + query)


def _data(client, district, fmt, query=""):
    return client.get(reverse("wijkcijfers:data", args=[district.code, fmt]) + query)


def _json(client, district, query="") -> dict:
    response = _data(client, district, "json", query)
    assert response.status_code == 200
    return json.loads(response.content)


def _csv(client, district, query="") -> list[dict]:
    response = _data(client, district, "csv", query)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def _measure(district, buurten, **fields) -> Measure:
    targets = fields.pop("targets", ["vervuiling"])
    partners = fields.pop("partners", [])
    fields = {
        "title": "Extra schoonmaakronde",
        "kind": MeasureKind.CLEANING_ROUND,
        "started_on": date(2026, 1, 15),
        "cost": Decimal("2500.00"),
        **fields,
    }
    measure = Measure.objects.create(district=district, **fields)
    measure.neighbourhoods.set(buurten)
    measure.partners.set(partners)
    measure.target_categories.set(Category.objects.filter(slug__in=targets))
    return measure


def test_the_list_links_every_wijk_without_an_account(world, client):
    response = client.get(reverse("wijkcijfers:list"))

    assert response.status_code == 200
    html = response.content.decode()
    for district in (world.district_a, world.district_b):
        assert reverse("wijkcijfers:district", args=[district.code]) in html
        assert district.name in html


def test_a_count_of_three_in_zorg_is_less_than_five_everywhere_and_in_no_total(world, client):
    kept_count(MARCH, world.buurt_a1, "zorg-eenzaamheid", 3)
    kept_count(MARCH, world.buurt_a1, "overlast-geluid", 7)

    html = _page(client, world.district_a).content.decode()
    march = cell_texts(html, "maart 2026")
    assert dict(zip(PUBLIC_MAINS, march, strict=False))["zorg"] == "< 5"
    assert march[-1] == "7"  # the month's total: the 3 is not in it
    totals = cell_texts(html, "Totaal")
    assert totals[PUBLIC_MAINS.index("zorg")] == "< 5" and totals[-1] == "7"
    assert "In totaal 7 meldingen" in html and ">10<" not in html

    rows = {(r["maand"], r["hoofdcategorie"]): r for r in _csv(client, world.district_a)}
    assert rows[("2026-03", "zorg")]["aantal"] == ""
    assert rows[("2026-03", "zorg")]["aantal_tekst"] == "< 5"
    assert rows[("2026-03", "overlast")]["aantal"] == "7"

    data = _json(client, world.district_a)
    zorg = [m for m in data["maanden"] if m["hoofdcategorie"] == "zorg" and m["maand"] == "2026-03"]
    assert zorg == [
        {
            "maand": "2026-03",
            "buurt": None,
            "hoofdcategorie": "zorg",
            "naam": "Zorg",
            "aantal": None,
            "aantal_tekst": "< 5",
        }
    ]
    assert sum(m["aantal"] or 0 for m in data["maanden"]) == 7


def test_the_public_see_the_same_suppression_when_logged_in_as_the_owner(world, client):
    kept_count(MARCH, world.buurt_a1, "zorg-eenzaamheid", 3)
    client.force_login(world.opbouwwerker_a)  # Veens owns zorg, but this is the public page

    march = cell_texts(_page(client, world.district_a).content.decode(), "maart 2026")

    assert march[PUBLIC_MAINS.index("zorg")] == "< 5"


def test_arrears_are_never_public(world, client):
    kept_count(MARCH, world.buurt_a1, "financieel-huurachterstand", 12)
    _measure(world.district_a, [world.buurt_a1], targets=["financieel", "vervuiling"])

    html = _page(client, world.district_a).content.decode()
    rows = _csv(client, world.district_a)
    text = json.dumps(_json(client, world.district_a))

    for shown in (html, text, json.dumps(rows)):
        assert "financieel" not in shown.lower()
        assert "huurachterstand" not in shown.replace("over huurachterstand", "")
    assert ">12<" not in html
    assert {r["hoofdcategorie"] for r in rows} == set(PUBLIC_MAINS)


def test_the_json_has_its_documented_shape(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6)
    _measure(world.district_a, [world.buurt_a1], partners=[world.gemeente])
    make_initiative(world.buurt_a2, stage=Stage.REALISED, title="Muurschildering")

    response = _data(client, world.district_a, "json")
    data = json.loads(response.content)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert list(data) == [
        "versie",
        "wijk",
        "periode",
        "toelichting",
        "hoofdcategorieen",
        "maanden",
        "maatregelen",
        "initiatieven",
    ]
    assert data["versie"] == 1
    assert data["wijk"] == {
        "code": "WK099901",
        "naam": "Wijk 01 Testoord",
        "inwoners": 1000,
        "huishoudens": None,
    }
    assert data["periode"] == {"van": "2025-04", "tot": "2026-03"}
    assert "< 5" in data["toelichting"]
    assert [c["hoofdcategorie"] for c in data["hoofdcategorieen"]] == PUBLIC_MAINS
    assert {
        c["hoofdcategorie"] for c in data["hoofdcategorieen"] if c["kleine_aantallen_verborgen"]
    } == {
        "onveiligheid",
        "zorg",
        "acuut",
    }
    assert len(data["maanden"]) == 12 * len(PUBLIC_MAINS)
    for month in data["maanden"]:
        assert set(month) == {"maand", "buurt", "hoofdcategorie", "naam", "aantal", "aantal_tekst"}
        assert isinstance(month["aantal"], int | None) and isinstance(month["aantal_tekst"], str)
    assert data["maanden"][0]["maand"] == "2025-04"
    assert data["maatregelen"] == [
        {
            "naam": "Extra schoonmaakronde",
            "soort": "schoonmaakronde",
            "soort_naam": "Extra schoonmaakronde",
            "buurten": [{"code": "BU09990100", "naam": "Appelhof"}],
            "begonnen_op": "2026-01-15",
            "gestopt_op": None,
            "kosten_euro": 2500.0,
            "partners": ["Gemeente Testoord"],
            "bedoeld_tegen": ["vervuiling"],
        }
    ]
    [initiative] = data["initiatieven"]
    assert set(initiative) == {"nummer", "titel", "buurt", "gerealiseerd_op", "url"}
    assert initiative["titel"] == "Muurschildering"
    assert initiative["buurt"] == {"code": "BU09990101", "naam": "Perenlaan"}
    assert initiative["gerealiseerd_op"] == "2026-03-20"
    assert initiative["url"].endswith(reverse("initiatives:detail", args=[initiative["nummer"]]))


def test_the_csv_opens_in_dutch_excel_and_may_be_cached(world, client):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6)

    response = _data(client, world.district_a, "csv", "?jaar=2025")
    rows = _csv(client, world.district_a, "?jaar=2025")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="wijkcijfers-WK099901-2025-01-2025-12.csv"' in response["Content-Disposition"]
    assert "max-age=300" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert response.content.decode("utf-8").splitlines()[0] == (
        "\ufeffwijk;maand;buurt;hoofdcategorie;naam;aantal;aantal_tekst"
    )
    assert len(rows) == 12 * len(PUBLIC_MAINS)
    assert {r["maand"] for r in rows} == {f"2025-{m:02d}" for m in range(1, 13)}
    assert all(r["aantal"] == "0" for r in rows)  # March 2026 is not in 2025
    json_response = _data(client, world.district_a, "json")
    assert "max-age=300" in json_response["Cache-Control"]


def test_measures_show_what_where_when_and_cost_but_no_internal_note(world, client):
    _measure(
        world.district_a,
        [world.buurt_a1, world.buurt_a2],
        title="Extra verlichting",
        kind=MeasureKind.LIGHTING,
        description="Intern: de wijkagent wees op Appellaan 3",
        ended_on=date(2026, 2, 28),
        cost=Decimal("12500.00"),
    )
    _measure(world.district_a, [world.buurt_a1], title="Stille camera", is_public=False)
    _measure(
        world.district_a,
        [world.buurt_a1],
        title="Lang geleden",
        started_on=date(2020, 1, 1),
        ended_on=date(2020, 6, 30),
    )
    _measure(world.district_b, [world.buurt_b1], title="In een andere wijk")

    html = _page(client, world.district_a).content.decode()
    data = _json(client, world.district_a)

    assert "Extra verlichting" in html and "Appelhof, Perenlaan" in html
    assert "12.500" in html and "15 januari 2026 tot en met 28 februari 2026" in html
    for hidden in ("Intern", "Appellaan", "Stille camera", "Lang geleden", "In een andere wijk"):
        assert hidden not in html
        assert hidden not in json.dumps(data, ensure_ascii=False)
    assert [m["naam"] for m in data["maatregelen"]] == ["Extra verlichting"]


def test_realised_initiatives_show_without_who_proposed_them(world, client):
    make_initiative(
        world.buurt_a1,
        stage=Stage.REALISED,
        title="Voetbalkooi",
        initiator_name="Henk de Vries",
        initiator_email="henk@example.test",
    )
    make_initiative(world.buurt_a1, stage=Stage.PLAN, title="Nog een plan")

    html = _page(client, world.district_a).content.decode()
    text = _data(client, world.district_a, "json").content.decode()

    assert "Voetbalkooi" in html and "Voetbalkooi" in text
    for hidden in ("Henk", "henk@example.test", "Nog een plan"):
        assert hidden not in html and hidden not in text


@pytest.mark.parametrize(
    ("query", "van", "tot"),
    [
        ("", "2025-04", "2026-03"),
        ("?jaar=2025", "2025-01", "2025-12"),
        ("?jaar=2026", "2026-01", "2026-03"),
        ("?jaar=2022", "2022-01", "2022-12"),
        ("?van=2021-04&tot=2021-06", "2021-04", "2021-06"),
    ],
)
def test_a_period_of_up_to_five_years_back(world, client, query, van, tot):
    assert _json(client, world.district_a, query)["periode"] == {"van": van, "tot": tot}
    assert _page(client, world.district_a, query).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "?jaar=2021",
        "?jaar=2027",
        "?jaar=abc",
        "?jaar=2025&van=2025-01",
        "?van=2026-02&tot=2026-01",
        "?van=2026-13&tot=2026-13",
        "?van=2021-03&tot=2021-06",
        "?van=2026-01",
        "?van=%00&tot=2026-01",
    ],
)
def test_a_bad_period_is_a_400_with_a_clear_message(world, client, query):
    page = _page(client, world.district_a, query)
    assert page.status_code == 400
    assert 'class="error-summary"' in page.content.decode()
    as_json = _data(client, world.district_a, "json", query)
    assert as_json.status_code == 400 and json.loads(as_json.content)["fout"]
    as_csv = _data(client, world.district_a, "csv", query)
    assert as_csv.status_code == 400 and as_csv.content


def test_an_unknown_wijk_is_a_404(world, client):
    assert client.get(reverse("wijkcijfers:district", args=["WK999999"])).status_code == 404
    for fmt in ("csv", "json"):
        assert client.get(reverse("wijkcijfers:data", args=["WK999999", fmt])).status_code == 404
    assert client.get("/cijfers/WK099901.xml").status_code in (301, 404)
    assert client.get("/cijfers/WK099901.xml/").status_code == 404


def test_the_page_and_data_read_a_constant_number_of_queries(
    world, client, django_assert_max_num_queries
):
    kept_count(MARCH, world.buurt_a1, "vervuiling-zwerfafval", 6)
    _measure(world.district_a, [world.buurt_a1])
    with django_assert_max_num_queries(20) as few_page:
        _page(client, world.district_a)
    with django_assert_max_num_queries(20) as few_data:
        _data(client, world.district_a, "json")
    for number in range(4):
        _measure(
            world.district_a,
            [world.buurt_a1, world.buurt_a2],
            title=f"Maatregel {number}",
            partners=[world.gemeente, world.politie],
            targets=["vervuiling", "overlast"],
        )
        make_initiative(world.buurt_a2, stage=Stage.REALISED, title=f"Project {number}")
        kept_count(date(2025, 6 + number, 1), world.buurt_a2, "zorg-eenzaamheid", 2 + number)
    with django_assert_max_num_queries(len(few_page.captured_queries)):
        assert _page(client, world.district_a).status_code == 200
    with django_assert_max_num_queries(len(few_data.captured_queries)):
        assert _data(client, world.district_a, "json").status_code == 200


def test_the_start_page_links_to_the_numbers(world, client):
    assert reverse("wijkcijfers:list") in client.get(reverse("home")).content.decode()


pytestmark = pytest.mark.django_db
