"""The team's list of initiatives through HTTP (who sees it, filters, orders, pages, a constant
number of queries), the wijk's support threshold, and the ways to the list from the team's
pages."""

import pytest
from django.urls import reverse

from tests.initiatives.team_support import (
    coordinator,
    propose,
    reader_in_team_a,
    support,
    to_stage,
)
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.initiatives.models import DistrictInitiativeSettings, Stage
from wijkteam.initiatives.moderation import initiative_hide
from wijkteam.initiatives.thresholds import district_threshold_set
from wijkteam.initiatives.views.team import PAGE_SIZE
from wijkteam.notifications.models import Notification

LIST_A = reverse("projects:team", args=["WK099901"])
THRESHOLD_A = reverse("projects:threshold", args=["WK099901"])


def _login(client, user):
    client.force_login(user)
    return client


def _titles(page: str, *titles: str) -> list[str]:
    """The given titles in the order the page shows them."""
    found = [title for title in titles if title in page]
    return sorted(found, key=page.index)


def test_members_see_the_wijks_running_initiatives_with_their_support(client, world):
    kooi = propose(world, title="Voetbalkooi")
    support(kooi, "a@bewoner.test")
    support(kooi, "b@bewoner.test", wijk_check="buiten")
    support(kooi, "c@bewoner.test", confirmed=False)
    to_stage(world, propose(world, title="Muurschildering"), Stage.REALISED)
    propose(world, title="Onbevestigd bankje", confirm=False)
    propose(world, title="Jeu de boules", district="b")
    page = _login(client, world.agent_a).get(LIST_A).content.decode()
    assert "Voetbalkooi" in page
    assert "Muurschildering" not in page  # ended: not in the default view
    assert "Onbevestigd bankje" not in page and "Jeu de boules" not in page
    assert '2 <span class="muted">(1 uit de wijk)</span>' in page
    assert "Drempel opslaan" not in page  # the threshold is the wijkmanager's
    assert "Drempel opslaan" in _login(client, world.wijkmanager_a).get(LIST_A).content.decode()


def test_the_list_filters_by_stage(client, world):
    propose(world, title="Voetbalkooi")
    to_stage(world, propose(world, title="Muurschildering"), Stage.REALISED)
    client = _login(client, world.agent_a)
    everything = client.get(LIST_A, {"fase": "alle"}).content.decode()
    assert "Voetbalkooi" in everything and "Muurschildering" in everything
    realised = client.get(LIST_A, {"fase": Stage.REALISED}).content.decode()
    assert "Muurschildering" in realised and "Voetbalkooi" not in realised
    nothing = client.get(LIST_A, {"fase": Stage.PLAN}).content.decode()
    assert "Geen initiatieven met deze keuze." in nothing


def test_the_list_orders_newest_most_supported_or_last_moved(client, world):
    old = propose(world, title="Oudste idee")
    popular = propose(world, title="Populair idee")
    new = propose(world, title="Nieuwste idee")
    for n in range(3):
        support(popular, f"fan{n}@bewoner.test")
    support(old, "een@bewoner.test")
    to_stage(world, old, Stage.TEAM)
    client = _login(client, world.agent_a)
    titles = ("Oudste idee", "Populair idee", "Nieuwste idee")
    newest = client.get(LIST_A).content.decode()
    assert _titles(newest, *titles) == ["Nieuwste idee", "Populair idee", "Oudste idee"]
    supported = client.get(LIST_A, {"sorteer": "steun"}).content.decode()
    assert _titles(supported, *titles) == ["Populair idee", "Oudste idee", "Nieuwste idee"]
    moved = client.get(LIST_A, {"sorteer": "fase"}).content.decode()
    assert _titles(moved, *titles)[0] == "Oudste idee"
    assert new.pk  # made last, shown first when newest first


def test_a_long_list_is_paged(client, world):
    for n in range(PAGE_SIZE + 1):
        propose(world, title=f"Idee nummer {n:02d}")
    client = _login(client, world.agent_a)
    first = client.get(LIST_A).content.decode()
    assert "Idee nummer 25" in first and "Idee nummer 00" not in first
    assert 'rel="next"' in first
    second = client.get(LIST_A, {"pagina": 2}).content.decode()
    assert "Idee nummer 00" in second and "Idee nummer 25" not in second


@pytest.mark.parametrize("junk", [{"fase": "onzin"}, {"sorteer": "x"}, {"pagina": "-3"}])
def test_a_filter_that_makes_no_sense_shows_the_default_list(client, world, junk):
    propose(world, title="Voetbalkooi")
    response = _login(client, world.agent_a).get(LIST_A, junk)
    assert response.status_code == 200 and "Voetbalkooi" in response.content.decode()


