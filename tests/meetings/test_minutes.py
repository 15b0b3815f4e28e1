"""Closing the minutes and adding to them: who may, when, what closing does to the items and
the partners' flags, that closed minutes never change, and the minutes pages through HTTP."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import make_user
from tests.meetings.held import (
    ARREARS_MINUTES,
    ARREARS_REASON,
    NOISE_ACTION,
    held_meeting,
    under_way,
)
from tests.meetings.support import noise_case, planned_meeting
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.meetings.minutes import meeting_close, minutes_addendum_add
from wijkteam.meetings.models import (
    AgendaItem,
    CaseFlag,
    ItemKind,
    ItemOutcome,
    MeetingStatus,
    MinutesAddendum,
)
from wijkteam.meetings.services import require_step
from wijkteam.partners.models import Role

TASK = "wijkteam.meetings.tasks.send_minutes_copies"


def _audit(instance, action: str = "update"):
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk), action=action
    )


# --- closing -----------------------------------------------------------------------------------


def test_the_chair_closes_the_minutes_and_undiscussed_items_go_back_on_the_agenda(world):
    held = held_meeting(world)
    meeting = meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)

    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.closed_by == world.wijkmanager_a and meeting.closed_at is not None
    held.member_item.refresh_from_db()
    held.noise_item.refresh_from_db()
    assert held.member_item.outcome == ItemOutcome.BACK
    assert held.noise_item.outcome == ItemOutcome.DISCUSSED
    audit = _audit(meeting).get(changes__status=["in_progress", "closed"])
    assert audit.changes["items_back_on_agenda"] == [held.member_item.pk]


def test_closing_settles_the_flags_of_the_cases_discussed_or_decided_only(world):
    held = held_meeting(world)
    other = planned_meeting(world)
    waiting = AgendaItem.objects.create(
        meeting=held.meeting, kind=ItemKind.FLAGGED, case=None, title="Nog niet besproken"
    )
    later_flag = CaseFlag.objects.create(
        case=held.noise,
        organisation=world.welzijn,
        reason="Zorgen om de bewoner",
        flagged_by=world.opbouwwerker_a,
        flagged_at=held.noise_flag.flagged_at,
    )
    AgendaItem.objects.filter(pk=held.noise_item.pk).update(outcome=ItemOutcome.OPEN)

    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)

    held.arrears_flag.refresh_from_db()
    held.noise_flag.refresh_from_db()
    later_flag.refresh_from_db()
    assert held.arrears_flag.settled_at is not None  # decided
    assert held.noise_flag.settled_at is None  # not reached: back on the agenda
    assert later_flag.settled_at is None
    waiting.refresh_from_db()
    assert waiting.outcome == ItemOutcome.BACK
    assert other.status == MeetingStatus.PLANNED


def test_closing_queues_one_task_that_sends_the_copies(world):
    held = held_meeting(world)
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)

    queued = DBTaskResult.objects.filter(task_path=TASK)
    assert queued.count() == 1
    assert queued.get().args_kwargs["kwargs"] == {"meeting_id": held.meeting.pk}


@pytest.mark.parametrize("who", ["agent_a", "consulent_a", "opbouwwerker_a", "wijkmanager_b"])
def test_only_the_chair_or_arranger_closes(world, who):
    held = held_meeting(world)
    with pytest.raises(DomainError) as refused:
        meeting_close(actor=getattr(world, who), meeting=held.meeting)
    assert refused.value.code == "forbidden"
    assert "stelt de notulen vast" in refused.value.message
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.IN_PROGRESS
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_a_coordinator_and_a_member_chairing_the_meeting_close_too(world):
    coordinator = make_user("co@gemeente.test", world.gemeente, Role.COORDINATOR)
    held = held_meeting(world)
    assert meeting_close(actor=coordinator, meeting=held.meeting).is_closed

    chaired = under_way(planned_meeting(world, chair=world.agent_a))
    assert meeting_close(actor=world.agent_a, meeting=chaired).is_closed


def test_only_a_meeting_under_way_is_closed(world):
    planned = planned_meeting(world)
    with pytest.raises(DomainError):
        meeting_close(actor=world.wijkmanager_a, meeting=planned)
    held = held_meeting(world)
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    with pytest.raises(DomainError) as again:
        meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    assert "alleen nog worden aangevuld" in again.value.message
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1


@pytest.mark.parametrize("status", list(MeetingStatus))
def test_closed_minutes_take_no_step_any_more(world, status):
    held = held_meeting(world)
    meeting = meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    with pytest.raises(DomainError) as refused:
        require_step(meeting, status)
    assert "aangevuld" in refused.value.message


# --- addenda -----------------------------------------------------------------------------------


def _closed(world):
    held = held_meeting(world)
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()
    return held


def test_an_addendum_is_added_to_closed_minutes_and_audited(world):
    held = _closed(world)
    addendum = minutes_addendum_add(
        actor=world.wijkmanager_a,
        meeting=held.meeting,
        text="  Correctie: de surveillance begint pas volgende week.  ",
        item=held.noise_item,
    )
    assert addendum.text == "Correctie: de surveillance begint pas volgende week."
    assert addendum.author == world.wijkmanager_a and addendum.item == held.noise_item
    assert _audit(addendum, "create").count() == 1
    held.noise_item.refresh_from_db()
    assert held.noise_item.minutes.startswith("De buren")  # the minutes themselves stay


def test_an_addendum_waits_for_the_minutes_to_be_closed(world):
    held = held_meeting(world)
    with pytest.raises(DomainError) as refused:
        minutes_addendum_add(actor=world.wijkmanager_a, meeting=held.meeting, text="Nog iets")
    assert "vastgesteld" in refused.value.message
    assert not MinutesAddendum.objects.exists()


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_an_addendum_needs_a_text_of_sensible_length(world, text):
    held = _closed(world)
    with pytest.raises(DomainError) as refused:
        minutes_addendum_add(actor=world.wijkmanager_a, meeting=held.meeting, text=text)
    assert refused.value.field == "text"


def test_an_addendum_is_refused_to_others_and_for_items_elsewhere_or_unreadable(world):
    held = _closed(world)
    with pytest.raises(DomainError) as refused:
        minutes_addendum_add(actor=world.agent_a, meeting=held.meeting, text="Van mij")
    assert refused.value.code == "forbidden"
    elsewhere = AgendaItem.objects.create(
        meeting=planned_meeting(world), kind=ItemKind.MEMBER, title="Ander overleg"
    )
    with pytest.raises(DomainError) as wrong_item:
        minutes_addendum_add(
            actor=world.wijkmanager_a, meeting=held.meeting, text="Hier", item=elsewhere
        )
    assert wrong_item.value.field == "item"
    # The wijkmanager (gemeente) does not read the corporation's arrears case.
    with pytest.raises(DomainError) as unreadable:
        minutes_addendum_add(
            actor=world.wijkmanager_a, meeting=held.meeting, text="Hier", item=held.arrears_item
        )
    assert unreadable.value.code == "forbidden"
    assert not MinutesAddendum.objects.exists()


# --- the pages ---------------------------------------------------------------------------------


def _page(client, user, name, meeting, method="get", data=None):
    client.force_login(user)
    url = reverse(f"meetings:{name}", args=[meeting.pk])
    return client.post(url, data or {}) if method == "post" else client.get(url)


def test_the_minutes_page_shows_each_reader_what_they_may_read(client, world):
    held = _closed(world)

    police = _page(client, world.agent_a, "minutes", held.meeting).content.decode()
    corporation = _page(client, world.consulent_a, "minutes", held.meeting).content.decode()

    assert "Vertrouwelijk agendapunt" in police
    for secret in (held.arrears.reference, ARREARS_REASON, ARREARS_MINUTES):
        assert secret not in police
        assert secret in corporation
    assert NOISE_ACTION in police and "Agnes Agent" in police
    assert "Buurtfeest Petenbos" in police and "Terug op de agenda" in police
    assert "Politie Test: Aanwezig (Agnes)" in police
    assert reverse("meetings:minutes_pdf", args=[held.meeting.pk]) in police
    assert reverse("meetings:minutes_close", args=[held.meeting.pk]) not in police


def test_the_chair_closes_through_the_confirmation_page(client, world):
    held = held_meeting(world)
    page = _page(client, world.wijkmanager_a, "minutes", held.meeting).content.decode()
    assert reverse("meetings:minutes_close", args=[held.meeting.pk]) in page
    assert reverse("meetings:minutes_pdf", args=[held.meeting.pk]) not in page

    confirm = _page(client, world.wijkmanager_a, "minutes_close", held.meeting).content.decode()
    assert "Daarna kunt u alleen nog aanvullen" in confirm
    assert "1 agendapunt is niet besproken" in confirm
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.IN_PROGRESS  # nothing before the button

    response = _page(client, world.wijkmanager_a, "minutes_close", held.meeting, "post")
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:minutes", args=[held.meeting.pk])
    held.meeting.refresh_from_db()
    assert held.meeting.is_closed

    again = _page(client, world.wijkmanager_a, "minutes_close", held.meeting, "post")
    assert again.status_code == 400
    assert "alleen nog worden aangevuld" in again.content.decode()


def test_the_chair_adds_an_addendum_through_the_form_and_everyone_reads_it(client, world):
    held = _closed(world)
    response = _page(
        client,
        world.wijkmanager_a,
        "minutes_addendum",
        held.meeting,
        "post",
        {"item": "", "text": "Het volgende overleg is in De Schakel."},
    )
    assert response.status_code == 302
    police = _page(client, world.agent_a, "minutes", held.meeting).content.decode()
    assert "Het volgende overleg is in De Schakel." in police
    assert "Aanvulling van" in police


def test_the_addendum_form_offers_only_items_the_chair_reads(client, world):
    held = _closed(world)
    page = _page(client, world.wijkmanager_a, "minutes_addendum", held.meeting).content.decode()
    assert f'value="{held.noise_item.pk}"' in page
    assert f'value="{held.arrears_item.pk}"' not in page
    assert "voor alle uitgenodigde partners" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"item": "", "text": "   "}, "Dit veld is verplicht."),
        ({"item": "abc", "text": "Mijn aanvulling"}, "Selecteer een geldige keuze."),
        ({"item": "999999", "text": "Mijn aanvulling"}, "Selecteer een geldige keuze."),
        ({"item": "", "text": "x" * 6000}, "5000"),
    ],
)
def test_a_refused_addendum_keeps_what_was_typed(client, world, data, message):
    held = _closed(world)
    response = _page(client, world.wijkmanager_a, "minutes_addendum", held.meeting, "post", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if data["text"].strip():
        assert data["text"][:100] in body
    assert not MinutesAddendum.objects.exists()


def test_an_addendum_before_closing_is_refused_with_the_text_kept(client, world):
    held = held_meeting(world)
    response = _page(
        client,
        world.wijkmanager_a,
        "minutes_addendum",
        held.meeting,
        "post",
        {"item": "", "text": "Te vroeg"},
    )
    assert response.status_code == 400
    assert "Te vroeg" in response.content.decode()


@pytest.mark.parametrize("name", ["minutes", "minutes_pdf", "minutes_close", "minutes_addendum"])
def test_other_teams_and_outsiders_get_404(client, world, name):
    held = _closed(world)
    assert _page(client, world.wijkmanager_b, name, held.meeting).status_code == 404
    assert _page(client, world.reader, name, held.meeting).status_code == 404
    client.logout()
    response = client.get(reverse(f"meetings:{name}", args=[held.meeting.pk]))
    assert response.status_code == 302 and "inloggen" in response["Location"]


@pytest.mark.parametrize("name", ["minutes_close", "minutes_addendum"])
def test_members_who_do_not_chair_are_refused_the_chairs_pages(client, world, name):
    held = held_meeting(world)
    assert _page(client, world.agent_a, name, held.meeting).status_code == 403
    assert _page(client, world.agent_a, name, held.meeting, "post").status_code == 403
    held.meeting.refresh_from_db()
    assert held.meeting.status == MeetingStatus.IN_PROGRESS


def test_there_is_no_pdf_before_the_minutes_are_closed(client, world):
    held = held_meeting(world)
    assert _page(client, world.wijkmanager_a, "minutes_pdf", held.meeting).status_code == 404


def test_the_minutes_page_of_a_planned_meeting_says_there_are_none_yet(client, world):
    meeting = planned_meeting(world)
    page = _page(client, world.agent_a, "minutes", meeting).content.decode()
    assert "nog niet gehouden" in page and "geen agendapunten" in page


def _items(world, meeting, count: int) -> None:
    for n in range(count):
        AgendaItem.objects.create(
            meeting=meeting,
            kind=ItemKind.FLAGGED,
            case=noise_case(),
            minutes=f"Besproken {n}",
            outcome=ItemOutcome.DISCUSSED,
            position=10 + n,
        )


def test_the_minutes_page_takes_the_same_queries_however_many_items(
    client, world, django_assert_max_num_queries
):
    held = _closed(world)
    minutes_addendum_add(
        actor=world.wijkmanager_a, meeting=held.meeting, text="Algemeen", item=None
    )
    client.force_login(world.wijkmanager_a)
    url = reverse("meetings:minutes", args=[held.meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(MINUTES_QUERIES) as few:
        client.get(url)
    _items(world, held.meeting, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Besproken 5" in client.get(url).content.decode()


# Session, user, the meeting, the membership check, the items (four queries), the visibility of
# their cases, attendance, the meeting's addenda, whether the user arranges, and the header's
# menu (wijk switch, counts).
MINUTES_QUERIES = 16
