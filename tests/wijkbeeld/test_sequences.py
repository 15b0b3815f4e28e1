"""Sequences of allowed actions that must not make the wijk's picture tell more than its rule
allows (wijkbeeld/access.py, DESIGN §6): a member moving to another wijk's team, a signal about a
person moved to another wijk, a measure's buurten changed, and a functional admin making a
category one for the case partners only. Signals come in through the real intake and the worker
keeps the counts (``run_worker``, ``figures_catch_up``), as in production; the pages are read as
their visitors read them."""

from datetime import date

import pytest
from django.urls import reverse

from tests.cases.support import intake, local, place
from tests.page_forms import forms_on
from tests.wijkbeeld.hotspot_support import cell_texts
from tests.wijkbeeld.measure_support import category, record
from wijkteam.access.services import config_record_delete
from wijkteam.intake.services import signal_relocated
from wijkteam.partners.models import TeamFunction, TeamMember
from wijkteam.partners.services import team_member_save
from wijkteam.signals.models import Category, Sensitivity
from wijkteam.wijkbeeld.models import Measure
from wijkteam.wijkbeeld.tasks import figures_catch_up

APPELHOF = {"lat": 52.005, "lon": 5.505}  # buurt a1 of wijk A
PERENLAAN = {"lat": 52.005, "lon": 5.515}  # buurt a2 of wijk A
KERSENTUIN = {"lat": 52.005, "lon": 5.605}  # buurt b1 of wijk B
FEBRUARY = local(2026, 2, 10, 10, 0)


@pytest.fixture(autouse=True)
def in_march_2026(time_machine):
    time_machine.move_to(local(2026, 3, 20, 12, 0), tick=False)
    return time_machine


def _report(slug: str, count: int, where: dict, street: str, **extra) -> list:
    return [
        intake(
            slug, location=place(where["lat"], where["lon"] + n / 10_000, street=street), **extra
        )
        for n in range(count)
    ]


def _counted(run_worker) -> None:
    """The worker does what the intake left for it (follow-ups, the marks of the counts)."""
    run_worker()
    figures_catch_up()


def _page(client, user, name: str, *args, query: str = "") -> str:
    client.force_login(user)
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200, (name, args, response.status_code)
    return response.content.decode()


def _hotspots(client, user, district, query: str = "") -> str:
    return _page(client, user, "wijkbeeld:hotspots", district.code, query=query)


def _measure_form(measure: Measure, **changes) -> dict:
    data = {
        "title": measure.title,
        "kind": measure.kind,
        "description": measure.description,
        "neighbourhoods": [str(n.pk) for n in measure.neighbourhoods.all()],
        "started_on": measure.started_on.isoformat(),
        "ended_on": "",
        "target_categories": [str(c.pk) for c in measure.target_categories.all()],
        "cost": "",
        "is_public": "on",
    }
    return data | changes


def _measure_state(measure: Measure) -> tuple:
    measure = Measure.objects.get(pk=measure.pk)
    return (
        measure.title,
        sorted(measure.neighbourhoods.values_list("code", flat=True)),
        sorted(measure.comparison_neighbourhoods.values_list("code", flat=True)),
    )


def _url(name: str, measure: Measure, district=None) -> str:
    return reverse(f"wijkbeeld:{name}", args=[(district or measure.district).code, measure.pk])


def test_a_member_who_moves_to_another_wijks_team_no_longer_sees_or_changes_the_old_wijk(
    world, client, run_worker
):
    _report("vervuiling-zwerfafval", 6, APPELHOF, "Vuilsteeg")
    _report("vervuiling-graffiti", 5, KERSENTUIN, "Kersenpad")
    _counted(run_worker)
    measure = record(world, started_on=date(2026, 1, 1))
    agent = world.agent_a
    assert "Vuilsteeg" in _hotspots(client, agent, world.district_a)
    assert "Kersenpad" not in _hotspots(client, agent, world.district_b)
    assert client.get(_url("measure_edit", measure)).status_code == 200

    # The functional admin moves the wijkagent from wijk A's team to wijk B's, as Beheer does.
    config_record_delete(
        actor=world.admin, instance=TeamMember.objects.get(team=world.team_a, user=agent)
    )
    team_member_save(
        actor=world.admin, team=world.team_b, user=agent, function=TeamFunction.WIJKAGENT
    )

    old, new = (
        _hotspots(client, agent, world.district_a),
        _hotspots(client, agent, world.district_b),
    )
    assert "Vuilsteeg" not in old and "ziet alleen het wijkteam van deze wijk" in old
    assert "Kersenpad" in new
    # The counts per buurt stay, as for every partner.
    litter = _hotspots(client, agent, world.district_a, "?categorie=vervuiling")
    assert cell_texts(litter, "Appelhof")[0] == "6"
    before = _measure_state(measure)
    for name, data in (
        ("measure_edit", _measure_form(measure, title="Door de oud-wijkagent")),
        ("measure_comparison", {"action": "kiezen", "comparison_neighbourhoods": []}),
        ("measure_delete", {}),
    ):
        assert client.get(_url(name, measure)).status_code in (404, 405), name
        assert client.post(_url(name, measure), data).status_code == 404, name
    assert _measure_state(measure) == before
    assert client.get(reverse("wijkbeeld:measure_new", args=["WK099901"])).status_code == 404
    assert client.get(reverse("wijkbeeld:measure_new", args=["WK099902"])).status_code == 200
    assert client.get(_url("measure", measure)).status_code == 200  # reading stays


