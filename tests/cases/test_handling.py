"""Working a case: the status workflow, actions, notes and the response target."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, case_of, intake, local, open_proposal
from wijkteam.cases.handling import (
    case_action_complete,
    case_action_create,
    case_note_add,
    case_status_change,
)
from wijkteam.cases.models import TRANSITIONS, CaseAction, CaseStatus, NoteVisibility
from wijkteam.cases.steps import case_transition
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import SYSTEM


def led_case(world, **extra):
    """A noise case whose first responder (the corporation) is agreed by silence."""
    case = case_of(intake("overlast-geluid", location=address(), **extra))
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()
    assert (case.status, case.lead) == (CaseStatus.HANDLING, world.corporatie)
    return case


# In a fixed order (the targets are sets): every run, and every pytest-xdist worker, collects the
# same tests.
ALLOWED = [(before, after) for before, targets in TRANSITIONS.items() for after in sorted(targets)]


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_every_allowed_transition_is_allowed(world, before, after):
    case = case_of(intake())
    case.status = before
    case_transition(case, after)
    assert case.status == after


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (CaseStatus.CONSULTATION, CaseStatus.IN_PROGRESS),
        (CaseStatus.CONSULTATION, CaseStatus.CLOSED),
        (CaseStatus.ESCALATED, CaseStatus.RESOLVED),
        (CaseStatus.WAITING, CaseStatus.CLOSED),
        (CaseStatus.CLOSED, CaseStatus.RESOLVED),
        (CaseStatus.MERGED, CaseStatus.IN_PROGRESS),
    ],
)
def test_forbidden_transitions_are_refused(world, before, after):
    case = case_of(intake())
    case.status = before
    with pytest.raises(DomainError):
        case_transition(case, after)


def test_the_lead_moves_the_case_between_in_progress_and_waiting(client, world):
    case = led_case(world)
    client.force_login(world.consulent_a)
    url = reverse("cases:status", args=[case.reference])
    refused = client.post(url, {"status-status": "waiting", "status-reason": ""})
    assert refused.status_code == 400
    assert "Schrijf op waarop de casus wacht." in refused.content.decode()
    client.post(url, {"status-status": "waiting", "status-reason": "Wacht op de huurder"})
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING
    timeline = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Toegewezen → Wacht op derden. Reden: Wacht op de huurder" in timeline


def test_only_the_lead_or_the_chair_changes_the_status(client, world):
    case = led_case(world)
    url = reverse("cases:status", args=[case.reference])
    client.force_login(world.agent_a)
    assert client.post(url, {"status-status": "in_progress"}).status_code == 403
    client.force_login(world.wijkmanager_b)
    assert client.post(url, {"status-status": "in_progress"}).status_code == 404
    client.force_login(world.wijkmanager_a)
    assert client.post(url, {"status-status": "in_progress"}).status_code == 302


def test_a_case_in_consultation_cannot_be_worked_yet(world):
    case = case_of(intake())
    with pytest.raises(DomainError):
        case_status_change(actor=world.consulent_a, case=case, status=CaseStatus.IN_PROGRESS)


def test_an_action_is_agreed_done_and_its_result_kept(client, world):
    case = led_case(world)
    client.force_login(world.wijkmanager_a)
    response = client.post(
        reverse("cases:action_add", args=[case.reference]),
        {
            "action-description": "Gesprek met beide buren",
            "action-owner_organisation": world.welzijn.pk,
            "action-owner_user": world.opbouwwerker_a.pk,
            "action-due_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = CaseAction.objects.get()
    assert (action.owner_organisation, action.owner_user) == (world.welzijn, world.opbouwwerker_a)

    done = reverse("cases:action_done", args=[case.reference, action.pk])
    client.force_login(world.agent_a)  # not the owner's organisation
    assert client.post(done, {f"done{action.pk}-result": "x"}).status_code == 403
    client.force_login(world.opbouwwerker_a)
    client.post(done, {f"done{action.pk}-result": "Afspraken gemaakt over stilte na 22 uur"})
    action.refresh_from_db()
    assert action.done_at is not None
    assert action.result == "Afspraken gemaakt over stilte na 22 uur"


def test_bad_actions_are_refused(world):
    case = led_case(world)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match="verleden"):
        case_action_create(
            actor=world.wijkmanager_a,
            case=case,
            description="Te laat",
            owner_organisation=world.welzijn,
            due_date=timezone.localdate() - timedelta(days=1),
        )
    with pytest.raises(DomainError, match="werkt niet bij"):
        case_action_create(
            actor=world.wijkmanager_a,
            case=case,
            description="Verkeerde persoon",
            owner_organisation=world.welzijn,
            owner_user=world.agent_a,
            due_date=tomorrow,
        )
    with pytest.raises(DomainError, match="partner van dit wijkteam"):
        case_action_create(
            actor=world.wijkmanager_a,
            case=case,
            description="Geen partner",
            owner_organisation=world.gemeente.__class__.objects.create(name="X", kind="zorg"),
            due_date=tomorrow,
        )
    assert not CaseAction.objects.exists()


def test_overdue_actions_show_on_the_case_in_my_work_and_per_team(client, world):
    case = led_case(world)
    with time_machine.travel(local(2026, 11, 2, 10), tick=False):
        action = case_action_create(
            actor=world.wijkmanager_a,
            case=case,
            description="Container laten legen",
            owner_organisation=world.corporatie,
            owner_user=world.consulent_a,
            due_date=date(2026, 11, 5),
        )
    with time_machine.travel(local(2026, 11, 9, 10), tick=False):
        client.force_login(world.consulent_a)
        page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
        assert "verlopen" in page.split('id="actions"')[1]
        mine = client.get(reverse("cases:my_work")).content.decode()
        assert "Container laten legen" in mine and "verlopen" in mine
        assert case.reference in mine.split('id="my-cases"')[1]
        team = client.get(reverse("cases:team_triage", args=["WK099901"])).content.decode()
        assert "Container laten legen" in team.split('id="overdue-actions"')[1]
    case_action_complete(actor=world.consulent_a, action=action, result="Geleegd")
    client.force_login(world.consulent_a)
    assert "Container laten legen" not in client.get(reverse("cases:my_work")).content.decode()


def test_an_own_organisation_note_stays_with_that_organisation(client, world):
    case = led_case(world)
    case_note_add(
        actor=world.consulent_a,
        case=case,
        text="Huurder heeft eerder een waarschuwing gehad",
        visibility=NoteVisibility.OWN_ORGANISATION,
    )
    case_note_add(
        actor=world.consulent_a,
        case=case,
        text="Gesprek gepland op dinsdag",
        visibility=NoteVisibility.PARTNERS,
    )
    client.force_login(world.agent_a)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Gesprek gepland op dinsdag" in page
    assert "waarschuwing" not in page
    client.force_login(world.consulent_a)
    assert (
        "waarschuwing"
        in client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    )


def test_notes_default_to_the_narrower_choice_for_sensitive_categories(client, world):
    team_case = led_case(world)
    care = case_of(
        intake(
            "zorg-verwaarlozing",
            location=address(number=7, postcode="3999AB"),
            receiving_organisation=world.welzijn,
        )
    )
    client.force_login(world.opbouwwerker_a)
    team_page = client.get(reverse("cases:detail", args=[team_case.reference])).content.decode()
    care_page = client.get(reverse("cases:detail", args=[care.reference])).content.decode()
    assert re.search(r'<input[^>]*value="partners"[^>]*checked', team_page)
    assert re.search(r'<input[^>]*value="own_organisation"[^>]*checked', care_page)
    response = client.post(
        reverse("cases:note", args=[care.reference]), {"note-text": "", "note-visibility": "x"}
    )
    assert response.status_code == 400


def test_the_response_target_counts_working_days_and_shows_lateness(client, world):
    # Geluid: 5 working days. Opened Thursday 24 Dec 2026 10:00; Christmas, Boxing Day, the
    # weekends and New Year's Day do not count: due Monday 4 January 2027.
    with time_machine.travel(local(2026, 12, 24, 10), tick=False):
        case = case_of(intake("overlast-geluid", location=address()))
    assert timezone.localtime(case.due_at) == local(2027, 1, 4, 10)
    assert case.sla_state(local(2027, 1, 4, 9)) == "on_time"
    assert case.sla_state(local(2027, 1, 5, 9)) == "late"
    assert case.sla_state(case.very_late_at + timedelta(minutes=1)) == "very_late"

    url = reverse("cases:team", args=["WK099901"])
    with time_machine.travel(local(2027, 1, 5, 9), tick=False):
        client.force_login(world.wijkmanager_a)
        late = client.get(url, {"termijn": "late"}).content.decode()
        very_late = client.get(url, {"termijn": "very_late"}).content.decode()
    assert case.reference in late and "te laat" in late
    assert case.reference not in very_late


def test_the_team_list_sorts_on_the_response_target(client, world):
    # Opened an hour apart on a working day: on a weekend both targets would start at the same
    # Monday midnight.
    with time_machine.travel(local(2027, 1, 6, 10), tick=False):
        slow = case_of(intake("vervuiling-graffiti", location=address(number=3)))
    with time_machine.travel(local(2027, 1, 6, 11), tick=False):
        fast = case_of(intake("overlast-geluid", location=address(number=5)))
    assert slow.due_at != fast.due_at
    client.force_login(world.wijkmanager_a)
    body = client.get(reverse("cases:team", args=["WK099901"]), {"sorteer": "termijn"})
    body = body.content.decode()
    first, second = sorted([slow, fast], key=lambda case: case.due_at)
    assert body.index(first.reference) < body.index(second.reference)


def test_an_action_agreed_earlier_counts_its_due_date_from_that_day(world):
    case = led_case(world)
    agreed = timezone.now() - timedelta(days=14)
    action = case_action_create(
        actor=world.wijkmanager_a,
        case=case,
        description="Gesprek met de huurder",
        owner_organisation=world.corporatie,
        due_date=timezone.localdate(agreed) + timedelta(days=7),
        at=agreed,
    )
    assert action.created_at == agreed
    assert action.is_overdue(timezone.localdate())
    with pytest.raises(DomainError, match="verleden"):
        case_action_create(
            actor=world.wijkmanager_a,
            case=case,
            description="Nog eerder",
            owner_organisation=world.corporatie,
            due_date=timezone.localdate(agreed) - timedelta(days=1),
            at=agreed,
        )
