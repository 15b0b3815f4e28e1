"""The rules of the meeting services: who may plan, move and cancel, what state allows it, and
that a refused change changes nothing."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_user
from tests.meetings.support import future_day, when
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.meetings.models import Meeting, MeetingStatus
from wijkteam.meetings.services import (
    AMSTERDAM,
    calendar_token_renew,
    meeting_cancel,
    meeting_create,
    meeting_move,
)
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role


def _audits(meeting: Meeting) -> int:
    return AuditEntry.objects.filter(
        object_type="meetings.meeting", object_id=str(meeting.pk)
    ).count()


def test_wijkmanager_plans_a_meeting_chaired_by_them_with_every_partner_invited(world):
    meeting = meeting_create(
        actor=world.wijkmanager_a, team=world.team_a, when=when(), place="De Schakel"
    )
    assert meeting.chair == world.wijkmanager_a
    assert set(meeting.invited.all()) == {
        world.gemeente,
        world.corporatie,
        world.politie,
        world.welzijn,
    }
    starts = meeting.starts_at.astimezone(AMSTERDAM)
    assert (starts.hour, starts.minute) == (10, 0)
    assert meeting.status == MeetingStatus.PLANNED
    assert _audits(meeting) == 1


def test_coordinator_plans_for_any_team(world):
    coordinator = make_user("co@gemeente.test", world.gemeente, Role.COORDINATOR)
    meeting = meeting_create(actor=coordinator, team=world.team_b, when=when(), place="Hal")
    assert meeting.chair == world.wijkmanager_b


@pytest.mark.parametrize("who", ["agent_a", "consulent_a", "wijkmanager_b", "reader", "admin"])
def test_only_the_wijkmanager_or_coordinator_plans(world, who):
    with pytest.raises(DomainError) as refused:
        meeting_create(actor=getattr(world, who), team=world.team_a, when=when(), place="Hal")
    assert refused.value.code == "forbidden"
    assert "wijkmanager" in refused.value.message
    assert not Meeting.objects.exists()


def test_a_caller_that_does_not_say_who_acts_is_refused(world):
    with pytest.raises(DomainError):
        meeting_create(actor=None, team=world.team_a, when=when(), place="Hal")
    assert not Meeting.objects.exists()


def test_end_before_start_is_refused_in_dutch(world):
    with pytest.raises(DomainError) as refused:
        meeting_create(
            actor=world.wijkmanager_a,
            team=world.team_a,
            when=when(start="11:00", end="10:00"),
            place="Hal",
        )
    assert refused.value.message == "De eindtijd moet na de begintijd liggen."
    assert refused.value.field == "end_time"
    assert not Meeting.objects.exists()


def test_a_meeting_in_the_past_is_refused(world):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError) as refused:
        meeting_create(
            actor=world.wijkmanager_a, team=world.team_a, when=when(day=yesterday), place="Hal"
        )
    assert "voorbij" in refused.value.message


def test_a_meeting_needs_a_place_or_a_link(world):
    with pytest.raises(DomainError) as refused:
        meeting_create(actor=world.wijkmanager_a, team=world.team_a, when=when(), place="  ")
    assert refused.value.field == "place"


def test_the_chair_must_be_in_the_team_and_the_invited_its_partners(world):
    with pytest.raises(DomainError):
        meeting_create(
            actor=world.wijkmanager_a,
            team=world.team_a,
            when=when(),
            place="Hal",
            chair=world.wijkmanager_b,
        )
    with pytest.raises(DomainError):
        meeting_create(
            actor=world.wijkmanager_b,
            team=world.team_b,
            when=when(),
            place="Hal",
            invited=[world.politie],
        )
    assert not Meeting.objects.exists()


@pytest.fixture
def meeting(world):
    return meeting_create(actor=world.wijkmanager_a, team=world.team_a, when=when(), place="Hal")


def test_moving_keeps_the_meeting_raises_its_sequence_and_keeps_the_reason(world, meeting):
    uid, old_start = meeting.uid, meeting.starts_at
    later = future_day(weeks=4)
    moved = meeting_move(
        actor=world.wijkmanager_a,
        meeting=meeting,
        when=when(day=later, start="13:00", end="14:00"),
        reason="Zaal bezet",
    )
    assert moved.uid == uid
    assert moved.sequence == 1
    assert moved.moved_from == old_start
    assert moved.move_reason == "Zaal bezet"
    assert moved.starts_at == datetime.combine(later, time(13), tzinfo=AMSTERDAM)
    meeting_move(
        actor=world.wijkmanager_a,
        meeting=moved,
        when=when(day=later, start="14:00", end="15:00"),
        reason="Nog eens",
    )
    moved.refresh_from_db()
    assert moved.sequence == 2
    assert moved.moved_from == old_start  # the first date stays known
    assert _audits(meeting) == 3


def test_the_chair_may_move_their_own_meeting(world, meeting):
    chaired = meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(),
        place="Hal",
        chair=world.opbouwwerker_a,
    )
    meeting_move(
        actor=world.opbouwwerker_a,
        meeting=chaired,
        when=when(day=future_day(weeks=5)),
        reason="Vakantie",
    )
    with pytest.raises(DomainError):
        meeting_cancel(actor=world.opbouwwerker_a, meeting=meeting, reason="Niet de mijne")


def test_a_move_needs_a_reason_and_a_change(world, meeting):
    with pytest.raises(DomainError) as refused:
        meeting_move(
            actor=world.wijkmanager_a, meeting=meeting, when=when(day=future_day(5)), reason=" "
        )
    assert refused.value.field == "reason"
    with pytest.raises(DomainError):
        meeting_move(actor=world.wijkmanager_a, meeting=meeting, when=when(), reason="Zelfde")
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_a_bad_move_changes_nothing(world, meeting):
    before = (meeting.starts_at, meeting.ends_at, meeting.sequence)
    with pytest.raises(DomainError):
        meeting_move(
            actor=world.wijkmanager_a,
            meeting=meeting,
            when=when(day=future_day(6), start="12:00", end="09:00"),
            reason="Later",
        )
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.sequence) == before
    assert _audits(meeting) == 1


def test_cancelling_keeps_the_meeting_with_its_reason_and_ends_changes(world, meeting):
    meeting_cancel(actor=world.wijkmanager_a, meeting=meeting, reason="Te weinig punten")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancel_reason == "Te weinig punten"
    assert meeting.sequence == 1
    with pytest.raises(DomainError) as refused:
        meeting_cancel(actor=world.wijkmanager_a, meeting=meeting, reason="Nog eens")
    assert "afgelast" in refused.value.message
    with pytest.raises(DomainError):
        meeting_move(
            actor=world.wijkmanager_a, meeting=meeting, when=when(day=future_day(5)), reason="x"
        )


def test_a_meeting_that_was_held_cannot_be_cancelled(world, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )
    with pytest.raises(DomainError) as refused:
        meeting_cancel(actor=world.wijkmanager_a, meeting=meeting, reason="Te laat")
    assert "al geweest" in refused.value.message


def test_others_may_not_cancel(world, meeting):
    for actor in (world.agent_a, world.wijkmanager_b, world.reader):
        with pytest.raises(DomainError):
            meeting_cancel(actor=actor, meeting=meeting, reason="Weg")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_system_may_not_renew_a_calendar_link(world):
    with pytest.raises(DomainError):
        calendar_token_renew(actor=SYSTEM)
    assert calendar_token_renew(actor=world.agent_a)


def test_when_refuses_what_is_no_date():
    from wijkteam.meetings.services import When

    with pytest.raises(DomainError):
        When(day="2026-13-45", start=time(10), end=time(11)).moments()
    assert When(day=date(2030, 1, 1), start=time(10), end=time(11)).moments()
