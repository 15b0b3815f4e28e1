"""The agenda through HTTP: the meeting page shows each viewer what they may read, the chair's
page orders, moves, collects and publishes, members add and remove their own items, and who
may not gets 404 (another team) or 403 (not the chair, a reader)."""

import pytest
from django.urls import reverse

from tests.meetings.support import arrears_case, future_day, noise_case, planned_meeting, when
from tests.statements import statements_of
from wijkteam.meetings.agenda_items import agenda_item_add
from wijkteam.meetings.models import AgendaItem, ItemKind, ItemOutcome, MeetingStatus
from wijkteam.meetings.services import meeting_create


@pytest.fixture
def meeting(world):
    return planned_meeting(world)


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def _secret_agenda(world, meeting):
    arrears = arrears_case(world)
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=arrears,
        reason="Huurder reageert niet",
        position=1,
    )
    return arrears


def test_the_police_never_read_the_arrears_case_on_the_meeting_page(client, world, meeting):
    arrears = _secret_agenda(world, meeting)

    police = _page(client, world.agent_a, reverse("meetings:detail", args=[meeting.pk]))
    page = police.content.decode()
    assert "Vertrouwelijk agendapunt (Huurachterstand (vroegsignaal), Appelhof)" in page
    assert arrears.reference not in page and "Huurder reageert niet" not in page

    corporation = _page(client, world.consulent_a, reverse("meetings:detail", args=[meeting.pk]))
    assert arrears.reference in corporation.content.decode()


def test_the_agenda_shows_kind_and_reason_and_an_empty_state(client, world, meeting):
    url = reverse("meetings:detail", args=[meeting.pk])
    empty = _page(client, world.agent_a, url).content.decode()
    assert "Er staan nog geen punten op de agenda." in empty
    case = noise_case()
    AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.VERY_LATE, case=case, reason="Meer dan 3× te laat"
    )
    page = _page(client, world.agent_a, url).content.decode()
    assert "Ruim over de reactietermijn" in page and "Meer dan 3× te laat" in page
    assert case.reference in page
    assert "Agenda voorbereiden" not in page and "Punt toevoegen" in page


