"""Ordering, moving to a later meeting, publishing, and sending the agenda once at its moment,
each partner its own copy (the police never read the arrears case)."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.meetings.support import arrears_case, future_day, noise_case, planned_meeting, when
from wijkteam.core.errors import DomainError
from wijkteam.meetings.agenda_items import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_shift,
    agenda_publish,
)
from wijkteam.meetings.agenda_mail import agenda_send, agendas_send, send_moment
from wijkteam.meetings.models import AgendaItem, ItemKind, ItemOutcome, Meeting, MeetingStatus
from wijkteam.meetings.services import AMSTERDAM, meeting_create
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM


def _agenda(world, meeting):
    noise = noise_case()
    arrears = arrears_case(world)
    AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.FLAGGED, case=noise, reason="Derde klacht", position=1
    )
    AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=arrears,
        reason="Huurder reageert niet",
        position=2,
    )
    return noise, arrears


def test_the_send_moment_is_two_working_days_before_at_the_same_time(world):
    meeting = planned_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=datetime(2026, 4, 28, 10, tzinfo=AMSTERDAM),
        ends_at=datetime(2026, 4, 28, 11, tzinfo=AMSTERDAM),
    )
    meeting.refresh_from_db()
    # Tuesday 28 April: Monday 27 April is King's Day, so Thursday 23 April.
    assert send_moment(meeting) == datetime(2026, 4, 23, 10, tzinfo=AMSTERDAM)


def test_the_chair_orders_with_up_and_down(world):
    meeting = planned_meeting(world)
    first = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Eerste")
    second = agenda_item_add(actor=world.consulent_a, meeting=meeting, title="Tweede")

    agenda_item_shift(actor=world.wijkmanager_a, item=second, direction="up")

    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("position")) == [
        second,
        first,
    ]
    with pytest.raises(DomainError):
        agenda_item_shift(actor=world.agent_a, item=first, direction="up")


def test_an_item_moved_to_a_later_meeting_is_carried_there_once(world):
    meeting = planned_meeting(world)
    later = meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(future_day(weeks=5)),
        place="Later",
    )
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Hangplek", reason="Nu")

    carried = agenda_item_move(actor=world.wijkmanager_a, item=item, to_meeting=later)

    item.refresh_from_db()
    assert (item.outcome, item.moved_to) == (ItemOutcome.MOVED, later)
    assert (carried.meeting, carried.kind, carried.carried_from) == (
        later,
        ItemKind.CARRIED,
        item,
    )
    assert carried.reason.startswith("Verplaatst van het overleg van ")
    from wijkteam.meetings.agenda import agenda_collect

    agenda_collect(actor=world.wijkmanager_a, meeting=later)
    assert AgendaItem.objects.filter(meeting=later).count() == 1
    with pytest.raises(DomainError, match="al verplaatst"):
        agenda_item_move(actor=world.wijkmanager_a, item=item, to_meeting=later)


def test_moving_to_another_teams_or_an_earlier_meeting_is_refused(world):
    meeting = planned_meeting(world)
    other = meeting_create(
        actor=world.wijkmanager_b, team=world.team_b, when=when(future_day(5)), place="B"
    )
    earlier = meeting_create(
        actor=world.wijkmanager_a, team=world.team_a, when=when(future_day(1)), place="Eerder"
    )
    item = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Hangplek")
    for target in (other, earlier):
        with pytest.raises(DomainError, match="later overleg van dit wijkteam") as refused:
            agenda_item_move(actor=world.wijkmanager_a, item=item, to_meeting=target)
        assert refused.value.field == "to_meeting"
    assert not AgendaItem.objects.filter(meeting__in=[other, earlier]).exists()


def test_published_agenda_is_sent_once_at_its_moment_each_partner_its_own_copy(world):
    meeting = planned_meeting(world)
    noise, arrears = _agenda(world, meeting)
    agenda_publish(actor=world.wijkmanager_a, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED and meeting.agenda_sent_at is None

    assert agendas_send(now=send_moment(meeting) - timedelta(minutes=1)) == 0
    assert agendas_send(now=send_moment(meeting)) == 1
    assert agendas_send(now=send_moment(meeting) + timedelta(hours=1)) == 0

    police = Notification.objects.get(user=world.agent_a)
    corporation = Notification.objects.get(user=world.consulent_a)
    assert police.subject.startswith("Agenda wijkteamoverleg Wijk 01 Testoord")
    assert noise.reference in police.body
    assert arrears.reference not in police.body and "Huurder reageert niet" not in police.body
    assert "Vertrouwelijk agendapunt (Huurachterstand (vroegsignaal), Appelhof)" in police.body
    assert arrears.reference in corporation.body and "Huurder reageert niet" in corporation.body
    mail = OutgoingEmail.objects.get(to=world.agent_a.email)
    assert arrears.reference not in mail.body_text and "Vertrouwelijk" in mail.body_text
    assert Notification.objects.count() == 4  # every invited member, once
    assert "niet gepubliceerd" not in police.body


def test_an_unpublished_agenda_is_collected_published_and_sent_as_it_stands(world):
    meeting = planned_meeting(world)
    case = noise_case()
    from wijkteam.cases.models import Case, CaseStatus

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ESCALATED)

    assert agenda_send(actor=SYSTEM, meeting=meeting, now=send_moment(meeting)) == 4

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED and meeting.agenda_sent_at is not None
    body = Notification.objects.get(user=world.wijkmanager_a).body
    assert case.reference in body
    assert "had de agenda nog niet gepubliceerd" in body


def test_publishing_after_the_send_moment_sends_at_once(world, time_machine):
    meeting = planned_meeting(world)
    time_machine.move_to(send_moment(meeting) + timedelta(hours=1), tick=False)

    agenda_publish(actor=world.wijkmanager_a, meeting=meeting)

    meeting.refresh_from_db()
    assert meeting.agenda_sent_at == timezone.now()
    assert Notification.objects.filter(subject__startswith="Agenda").count() == 4
    assert agendas_send() == 0


def test_only_the_chair_publishes_and_only_the_system_sends(world):
    meeting = planned_meeting(world)
    with pytest.raises(DomainError):
        agenda_publish(actor=world.agent_a, meeting=meeting)
    with pytest.raises(DomainError):
        agenda_send(actor=world.wijkmanager_a, meeting=meeting, now=send_moment(meeting))
    agenda_publish(actor=world.wijkmanager_a, meeting=meeting)
    with pytest.raises(DomainError, match="al gepubliceerd"):
        agenda_publish(actor=world.wijkmanager_a, meeting=meeting)


def test_a_cancelled_meeting_gets_no_agenda(world):
    meeting = planned_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    assert agendas_send(now=send_moment(meeting)) == 0
    assert not Notification.objects.exists()


def test_the_periodic_task_sends_and_queues_its_next_run(world, time_machine):
    from django_tasks_db.models import DBTaskResult

    from wijkteam.meetings.tasks import send_agendas

    meeting = planned_meeting(world)
    time_machine.move_to(send_moment(meeting), tick=False)
    send_agendas.call()
    meeting.refresh_from_db()
    assert meeting.agenda_sent_at is not None
    assert DBTaskResult.objects.filter(task_path="wijkteam.meetings.tasks.send_agendas").exists()
