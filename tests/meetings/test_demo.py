"""The demo's wijkteamoverleg: Zuidoost meets every other Tuesday at 10:00; last Tuesday's
meeting was held and its minutes closed; an extra meeting today has its agenda built, so the
wijkmanager can hold it now; loading again changes nothing."""

from django.utils import timezone

from wijkteam.cases.models import CaseEvent, CaseEventKind
from wijkteam.cases.worklists import my_open_actions
from wijkteam.demo.services import demo_data_load
from wijkteam.meetings.models import (
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingSchedule,
    MeetingStatus,
)
from wijkteam.meetings.redaction import items_for_partner
from wijkteam.meetings.services import AMSTERDAM
from wijkteam.partners.models import Organisation, User


def test_zuidoost_held_its_last_meeting_and_meets_again_today_with_its_agenda_built(db):
    report = demo_data_load(demo_mode=True, history_per_team=0)
    schedule = MeetingSchedule.objects.get(team__district__code="WK034502")
    assert (schedule.weekday, schedule.interval_weeks) == (1, 2)
    meetings = list(Meeting.objects.filter(team=schedule.team).order_by("starts_at"))
    assert report.meetings_created == len(meetings)
    chair = User.objects.get(email="wijkmanager.zuidoost@gemeente.example")
    assert {meeting.chair for meeting in meetings} == {chair}

    held, today = meetings[0], meetings[1]
    start = held.starts_at.astimezone(AMSTERDAM)
    assert (start.weekday(), start.hour) == (1, 10)
    assert held.status == MeetingStatus.CLOSED
    assert sorted(held.items.values_list("kind", "outcome")) == sorted(
        [
            (ItemKind.OVERLEG_LIST, ItemOutcome.DECIDED),
            (ItemKind.OVERLEG_LIST, ItemOutcome.BACK),
            (ItemKind.MEMBER, ItemOutcome.DISCUSSED),
            # The residents' idea for the pond in the Petenbos (demo/initiatives.py).
            (ItemKind.INITIATIVE, ItemOutcome.DISCUSSED),
        ]
    )
    decided = held.items.get(outcome=ItemOutcome.DECIDED)
    assert decided.agreed_actions.count() == 2
    assert CaseEvent.objects.filter(case=decided.case, kind=CaseEventKind.DECIDED).exists()
    agent = User.objects.get(email="wijkagent.zuidoost@politie.example")
    assert any(action.case == decided.case for action in my_open_actions(agent))

    assert today.starts_at.astimezone(AMSTERDAM).date() == timezone.localdate()
    assert today.status == MeetingStatus.PLANNED
    kinds = [item.kind for item in today.items.order_by("position")]
    assert kinds[0] == ItemKind.OPEN_ACTION
    assert {ItemKind.CARRIED, ItemKind.FLAGGED, ItemKind.INITIATIVE} <= set(kinds)
    police = Organisation.objects.get(name="Politie basisteam Heuvelrug")
    confidential = [view for view in items_for_partner(police.pk, today) if view.confidential]
    assert len(confidential) == 1
    assert confidential[0].heading.startswith("Vertrouwelijk agendapunt (Huurachterstand")
    assert all(meeting.starts_at > timezone.now() for meeting in meetings[2:])
    assert len(meetings[2:]) >= 3

    again = demo_data_load(demo_mode=True, history_per_team=0)
    assert again.meetings_created == 0
    assert Meeting.objects.count() == len(meetings)