def test_the_chair_collects_orders_and_publishes_without_javascript(client, world, meeting):
    client.force_login(world.wijkmanager_a)
    prepare = reverse("meetings:agenda", args=[meeting.pk])
    assert "Agenda voorbereiden" in client.get(prepare).content.decode()
    first = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Eerste punt")
    second = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Tweede punt")

    response = client.post(
        reverse("meetings:agenda_shift", args=[meeting.pk, second.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    page = client.get(prepare).content.decode()
    assert page.index("Tweede punt") < page.index("Eerste punt")
    assert "omhoog" in page and "omlaag" in page

    assert client.post(reverse("meetings:agenda_collect", args=[meeting.pk])).status_code == 302
    assert client.post(reverse("meetings:agenda_publish", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED
    first.refresh_from_db()
    assert first.position == 2


def test_the_chair_moves_an_item_to_a_later_meeting(client, world, meeting):
    later = meeting_create(
        actor=world.wijkmanager_a, team=world.team_a, when=when(future_day(5)), place="Later"
    )
    other = meeting_create(
        actor=world.wijkmanager_b, team=world.team_b, when=when(future_day(5)), place="B"
    )
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Hangplek")
    client.force_login(world.wijkmanager_a)
    url = reverse("meetings:agenda_move", args=[meeting.pk, item.pk])
    assert "Hangplek" in client.get(url).content.decode()

    refused = client.post(url, {"to_meeting": other.pk})
    assert refused.status_code == 400
    assert "Selecteer een geldige keuze" in refused.content.decode()
    assert client.post(url, {"to_meeting": later.pk}).status_code == 302

    item.refresh_from_db()
    assert item.outcome == ItemOutcome.MOVED
    assert AgendaItem.objects.get(meeting=later).carried_from == item


def test_a_member_adds_an_item_about_a_case_and_an_unknown_reference_keeps_the_input(
    client, world, meeting
):
    client.force_login(world.agent_a)
    url = reverse("meetings:agenda_add", args=[meeting.pk])
    refused = client.post(url, {"title": "Mijn punt", "reason": "Waarom", "case": "Z-1999-99999"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Dit casusnummer is niet bekend in dit wijkteam." in page
    assert 'value="Mijn punt"' in page and "Waarom" in page

    arrears = arrears_case(world)  # the police may not know it exists
    refused = client.post(url, {"title": "Mijn punt", "case": arrears.reference})
    assert refused.status_code == 400

    case = noise_case()
    assert client.post(url, {"title": "Mijn punt", "case": case.reference}).status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.kind, item.case, item.added_by) == (ItemKind.MEMBER, case, world.agent_a)


def test_removing_an_item_asks_first_and_is_for_its_author_or_the_chair(client, world, meeting):
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Mijn punt")
    url = reverse("meetings:agenda_remove", args=[meeting.pk, item.pk])

    assert _page(client, world.consulent_a, url).status_code == 403
    confirm = _page(client, world.agent_a, url)
    assert "Weet u zeker" in confirm.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    assert client.post(url).status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("who", ["wijkmanager_b", "rent_admin", "admin"])
def test_another_teams_member_gets_404(client, world, meeting, who):
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Mijn punt")
    client.force_login(getattr(world, who))
    for url in (
        reverse("meetings:agenda", args=[meeting.pk]),
        reverse("meetings:agenda_add", args=[meeting.pk]),
        reverse("meetings:agenda_move", args=[meeting.pk, item.pk]),
        reverse("meetings:agenda_remove", args=[meeting.pk, item.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("meetings:agenda_collect", args=[meeting.pk]),
        reverse("meetings:agenda_publish", args=[meeting.pk]),
        reverse("meetings:agenda_shift", args=[meeting.pk, item.pk]),
    ):
        assert client.post(url).status_code == 404, url


def test_a_member_who_is_not_the_chair_is_refused_the_chairs_pages(client, world, meeting):
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Mijn punt")
    client.force_login(world.agent_a)
    assert client.get(reverse("meetings:agenda", args=[meeting.pk])).status_code == 403
    move = reverse("meetings:agenda_move", args=[meeting.pk, item.pk])
    assert client.get(move).status_code == 403
    for url in (
        reverse("meetings:agenda_collect", args=[meeting.pk]),
        reverse("meetings:agenda_publish", args=[meeting.pk]),
        reverse("meetings:agenda_shift", args=[meeting.pk, item.pk]),
    ):
        assert client.post(url, {"direction": "up"}).status_code == 403, url
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_a_reader_may_read_the_agenda_but_not_add_to_it(client, world, meeting):
    from wijkteam.partners.models import TeamFunction, TeamMember

    TeamMember.objects.create(team=world.team_a, user=world.reader, function=TeamFunction.OVERIG)
    client.force_login(world.reader)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    add = reverse("meetings:agenda_add", args=[meeting.pk])
    assert client.get(add).status_code == 403
    assert client.post(add, {"title": "Lezer"}).status_code == 403
    assert not AgendaItem.objects.exists()


def test_the_agenda_pages_take_a_constant_number_of_queries(
    client, world, meeting, django_assert_max_num_queries
):
    def grow(count):
        for n in range(count):
            AgendaItem.objects.create(
                meeting=meeting, kind=ItemKind.VERY_LATE, case=noise_case(), reason=f"R{n}"
            )
            agenda_item_add(actor=world.agent_a, meeting=meeting, title=f"Punt {n}")

    client.force_login(world.wijkmanager_a)
    grow(1)
    urls = (
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:agenda", args=[meeting.pk]),
    )
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts[url] = len(captured)
    grow(5)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["detail", "agenda"])
def test_the_meeting_pages_ask_once_whether_the_user_arranges_it(client, world, meeting, name):
    """The page, its agenda and its holding button share one answer (the chair's seat)."""
    client.force_login(world.wijkmanager_a)
    url = reverse(f"meetings:{name}", args=[meeting.pk])
    client.get(url)

    response, statements = statements_of(lambda: client.get(url))

    assert response.status_code == 200
    chair = 'FROM "partners_teammember" WHERE ("partners_teammember"."function" = '
    seats = [sql for sql in statements if chair in sql]
    assert len(seats) == 1, seats