def test_the_list_takes_the_same_number_of_queries_however_long(
    client, world, django_assert_max_num_queries
):
    client = _login(client, world.wijkmanager_a)
    for n in range(3):
        support(propose(world, title=f"Idee {n}"), f"fan{n}@bewoner.test", comment="Ja!")
    with django_assert_max_num_queries(30) as few:
        client.get(LIST_A)
    for n in range(3, 20):
        initiative = propose(world, title=f"Idee {n}")
        for m in range(3):
            support(initiative, f"fan{n}-{m}@bewoner.test")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST_A)
    assert "Idee 19" in response.content.decode()


@pytest.mark.parametrize("who", ["wijkmanager_b", "rent_admin", "admin", "reader"])
def test_who_is_not_on_the_team_gets_404(client, world, who):
    propose(world)
    client = _login(client, getattr(world, who))
    assert client.get(LIST_A).status_code == 404
    assert client.post(THRESHOLD_A, {"support_threshold": 5}).status_code == 404
    assert client.get(reverse("projects:team", args=["WK000000"])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(LIST_A)
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_a_coordinator_and_a_reader_on_the_team_see_the_list(client, world):
    propose(world, title="Voetbalkooi")
    assert "Voetbalkooi" in _login(client, coordinator(world)).get(LIST_A).content.decode()
    reader = reader_in_team_a(world)
    assert _login(client, reader).get(LIST_A).status_code == 200


def test_the_wijkmanager_sets_the_threshold_and_ideas_past_it_go_to_the_team(client, world):
    ready = propose(world, title="Veel steun")
    for n in range(3):
        support(ready, f"fan{n}@bewoner.test")
    waiting = propose(world, title="Weinig steun")
    support(waiting, "een@bewoner.test")
    hidden = propose(world, title="Verborgen")
    for n in range(3):
        support(hidden, f"h{n}@bewoner.test")
    initiative_hide(actor=world.wijkmanager_a, initiative=hidden, reason="Naam erin.")
    client = _login(client, world.wijkmanager_a)
    response = client.post(THRESHOLD_A, {"support_threshold": "3"}, follow=True)
    page = response.content.decode()
    assert "De steundrempel is 3 steunbetuigingen." in page
    assert "1 idee had al genoeg steun" in page
    for initiative, stage in ((ready, Stage.TEAM), (waiting, Stage.IDEA), (hidden, Stage.IDEA)):
        initiative.refresh_from_db()
        assert initiative.stage == stage, initiative.title
    assert DistrictInitiativeSettings.objects.get(district=world.district_a).support_threshold == 3
    row = AuditEntry.objects.get(action="initiative_threshold")
    assert row.changes == {"district": world.district_a.pk, "support_threshold": [None, 3]}
    assert Notification.objects.filter(user=world.agent_a, body__contains="genoeg steun").exists()


def test_the_threshold_can_be_switched_off(client, world):
    district_threshold_set(actor=world.wijkmanager_a, district=world.district_a, threshold=10)
    client = _login(client, world.wijkmanager_a)
    client.post(THRESHOLD_A, {"support_threshold": ""})
    settings = DistrictInitiativeSettings.objects.get(district=world.district_a)
    assert settings.support_threshold is None
    assert "Deze wijk heeft geen steundrempel" in client.get(LIST_A).content.decode()


@pytest.mark.parametrize("value", ["0", "-1", "veel", "100001"])
def test_a_threshold_that_is_no_count_comes_back_with_its_error(client, world, value):
    response = _login(client, world.wijkmanager_a).post(THRESHOLD_A, {"support_threshold": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and f'value="{value}"' in page
    assert not DistrictInitiativeSettings.objects.exists()


def test_a_member_who_does_not_chair_may_not_set_the_threshold(client, world):
    response = _login(client, world.agent_a).post(THRESHOLD_A, {"support_threshold": "5"})
    assert response.status_code == 403
    with pytest.raises(DomainError) as refused:
        district_threshold_set(actor=world.agent_a, district=world.district_a, threshold=5)
    assert refused.value.code == FORBIDDEN
    assert not DistrictInitiativeSettings.objects.exists()


def test_the_team_page_counts_what_waits_and_links_to_the_list(client, world):
    to_stage(world, propose(world, title="Bij het team"), Stage.TEAM)
    propose(world, title="Nieuw idee")
    propose(world, title="Ander nieuw idee")
    page = _login(client, world.agent_a).get(reverse("teams:detail", args=["WK099901"]))
    text = page.content.decode()
    assert "1 initiatief wacht op het wijkteam" in text
    assert "2 nieuwe ideeën verzamelen steun" in text
    assert LIST_A in text
    meetings = client.get(reverse("meetings:team", args=["WK099901"])).content.decode()
    assert LIST_A in meetings


def test_the_team_page_shows_no_initiatives_to_who_is_not_on_the_team(client, world):
    page = _login(client, world.wijkmanager_b).get(reverse("teams:detail", args=["WK099901"]))
    assert LIST_A not in page.content.decode()
