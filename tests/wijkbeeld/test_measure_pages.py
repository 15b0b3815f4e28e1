"""The measures' pages: the list, recording and changing a measure (errors at their field,
nothing typed lost), removing one after a confirmation, its effect and its comparison buurten;
every staff member reads, only the wijk's team changes, others get the 404."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from tests.wijkbeeld.measure_support import category, coordinator, lay_counts, months, record
from wijkteam.access.models import AuditEntry
from wijkteam.wijkbeeld.models import Measure

CODE = "WK099901"


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-01-15 10:00 +01:00", tick=False)


def _url(name: str, measure: Measure | None = None) -> str:
    kwargs = {"district_code": CODE}
    if measure is not None:
        kwargs["pk"] = measure.pk
    return reverse(f"wijkbeeld:{name}", kwargs=kwargs)


def _form(world, **overrides) -> dict:
    data = {
        "title": "Extra verlichting",
        "kind": "verlichting",
        "description": "Zes lantaarnpalen erbij op het pad langs de vijver.",
        "neighbourhoods": [str(world.buurt_a1.pk)],
        "started_on": "2025-06-01",
        "ended_on": "",
        "target_categories": [
            str(category("vernieling").pk),
            str(category("onveiligheid-plek").pk),
        ],
        "cost": "42.500",
        "partners": [str(world.gemeente.pk)],
        "is_public": "on",
    }
    return data | overrides


def test_the_list_shows_the_wijks_measures_newest_first_in_constant_queries(
    client, world, django_assert_max_num_queries
):
    for n in range(4):
        record(world, title=f"Maatregel {n}", started_on=date(2025, n + 1, 1))
    record(world, title="Oude ronde", started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30))
    record(
        world,
        actor=world.wijkmanager_b,
        district=world.district_b,
        title="Elders",
        neighbourhoods=[world.buurt_b1],
    )
    client.force_login(world.agent_a)

    with django_assert_max_num_queries(12):
        response = client.get(_url("measures"))

    html = response.content.decode()
    titles = ["Maatregel 3", "Maatregel 2", "Maatregel 1", "Maatregel 0", "Oude ronde"]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)
    assert "Elders" not in html
    assert 'id="measure-new"' in html

    ended = client.get(_url("measures"), {"status": "gestopt"}).content.decode()
    assert "Oude ronde" in ended and "Maatregel 3" not in ended
    ongoing = client.get(_url("measures"), {"status": "lopend"}).content.decode()
    assert "Oude ronde" not in ongoing and "Maatregel 3" in ongoing


def test_the_list_pages_and_says_when_there_is_nothing(client, world):
    client.force_login(world.wijkmanager_a)
    assert 'id="no-measures"' in client.get(_url("measures")).content.decode()

    for n in range(21):
        record(world, title=f"Ronde {n:02d}", started_on=date(2025, 1, 1 + n))
    first = client.get(_url("measures")).content.decode()
    second = client.get(_url("measures"), {"pagina": 2}).content.decode()
    assert "Ronde 20" in first and "Ronde 00" not in first and 'rel="next"' in first
    assert "Ronde 00" in second


def test_a_member_records_a_measure_through_the_form(client, world):
    client.force_login(world.consulent_a)
    page = client.get(_url("measure_new")).content.decode()
    # The buurten of the wijk, the target categories per main category, the team's partners.
    assert "Appelhof" in page and "Kersentuin" not in page
    assert "Alle meldingen van Vervuiling" in page
    assert "Politie Test" in page

    response = client.post(_url("measure_new"), _form(world))

    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("measure", measure)
    assert str(measure.cost) == "42500.00" and measure.created_by == world.consulent_a
    assert {c.slug for c in measure.target_categories.all()} == {"vernieling", "onveiligheid-plek"}
    assert AuditEntry.objects.filter(action="measure_record").count() == 1


def test_errors_come_back_at_their_field_with_everything_typed(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.post(
        _url("measure_new"),
        _form(world, started_on="2025-06-01", ended_on="2025-05-01", cost="veel"),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Vul een bedrag in euro" in html
    assert "Zes lantaarnpalen erbij op het pad langs de vijver." in html
    assert 'value="Extra verlichting"' in html and 'value="veel"' in html
    assert not Measure.objects.exists()

    # The service's own rule, at its field.
    response = client.post(_url("measure_new"), _form(world, ended_on="2025-05-01"))
    assert response.status_code == 400
    form = response.context["form"]
    assert "niet stoppen voordat hij begon" in form.errors["ended_on"][0]
    assert 'value="42.500"' in response.content.decode()


def test_editing_starts_from_what_was_recorded(client, world):
    measure = record(world, cost="18.000", partners=[world.corporatie])
    client.force_login(world.wijkmanager_a)

    page = client.get(_url("measure_edit", measure)).content.decode()
    assert 'value="Extra schoonmaakronde"' in page and 'value="18000,00"' in page

    data = _form(
        world, title="Extra schoonmaakronde (wekelijks)", kind="schoonmaakronde", cost="18000,00"
    )
    response = client.post(_url("measure_edit", measure), data)

    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Extra schoonmaakronde (wekelijks)"
    assert str(measure.cost) == "18000.00"


def test_a_measure_is_removed_only_after_its_confirmation_page(client, world):
    measure = record(world)
    client.force_login(world.wijkmanager_a)

    page = client.get(_url("measure_delete", measure))
    assert page.status_code == 200 and "verwijderen?" in page.content.decode()
    assert Measure.objects.exists()

    response = client.post(_url("measure_delete", measure))
    assert response.status_code == 302 and response["Location"] == _url("measures")
    assert not Measure.objects.exists()


def test_the_page_shows_the_effect_and_the_suggested_comparison(client, world):
    for buurt, inhabitants in (
        (world.buurt_a1, 2000),
        (world.buurt_a2, 2000),
        (world.buurt_b1, 1800),
    ):
        buurt.inhabitants = inhabitants
        buurt.save()
    measure = record(world, started_on=date(2025, 3, 1))
    before, after = months(date(2024, 3, 1), 12), months(date(2025, 3, 1), 10)
    lay_counts(world.buurt_a1, "vervuiling-zwerfafval", dict.fromkeys(before, 10))
    lay_counts(
        world.buurt_a1,
        "vervuiling-zwerfafval",
        dict(zip(after, [4, 5, 3, 4, 4, 5, 3, 4, 4, 4], strict=True)),
    )
    lay_counts(world.buurt_a2, "vervuiling-zwerfafval", dict.fromkeys(before + after, 10))
    lay_counts(world.buurt_b1, "vervuiling-zwerfafval", dict.fromkeys(before + after, 8))
    client.force_login(world.opbouwwerker_a)

    html = client.get(_url("measure", measure)).content.decode()

    assert "minder meldingen van vervuiling dan in vergelijkbare buurten" in html
    assert "voorgesteld" in html and "Perenlaan" in html and "Kersentuin" in html
    assert 'id="effect-table"' in html
    assert 'id="comparison-form"' in html

    response = client.post(_url("measure_comparison", measure), {"action": "voorstel"})
    assert response.status_code == 302
    assert set(measure.comparison_neighbourhoods.all()) == {world.buurt_a2, world.buurt_b1}
    assert "gekozen" in client.get(_url("measure", measure)).content.decode()

    client.post(
        _url("measure_comparison", measure),
        {"action": "kiezen", "comparison_neighbourhoods": [str(world.buurt_b1.pk)]},
    )
    assert list(measure.comparison_neighbourhoods.all()) == [world.buurt_b1]

    client.post(_url("measure_comparison", measure), {"action": "wissen"})
    assert not measure.comparison_neighbourhoods.exists()


def test_a_measure_too_recent_says_so_instead_of_a_number(client, world):
    measure = record(world, started_on=date(2025, 12, 25))
    client.force_login(world.wijkmanager_a)

    html = client.get(_url("measure", measure)).content.decode()

    assert 'id="effect-warning"' in html and "Nog te kort na de start" in html
    assert 'id="effect-text"' not in html


def test_a_measures_own_buurt_is_no_comparison_choice(client, world):
    measure = record(world)
    client.force_login(world.wijkmanager_a)

    response = client.post(
        _url("measure_comparison", measure),
        {"action": "kiezen", "comparison_neighbourhoods": [str(world.buurt_a1.pk)]},
    )

    assert response.status_code == 400
    assert "een buurt van de maatregel zelf is geen vergelijkingsbuurt" in response.content.decode()
    assert not measure.comparison_neighbourhoods.exists()


@pytest.mark.parametrize("who", ["wijkmanager_b", "reader", "rent_admin"])
def test_who_may_only_read_sees_the_measures_without_buttons_and_gets_404_on_changes(
    client, world, who
):
    measure = record(world)
    client.force_login(getattr(world, who))

    listing = client.get(_url("measures"))
    page = client.get(_url("measure", measure))
    assert listing.status_code == page.status_code == 200
    html = listing.content.decode() + page.content.decode()
    assert 'id="measure-new"' not in html and 'id="measure-edit"' not in html
    assert 'id="comparison-form"' not in html

    assert client.get(_url("measure_new")).status_code == 404
    assert client.post(_url("measure_new"), _form(world)).status_code == 404
    assert client.get(_url("measure_edit", measure)).status_code == 404
    assert client.post(_url("measure_edit", measure), _form(world)).status_code == 404
    assert client.get(_url("measure_delete", measure)).status_code == 404
    assert client.post(_url("measure_delete", measure)).status_code == 404
    assert client.post(_url("measure_comparison", measure), {"action": "wissen"}).status_code == 404
    assert Measure.objects.get().title == "Extra schoonmaakronde"


def test_a_coordinator_changes_the_measures_of_every_wijk(client, world):
    measure = record(world)
    client.force_login(coordinator(world))

    assert client.get(_url("measure_edit", measure)).status_code == 200
    assert client.post(_url("measure_delete", measure)).status_code == 302


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    measure = record(world)

    for url in (_url("measures"), _url("measure", measure), _url("measure_new")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    assert client.post(_url("measure_delete", measure)).status_code == 302
    assert Measure.objects.exists()


def test_a_measure_of_another_wijk_or_none_is_404(client, world):
    other = record(
        world, actor=world.wijkmanager_b, district=world.district_b, neighbourhoods=[world.buurt_b1]
    )
    client.force_login(world.wijkmanager_a)

    assert client.get(_url("measure", other)).status_code == 404
    assert (
        client.get(reverse("wijkbeeld:measures", kwargs={"district_code": "WK000000"})).status_code
        == 404
    )
    assert (
        client.get(
            reverse("wijkbeeld:measure", kwargs={"district_code": CODE, "pk": 999999})
        ).status_code
        == 404
    )
