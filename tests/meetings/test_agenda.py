"""Collecting the agenda: each rule with its reason, one item per case, idempotent, and stale
untouched items removed while members' items and the chair's order stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.cases.support import open_proposal
from tests.meetings.support import noise_case, planned_meeting, when
from wijkteam.cases.handling import case_action_create
from wijkteam.cases.models import Case, CaseStatus, Feedback, ResponseKind
from wijkteam.cases.triage.responses import proposal_respond
from wijkteam.core.errors import DomainError
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_items import agenda_item_add, agenda_order_set
from wijkteam.meetings.models import (
    AgendaItem,
    CaseFlag,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
)
from wijkteam.meetings.services import meeting_create
from wijkteam.partners.actors import SYSTEM


def _items(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))


def _escalated_by_objection(world):
    case = noise_case()
    proposal = open_proposal(case)
    proposal_respond(
        actor=world.agent_a,
        proposal=proposal,
        kind=ResponseKind.OBJECT,
        reason="Geen zaak voor ons",
    )
    for user in (world.wijkmanager_a, world.opbouwwerker_a, world.consulent_a):
        proposal_respond(actor=user, proposal=proposal, kind=ResponseKind.AGREE)
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED
    return case


def _handled(world):
    """A case the corporation leads (its lead agreed)."""
    case = noise_case()
    proposal = open_proposal(case)
    for user in (world.wijkmanager_a, world.agent_a, world.opbouwwerker_a, world.consulent_a):
        proposal_respond(actor=user, proposal=proposal, kind=ResponseKind.AGREE)
    case.refresh_from_db()
    assert case.status == CaseStatus.HANDLING
    return case


def _closed_meeting_before(world, meeting):
    earlier = meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(meeting.starts_at.date() - timedelta(days=7)),
        place="Vorige keer",
    )
    Meeting.objects.filter(pk=earlier.pk).update(status=MeetingStatus.CLOSED)
    earlier.refresh_from_db()
    return earlier


def test_a_standing_objection_is_collected_with_who_objected(world):
    case = _escalated_by_objection(world)
    meeting = planned_meeting(world)

    assert agenda_collect(actor=world.wijkmanager_a, meeting=meeting) == 1

    (item,) = _items(meeting)
    assert (item.kind, item.case, item.source_key) == (
        ItemKind.OVERLEG_LIST,
        case,
        f"case:{case.pk}",
    )
    assert item.reason == "Bezwaar of tegenvoorstel van Politie Test"


def test_an_urgent_case_without_police_is_collected_with_that_reason(world):
    case = noise_case()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ESCALATED, is_urgent=True)
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    assert _items(meeting)[0].reason == "Spoed, maar dit wijkteam heeft geen politie als partner"


def test_open_actions_of_the_previous_closed_meeting_come_first(world):
    meeting = planned_meeting(world)
    earlier = _closed_meeting_before(world, meeting)
    flagged_case = _handled(world)
    CaseFlag.objects.create(
        case=flagged_case,
        organisation=world.politie,
        reason="Derde klacht",
        flagged_by=world.agent_a,
        flagged_at=timezone.now(),
    )
    case = _handled(world)
    action = case_action_create(
        actor=world.consulent_a,
        case=case,
        description="Gesprek met de bewoner",
        owner_organisation=world.corporatie,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    done = case_action_create(
        actor=world.consulent_a,
        case=case,
        description="Al gedaan",
        owner_organisation=world.corporatie,
        due_date=timezone.localdate() + timedelta(days=30),
    )
    done.done_at = timezone.now()
    done.save()
    old = AgendaItem.objects.create(meeting=earlier, kind=ItemKind.FLAGGED, case=case)
    old.agreed_actions.set([action, done])

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    first, second = _items(meeting)
    assert (first.kind, first.action, first.case) == (ItemKind.OPEN_ACTION, action, case)
    assert first.reason.startswith("Woonstichting Test, uiterlijk ")
    assert "over de termijn" not in first.reason
    assert (second.kind, second.case) == (ItemKind.FLAGGED, flagged_case)
    assert second.reason == "Aangemeld door Politie Test: Derde klacht"


def test_an_open_action_of_the_last_meeting_that_is_overdue_is_one_reason(world):
    meeting = planned_meeting(world)
    earlier = _closed_meeting_before(world, meeting)
    case = _handled(world)
    action = case_action_create(
        actor=world.consulent_a,
        case=case,
        description="Brief sturen",
        owner_organisation=world.corporatie,
        due_date=timezone.localdate() - timedelta(days=2),
        at=timezone.now() - timedelta(days=7),
    )
    AgendaItem.objects.create(
        meeting=earlier, kind=ItemKind.FLAGGED, case=case, outcome=ItemOutcome.DECIDED
    ).agreed_actions.set([action])

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    (item,) = _items(meeting)
    assert item.kind == ItemKind.OPEN_ACTION
    assert item.reason.startswith("Woonstichting Test, uiterlijk ")
    assert item.reason.endswith(": over de termijn")
    assert "Actie over de termijn" not in item.reason


def test_overdue_actions_very_late_cases_and_dissatisfied_reporters(world):
    overdue = _handled(world)
    late = _handled(world)
    unhappy = _handled(world)
    action = case_action_create(
        actor=world.consulent_a,
        case=overdue,
        description="Brief sturen",
        owner_organisation=world.corporatie,
        due_date=timezone.localdate() + timedelta(days=1),
    )
    action.due_date = timezone.localdate() - timedelta(days=3)
    action.save()
    Case.objects.filter(pk=late.pk).update(very_late_at=timezone.now() - timedelta(hours=1))
    Feedback.objects.create(
        case=unhappy, round=1, outcome="solved", satisfied=False, comment="Nog steeds lawaai"
    )
    Feedback.objects.create(
        case=overdue, round=1, outcome="solved", satisfied=False, follow_up="answered"
    )
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    items = _items(meeting)
    assert [(item.kind, item.case_id) for item in items] == [
        (ItemKind.OVERDUE_ACTION, overdue.pk),
        (ItemKind.VERY_LATE, late.pk),
        (ItemKind.DISSATISFIED, unhappy.pk),
    ]
    assert items[0].reason.startswith("Actie over de termijn: uiterlijk ")
    assert items[1].reason.startswith("Meer dan 3× over de reactietermijn")
    assert items[2].reason.startswith("Melder niet tevreden sinds ")
    # The reporter's own words are never a reason.
    assert all("lawaai" not in item.reason for item in items)


def test_a_case_with_several_reasons_is_one_item_with_the_reasons_joined(world):
    case = _escalated_by_objection(world)
    Case.objects.filter(pk=case.pk).update(very_late_at=timezone.now() - timedelta(hours=1))
    CaseFlag.objects.create(
        case=case,
        organisation=world.welzijn,
        reason="Zorgen om het gezin",
        flagged_by=world.opbouwwerker_a,
        flagged_at=timezone.now(),
    )
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    (item,) = _items(meeting)
    assert item.kind == ItemKind.OVERLEG_LIST
    assert item.reason.split("; ")[0] == "Bezwaar of tegenvoorstel van Politie Test"
    assert "Meer dan 3× over de reactietermijn" in item.reason
    assert item.reason.endswith("Aangemeld door Welzijn Test: Zorgen om het gezin")
    assert item.flag is not None


def test_collecting_again_adds_nothing_twice_and_removes_what_no_longer_holds(world):
    escalated = _escalated_by_objection(world)
    late = _handled(world)
    discussed = _handled(world)
    for case in (late, discussed):
        Case.objects.filter(pk=case.pk).update(very_late_at=timezone.now() - timedelta(hours=1))
    meeting = planned_meeting(world)
    own = agenda_item_add(actor=world.agent_a, meeting=meeting, title="Buurtpreventie")
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    # Collected items come before what members added; the chair then puts his own order.
    assert [item.case_id for item in _items(meeting)] == [escalated.pk, late.pk, discussed.pk, None]
    order = [item.pk for item in reversed(_items(meeting))]
    agenda_order_set(actor=world.wijkmanager_a, meeting=meeting, item_ids=order)

    assert agenda_collect(actor=world.wijkmanager_a, meeting=meeting) == 0
    assert [item.pk for item in _items(meeting)] == order

    # The late case is answered in time again, the discussed one too but it has minutes.
    Case.objects.filter(pk__in=[late.pk, discussed.pk]).update(very_late_at=None)
    AgendaItem.objects.filter(meeting=meeting, case=discussed).update(minutes="Besproken")
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    left = _items(meeting)
    assert [item.case_id for item in left] == [None, discussed.pk, escalated.pk]
    assert left[0] == own


def test_items_back_or_moved_here_are_carried_once(world):
    meeting = planned_meeting(world)
    earlier = _closed_meeting_before(world, meeting)
    case = _handled(world)
    back = AgendaItem.objects.create(
        meeting=earlier, kind=ItemKind.MEMBER, title="Speeltuin", outcome=ItemOutcome.BACK
    )
    AgendaItem.objects.create(
        meeting=earlier, kind=ItemKind.FLAGGED, case=case, outcome=ItemOutcome.DECIDED
    )

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    (item,) = _items(meeting)
    assert (item.kind, item.carried_from, item.title) == (ItemKind.CARRIED, back, "Speeltuin")
    assert item.reason.startswith("Uit het overleg van ")


def test_only_the_chair_or_the_system_collects_and_only_while_preparing(world):
    meeting = planned_meeting(world)
    with pytest.raises(DomainError):
        agenda_collect(actor=world.agent_a, meeting=meeting)
    agenda_collect(actor=SYSTEM, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.IN_PROGRESS)
    with pytest.raises(DomainError, match="voordat het overleg begint"):
        agenda_collect(actor=world.wijkmanager_a, meeting=meeting)


def test_another_teams_cases_are_never_collected(world):
    case = _escalated_by_objection(world)
    other = meeting_create(
        actor=world.wijkmanager_b, team=world.team_b, when=when(), place="Elders"
    )

    agenda_collect(actor=world.wijkmanager_b, meeting=other)

    assert not AgendaItem.objects.filter(case=case).exists()
