"""The stage service (stages.py) and its one transition table: every pair allowed or refused,
who may take which step, the public reason for stopping, the end, and what each step tells
whom (the public story, the opted-in residents' emails, the team)."""

import pytest
from django.core import mail

from tests.initiatives.team_support import (
    INITIATOR_EMAIL,
    propose,
    support,
    to_stage,
)
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.initiatives.models import STAGE_TRANSITIONS, InitiativeUpdate, Stage
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.updates import update_send
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.partners.actors import SYSTEM

PAIRS = [(before, after) for before in Stage.values for after in Stage.values]


def _pair_id(pair) -> str:
    return f"{pair[0]}->{pair[1]}"


@pytest.mark.parametrize("before,after", PAIRS, ids=[_pair_id(pair) for pair in PAIRS])
def test_every_step_the_table_allows_is_taken_and_every_other_refused(world, before, after):
    initiative = to_stage(world, propose(world), before)
    allowed = after in STAGE_TRANSITIONS[before]
    if allowed:
        initiative_stage_set(
            actor=world.wijkmanager_a, initiative=initiative, stage=after, message="Een reden."
        )
        initiative.refresh_from_db()
        assert initiative.stage == after
    else:
        with pytest.raises(DomainError) as refused:
            initiative_stage_set(
                actor=world.wijkmanager_a, initiative=initiative, stage=after, message="Een reden."
            )
        assert refused.value.field == "stage"
        initiative.refresh_from_db()
        assert initiative.stage == before


def test_the_table_ends_in_realised_and_stopped_and_stopping_is_possible_before_realised():
    assert STAGE_TRANSITIONS[Stage.REALISED] == frozenset()
    assert STAGE_TRANSITIONS[Stage.STOPPED] == frozenset()
    for stage in (Stage.IDEA, Stage.TEAM, Stage.PLAN, Stage.UNDERWAY):
        assert Stage.STOPPED in STAGE_TRANSITIONS[stage]


def test_the_system_only_puts_an_idea_to_the_team(world):
    idea = propose(world)
    initiative_stage_set(actor=SYSTEM, initiative=idea, stage=Stage.TEAM)
    idea.refresh_from_db()
    assert idea.stage == Stage.TEAM
    for stage in (Stage.PLAN, Stage.STOPPED):
        with pytest.raises(DomainError) as refused:
            initiative_stage_set(actor=SYSTEM, initiative=idea, stage=stage, message="Reden.")
        assert refused.value.code == FORBIDDEN
    other = propose(world, title="Bankje")
    with pytest.raises(DomainError):
        initiative_stage_set(actor=SYSTEM, initiative=other, stage=Stage.STOPPED, message="x")
    other.refresh_from_db()
    assert other.stage == Stage.IDEA


@pytest.mark.parametrize("who", ["consulent_a", "agent_a", "wijkmanager_b", "reader"])
def test_only_the_teams_wijkmanager_takes_a_step(world, who):
    idea = propose(world)
    with pytest.raises(DomainError) as refused:
        initiative_stage_set(actor=getattr(world, who), initiative=idea, stage=Stage.TEAM)
    assert refused.value.code == FORBIDDEN
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA


@pytest.mark.parametrize("message", ["", "   "])
def test_stopping_needs_a_public_reason(world, message):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    with pytest.raises(DomainError) as refused:
        initiative_stage_set(
            actor=world.wijkmanager_a, initiative=initiative, stage=Stage.STOPPED, message=message
        )
    assert refused.value.field == "message"
    initiative.refresh_from_db()
    assert (initiative.stage, initiative.ended_at) == (Stage.PLAN, None)


def test_the_end_is_dated_and_the_reason_for_stopping_is_kept(world):
    running = to_stage(world, propose(world), Stage.UNDERWAY)
    assert running.ended_at is None and running.stage_changed_at is not None
    realised = to_stage(world, propose(world, title="Muurschildering"), Stage.REALISED)
    assert realised.ended_at is not None and realised.has_ended
    stopped = propose(world, title="Hondenuitlaatplek")
    initiative_stage_set(
        actor=world.wijkmanager_a,
        initiative=stopped,
        stage=Stage.STOPPED,
        message="Er is geen geschikte plek.",
    )
    stopped.refresh_from_db()
    assert stopped.ended_at is not None
    assert stopped.stop_reason == "Er is geen geschikte plek."


def test_each_step_is_a_line_of_the_public_story(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    lines = list(InitiativeUpdate.objects.filter(initiative=initiative).order_by("at", "id"))
    assert [line.stage for line in lines] == [Stage.TEAM, Stage.PLAN, Stage.UNDERWAY]
    assert lines[0].title == "Het idee ligt bij het wijkteam"


def test_a_step_emails_the_opted_in_residents_once_with_an_unsubscribe_link(
    world, django_capture_on_commit_callbacks
):
    initiative = propose(world)
    support(initiative, "wil.wel@bewoner.test", wants_updates=True)
    support(initiative, "wil.niet@bewoner.test", wants_updates=False)
    support(initiative, "onbevestigd@bewoner.test", wants_updates=True, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_stage_set(actor=world.wijkmanager_a, initiative=initiative, stage=Stage.TEAM)
    update = InitiativeUpdate.objects.get(initiative=initiative)
    # The background task, as if it ran twice.
    update_send(update_id=update.pk)
    update_send(update_id=update.pk)
    emails = OutgoingEmail.objects.filter(topic=initiative.reference).exclude(
        subject__startswith="Bevestig"
    )
    assert sorted(email.to for email in emails) == sorted([INITIATOR_EMAIL, "wil.wel@bewoner.test"])
    for email in emails:
        assert "/initiatieven/afmelden/" in email.body_text
        assert "Het idee ligt bij het wijkteam" in email.body_text


def test_the_worker_delivers_the_update_to_the_residents_mailbox(
    world, run_worker, django_capture_on_commit_callbacks
):
    initiative = propose(world, wants_updates=False)
    support(initiative, "buurvrouw@bewoner.test")
    with django_capture_on_commit_callbacks(execute=True):
        to_stage(world, initiative, Stage.TEAM)
    mail.outbox.clear()
    run_worker()
    resident_mail = [m for m in mail.outbox if m.to == ["buurvrouw@bewoner.test"]]
    assert len(resident_mail) == 1
    assert "afmelden" in resident_mail[0].body


def test_the_team_is_told_when_an_idea_comes_to_it(world):
    initiative = propose(world)
    initiative_stage_set(actor=SYSTEM, initiative=initiative, stage=Stage.TEAM)
    told = set(
        Notification.objects.filter(link=f"/wijkprojecten/{initiative.reference}/").values_list(
            "user__email", flat=True
        )
    )
    assert told == {
        world.wijkmanager_a.email,
        world.consulent_a.email,
        world.agent_a.email,
        world.opbouwwerker_a.email,
    }
    notification = Notification.objects.filter(user=world.agent_a).get()
    assert "genoeg steun" in notification.body
    # Team B hears nothing of wijk A's idea.
    assert not Notification.objects.filter(user=world.wijkmanager_b).exists()
