import re

import pytest
from django.urls import reverse

from tests.factories import add_member, make_user
from tests.statements import statements_of
from wijkteam.partners.access import may_open_team_lists
from wijkteam.partners.models import Role, TeamFunction


def test_team_pages_need_a_login(client, world):
    for url in (reverse("teams:list"), reverse("teams:detail", args=["WK099901"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_wijkmanager_lands_on_own_team_page(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("teams:detail", args=["WK099901"])


def test_user_without_team_lands_on_team_list(client, world):
    client.force_login(world.reader)

    response = client.get(reverse("home"))

    assert response.url == reverse("teams:list")


def test_team_page_shows_partners_members_and_how_to_reach_them(client, world):
    client.force_login(world.consulent_a)

    response = client.get(reverse("teams:detail", args=["WK099901"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Wijkteam Wijk 01 Testoord" in page
    for text in (
        "Gemeente Testoord",
        "Woonstichting Test",
        "Politie Test",
        "Welzijn Test",
        "Wendy Wijkmanager",
        "Wijkmanager",
        "wm.a@gemeente.test",
        "tel:06 1234 5678",
        "Agnes Agent",
        "Wijkagent",
        "Otto Opbouw",
        "Opbouwwerker",
        "elke maandag",
        "Appelhof",
        "BU09990100",
        "Perenlaan",
    ):
        assert text in page, text
    # Members of another wijk's team are not listed here.
    assert "Bert Beheer" not in page
    assert "Kersentuin" not in page
    assert "None" not in page

    # Official boundaries: no approximation notice.
    assert "benadering" not in page


def test_team_page_carries_the_map_data(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get(reverse("teams:detail", args=["WK099901"]))

    data = response.context["map_data"]
    assert [d["code"] for d in data["districts"]] == ["WK099901"]
    assert [n["code"] for n in data["neighbourhoods"]] == ["BU09990100", "BU09990101"]
    assert data["neighbourhoods"][0]["geometry"]["type"] == "Polygon"
    assert 'id="team-map-data"' in response.content.decode()


def test_approximate_boundaries_are_labelled(client, world):
    world.district_a.boundary_source = "approximate"
    world.district_a.save()
    client.force_login(world.wijkmanager_a)

    response = client.get(reverse("teams:detail", args=["WK099901"]))

    assert "de grenzen op deze kaart zijn een benadering" in response.content.decode()


def test_unknown_wijk_is_404(client, world):
    client.force_login(world.wijkmanager_a)

    assert client.get(reverse("teams:detail", args=["WK000000"])).status_code == 404
    assert client.get("/wijken/<script>/").status_code == 404


def test_user_without_organisation_sees_no_team(client, world):
    client.force_login(make_user("los@example.test", None))

    assert client.get(reverse("teams:detail", args=["WK099901"])).status_code == 404
    assert "Er zijn nog geen wijkteams" in client.get(reverse("teams:list")).content.decode()


def test_team_list_lists_every_team(client, world):
    client.force_login(world.agent_a)
    world.district_b.inhabitants = None
    world.district_b.homes = 14280
    world.district_b.save()

    page = client.get(reverse("teams:list")).content.decode()

    assert "14.280" in page  # Dutch digit grouping
    assert "None" not in page
    assert "Wijk 01 Testoord" in page
    assert "Wijk 02 Proefdorp" in page


def test_wijk_switch_opens_the_chosen_team_and_remembers_it(client, world):
    client.force_login(world.wijkmanager_a)

    response = client.get(reverse("teams:switch"), {"wijk": "WK099902"})

    assert response.url == reverse("teams:detail", args=["WK099902"])
    client.get(response.url)
    assert client.get(reverse("home")).url == reverse("teams:detail", args=["WK099902"])
    header = client.get(reverse("teams:list")).content.decode()
    assert '<option value="WK099902" selected>' in header


def _page_and_queries(client, url: str) -> tuple[str, int]:
    response, statements = statements_of(lambda: client.get(url))
    return response.content.decode(), len(statements)


def test_the_header_offers_the_first_wijkteam_one_joined_until_one_chooses(client, world):
    """Without a choice the switch shows the wijk of one's first membership (not the first
    wijk by code), read from the switch's own query: the header costs no query more than
    after a choice."""
    both = make_user("beide@gemeente.test", world.gemeente, Role.WIJKMANAGER)
    add_member(world.team_b, both, TeamFunction.WIJKMANAGER)
    add_member(world.team_a, both, TeamFunction.WIJKMANAGER)
    client.force_login(both)
    url = reverse("teams:list")
    client.get(url)

    header, before_choice = _page_and_queries(client, url)
    assert '<option value="WK099902" selected>' in header
    assert "Kies een wijk" not in header

    client.get(reverse("teams:switch"), {"wijk": "WK099901"}, follow=True)
    header, after_choice = _page_and_queries(client, url)
    assert '<option value="WK099901" selected>' in header
    assert before_choice == after_choice

    client.force_login(make_user("los@gemeente.test", world.gemeente, Role.MEDEWERKER))
    assert "Kies een wijk" in client.get(url).content.decode()


def test_wijk_switch_with_bad_input_goes_to_the_list(client, world):
    client.force_login(world.wijkmanager_a)

    for value in ("", "WK000000", "x" * 500):
        response = client.get(reverse("teams:switch"), {"wijk": value})
        assert response.url == reverse("teams:list")


def test_header_shows_user_and_organisation(client, world):
    client.force_login(world.consulent_a)

    page = client.get(reverse("teams:list")).content.decode()

    assert "Cor Consulent" in page
    assert "Woonstichting Test · Medewerker" in page


def test_team_page_query_count_is_constant(client, world, django_assert_max_num_queries):
    client.force_login(world.wijkmanager_a)
    url = reverse("teams:detail", args=["WK099901"])
    client.get(url)

    # the page itself plus two counts in the navigation, and the map data's version check
    # (the boundaries themselves come from the cache)
    with django_assert_max_num_queries(16):
        client.get(url)


@pytest.mark.parametrize("url_name", ["teams:list", "teams:switch"])
def test_team_pages_refuse_post(client, world, url_name):
    client.force_login(world.wijkmanager_a)

    assert client.post(reverse(url_name)).status_code == 405


def test_member_of_an_organisation_that_is_not_a_partner_still_shows(client, world):
    from wijkteam.partners.models import TeamMember

    TeamMember.objects.create(team=world.team_b, user=world.agent_a, function="wijkagent")
    client.force_login(world.wijkmanager_b)

    page = client.get(reverse("teams:detail", args=["WK099902"])).content.decode()

    assert "Politie Test" in page
    assert "Agnes Agent" in page


def _links_in_main(page: str) -> list[str]:
    main = page[page.index("<main") : page.index("</main>")]
    return sorted(set(re.findall(r'href="(/[^"#]*)"', main)))


def test_a_visitor_from_another_wijk_is_offered_only_what_opens(client, world):
    """The team's inbox, triage and cases are for its members: a visitor from another wijk
    is told so instead of being offered three buttons that answer 'not found'."""
    client.force_login(world.consulent_a)

    page = client.get(reverse("teams:detail", args=["WK099902"])).content.decode()

    for name in ("signals:team", "cases:team_triage", "cases:team"):
        assert reverse(name, args=["WK099902"]) not in page
    assert "U bent geen lid van dit wijkteam" in page
    assert reverse("wijkbeeld:district", args=["WK099902"]) in page
    for url in _links_in_main(page):
        assert client.get(url).status_code == 200, url


def test_a_member_is_offered_the_teams_lists_and_each_opens(client, world):
    client.force_login(world.consulent_a)

    page = client.get(reverse("teams:detail", args=["WK099901"])).content.decode()

    for name in ("signals:team", "cases:team_triage", "cases:team", "wijkbeeld:district"):
        assert reverse(name, args=["WK099901"]) in page
    assert "U bent geen lid van dit wijkteam" not in page
    for url in _links_in_main(page):
        assert client.get(url).status_code == 200, url


def test_a_teams_lists_open_for_its_members_and_who_oversees_every_team(
    world, django_assert_num_queries
):
    """One rule for a team's inbox, triage and cases and for every link to them: an active
    staff member of a partner who is in the team or oversees every team. The membership is
    read only when the caller does not know it from a query of its own."""
    coordinator = make_user("coordinator@gemeente.test", world.gemeente, Role.COORDINATOR)
    loose = make_user("los@example.test", None, Role.COORDINATOR, is_superuser=True)

    with django_assert_num_queries(1):
        assert may_open_team_lists(world.consulent_a, world.team_a)
    with django_assert_num_queries(1):
        assert not may_open_team_lists(world.consulent_a, world.team_b)
    with django_assert_num_queries(0):
        assert may_open_team_lists(coordinator, world.team_b)
        assert not may_open_team_lists(loose, world.team_a)
        assert may_open_team_lists(world.consulent_a, is_member=True)
        assert not may_open_team_lists(world.consulent_a, is_member=False)
        assert may_open_team_lists(coordinator, is_member=False)
        world.consulent_a.is_active = False
        assert not may_open_team_lists(world.consulent_a, world.team_a)