def test_a_care_signal_moved_to_another_wijk_moves_its_count_and_stays_suppressed(
    world, client, run_worker, in_march_2026
):
    """Three worries about residents in Perenlaan (welfare owns the category: it reads 3, the
    police "< 5"); welfare corrects one address to Kersentuin in wijk B: the counts move with
    it, and outside welfare both wijken still read "< 5", in every total too."""
    signals = _report(
        "zorg-verwaarlozing", 3, PERENLAAN, "Zorgpad", receiving_organisation=world.welzijn
    )
    _report("overlast-geluid", 7, PERENLAAN, "Lawaaihof")
    _counted(run_worker)
    care = "?categorie=zorg"
    welfare, police = world.opbouwwerker_a, world.agent_a
    assert cell_texts(_hotspots(client, welfare, world.district_a, care), "Perenlaan")[0] == "3"
    assert cell_texts(_hotspots(client, police, world.district_a, care), "Perenlaan")[0] == "< 5"

    signal_relocated(
        actor=welfare, signal=signals[0], location=place(**KERSENTUIN, street="Zorgpad")
    )
    _counted(run_worker)

    for district, buurt, count in (
        (world.district_a, "Perenlaan", "2"),
        (world.district_b, "Kersentuin", "1"),
    ):
        assert cell_texts(_hotspots(client, welfare, district, care), buurt)[0] == count
        assert cell_texts(_hotspots(client, police, district, care), buurt)[0] == "< 5"
        everything = _hotspots(client, police, district)
        assert "Zorgpad" not in everything  # a spot of a persons' category: never
        data = _page(client, police, "wijkcijfers:data", district.code, "csv")
        assert ";zorg;Zorg;;< 5" in data and f";zorg;Zorg;{count};" not in data
    # The noise in Perenlaan is told in full; its total leaves the small care count out.
    assert cell_texts(_hotspots(client, police, world.district_a), "Perenlaan")[-3] == "7*"


def test_a_measures_new_buurten_bring_their_counts_and_their_suppression(
    world, client, run_worker, in_march_2026
):
    """A measure against noise and care worries moves from Appelhof to Perenlaan, which was
    one of its comparison buurten: its effect now counts Perenlaan, Perenlaan is no comparison
    any more, and outside welfare the three care worries there are in no total."""
    in_march_2026.move_to(FEBRUARY, tick=False)
    _report("overlast-geluid", 6, APPELHOF, "Lawaaisteeg")
    _report("overlast-geluid", 8, PERENLAAN, "Lawaaihof")
    _report("zorg-verwaarlozing", 3, PERENLAAN, "Zorgpad", receiving_organisation=world.welzijn)
    in_march_2026.move_to(local(2026, 3, 20, 12, 0), tick=False)
    _counted(run_worker)
    measure = record(
        world,
        title="Buurtbemiddeling",
        started_on=date(2026, 1, 1),
        target_categories=[category("overlast"), category("zorg")],
    )
    manager, welfare, police = world.wijkmanager_a, world.opbouwwerker_a, world.agent_a
    client.force_login(manager)
    chosen = {"action": "kiezen", "comparison_neighbourhoods": [str(world.buurt_a2.pk)]}
    assert client.post(_url("measure_comparison", measure), chosen).status_code == 302
    assert _effect_after(client, police, measure) == "6"

    client.force_login(manager)
    moved = _measure_form(measure, neighbourhoods=[str(world.buurt_a2.pk)])
    assert client.post(_url("measure_edit", measure), moved).status_code == 302

    assert _measure_state(measure)[1:] == (["BU09990101"], [])
    assert _effect_after(client, welfare, measure) == "11"
    police_page = _page(client, police, "wijkbeeld:measure", "WK099901", measure.pk)
    assert _effect_after(client, police, measure) == "8"
    assert 'id="too-few"' in police_page and ">11<" not in police_page


def _effect_after(client, user, measure: Measure) -> str:
    """What the effect table says came in after the start in the measure's buurten."""
    page = _page(client, user, "wijkbeeld:measure", measure.district.code, measure.pk)
    return cell_texts(page, "Buurten van de maatregel")[3]


def test_a_category_made_for_case_partners_stops_its_spots_and_exact_counts_at_once(
    world, client, run_worker
):
    """A functional admin makes litter a matter for the case partners only. Nothing is counted
    again, yet at once the spots are gone for everyone and outside the corporation (which owns
    the category) three signals read "< 5": the rule reads the category, not the counts."""
    _report("vervuiling-zwerfafval", 3, APPELHOF, "Vuilsteeg")
    _counted(run_worker)
    litter = "?categorie=vervuiling"
    police, corporation = world.agent_a, world.consulent_a
    page = _hotspots(client, police, world.district_a, litter)
    assert cell_texts(page, "Appelhof")[0] == "3" and "Vuilsteeg" in page

    main = Category.objects.get(slug="vervuiling")
    client.force_login(world.admin)
    url = reverse("admin:signals_category_change", args=[main.pk])
    forms = forms_on(client.get(url).content.decode(), url)
    (form,) = [f for f in forms if f.method == "post" and f.action == url]
    response = client.post(url, form.defaults() | {"sensitivity": Sensitivity.CASE_PARTNERS})
    assert response.status_code == 302, response.content.decode()[:1000]
    main.refresh_from_db()
    assert main.sensitivity == Sensitivity.CASE_PARTNERS

    for user, told in ((police, "< 5"), (world.wijkmanager_a, "< 5"), (corporation, "3")):
        page = _hotspots(client, user, world.district_a, litter)
        assert cell_texts(page, "Appelhof")[0] == told, user
        assert "Vuilsteeg" not in page, user
    data = _page(client, police, "wijkcijfers:data", "WK099901", "csv")
    assert ";vervuiling;Vervuiling;;< 5" in data
