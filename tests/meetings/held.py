"""A meeting of team A that has been held, as a fixture for the minutes tests: its items and
attendance are written as rows (holding the meeting is another part's work), and its status is
set to under way with a queryset update."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from tests.meetings.support import arrears_case, noise_case, planned_meeting
from wijkteam.cases.models import Case, CaseAction
from wijkteam.meetings.models import (
    AgendaItem,
    Attendance,
    CaseFlag,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Presence,
)

ARREARS_REASON = "Huurder reageert niet op brieven"
ARREARS_MINUTES = "Gesprek met de huurder over een betalingsregeling"
ARREARS_ACTION = "Huisbezoek plannen met de huurder"
NOISE_MINUTES = "De buren zijn één keer geïnformeerd; gesprek in het café om de hoek."
NOISE_ACTION = "Extra surveillance in de avond"


@dataclass
class Held:
    meeting: Meeting
    noise: Case
    arrears: Case
    noise_item: AgendaItem
    arrears_item: AgendaItem
    member_item: AgendaItem
    arrears_flag: CaseFlag
    noise_flag: CaseFlag


def under_way(meeting: Meeting) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.IN_PROGRESS, started_at=timezone.now()
    )
    meeting.refresh_from_db()
    return meeting


def held_meeting(world) -> Held:
    meeting = planned_meeting(world)
    noise = noise_case()
    arrears = arrears_case(world)
    now = timezone.now()
    arrears_flag = CaseFlag.objects.create(
        case=arrears,
        organisation=world.corporatie,
        reason=ARREARS_REASON,
        flagged_by=world.consulent_a,
        flagged_at=now,
    )
    noise_flag = CaseFlag.objects.create(
        case=noise,
        organisation=world.politie,
        reason="Derde klacht",
        flagged_by=world.agent_a,
        flagged_at=now,
    )
    noise_item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.VERY_LATE,
        case=noise,
        reason="Ruim over de reactietermijn",
        minutes=NOISE_MINUTES,
        outcome=ItemOutcome.DISCUSSED,
        position=1,
    )
    arrears_item = AgendaItem.objects.create(
        meeting=meeting,
        kind=ItemKind.FLAGGED,
        case=arrears,
        flag=arrears_flag,
        reason=ARREARS_REASON,
        minutes=ARREARS_MINUTES,
        outcome=ItemOutcome.DECIDED,
        position=2,
    )
    member_item = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.MEMBER, title="Buurtfeest Petenbos", position=3
    )
    due = timezone.localdate() + timedelta(days=14)
    arrears_item.agreed_actions.add(
        CaseAction.objects.create(
            case=arrears,
            description=ARREARS_ACTION,
            owner_organisation=world.corporatie,
            due_date=due,
            created_by=world.consulent_a,
        )
    )
    noise_item.agreed_actions.add(
        CaseAction.objects.create(
            case=noise,
            description=NOISE_ACTION,
            owner_organisation=world.politie,
            owner_user=world.agent_a,
            due_date=due,
            created_by=world.wijkmanager_a,
        )
    )
    Attendance.objects.create(
        meeting=meeting, organisation=world.politie, presence=Presence.PRESENT, names="Agnes"
    )
    Attendance.objects.create(
        meeting=meeting, organisation=world.welzijn, presence=Presence.EXCUSED
    )
    return Held(
        under_way(meeting),
        noise,
        arrears,
        noise_item,
        arrears_item,
        member_item,
        arrears_flag,
        noise_flag,
    )
