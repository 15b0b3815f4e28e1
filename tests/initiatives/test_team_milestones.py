"""Milestones (milestones.py) and the team's internal remarks (remarks.py): in which stages,
by whom, published once as an update that reaches the opted-in residents."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.initiatives.team_support import (
    INITIATOR_EMAIL,
    png_upload,
    propose,
    reader_in_team_a,
    support,
    to_stage,
)
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import InitiativeComment, InitiativeUpdate, Milestone, Stage
from wijkteam.initiatives.moderation import initiative_hide
from wijkteam.initiatives.remarks import initiative_remark_add
from wijkteam.initiatives.updates import update_send
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.signals.photos import process_photo


def _add(world, initiative, actor=None, **extra):
    extra.setdefault("title", "Struiken weggehaald")
    extra.setdefault("happened_on", timezone.localdate())
    return milestone_add(actor=actor or world.consulent_a, initiative=initiative, **extra)


@pytest.mark.parametrize("stage", [Stage.PLAN, Stage.UNDERWAY, Stage.REALISED])
def test_milestones_are_recorded_from_the_plan_on_and_after_realising(world, stage):
    initiative = to_stage(world, propose(world), stage)
    milestone = _add(world, initiative)
    assert (milestone.initiative, milestone.published_at, milestone.created_by) == (
        initiative,
        None,
        world.consulent_a,
    )


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.TEAM, Stage.STOPPED])
def test_no_milestones_before_a_plan_or_for_a_stopped_project(world, stage):
    initiative = to_stage(world, propose(world), stage)
    with pytest.raises(DomainError):
        _add(world, initiative)
    assert not Milestone.objects.exists()


def test_a_milestone_keeps_its_photos(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    photo = process_photo(upload=png_upload())
    milestone = _add(world, initiative, title="Grond verhard", photos=[photo])
    (stored,) = milestone.photos.all()
    assert (stored.initiative, stored.content_type, stored.width) == (
        initiative,
        "image/png",
        40,
    )


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"happened_on": timezone.localdate() + timedelta(days=1)}, "happened_on"),
    ],
)
def test_a_milestone_has_a_title_and_a_date_that_passed(world, extra, field):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    with pytest.raises(DomainError) as refused:
        _add(world, initiative, **extra)
    assert refused.value.field == field


@pytest.mark.parametrize("who", ["reader", "wijkmanager_b"])
def test_a_reader_or_another_teams_member_adds_no_milestone(world, who):
    initiative = to_stage(world, propose(world), Stage.PLAN)
    actor = reader_in_team_a(world) if who == "reader" else world.wijkmanager_b
    with pytest.raises(DomainError) as refused:
        _add(world, initiative, actor=actor)
    assert refused.value.code == FORBIDDEN


def test_publishing_a_milestone_emails_the_opted_in_residents_once(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    support(initiative, "buurman@bewoner.test")
    support(initiative, "stil@bewoner.test", wants_updates=False)
    milestone = _add(world, initiative, title="Muurschildering klaar", description="Kom kijken!")
    update = milestone_publish(actor=world.agent_a, milestone=milestone)
    assert (update.title, update.text, update.milestone) == (
        "Muurschildering klaar",
        "Kom kijken!",
        milestone,
    )
    milestone.refresh_from_db()
    assert milestone.published_at is not None
    update_send(update_id=update.pk)
    update_send(update_id=update.pk)  # the task, run twice
    emails = OutgoingEmail.objects.filter(key__startswith=f"iu:{update.pk}:")
    assert sorted(email.to for email in emails) == sorted([INITIATOR_EMAIL, "buurman@bewoner.test"])
    assert all("Muurschildering klaar" in email.body_text for email in emails)
    assert all("/initiatieven/afmelden/" in email.body_text for email in emails)


def test_publishing_twice_says_it_is_published_already(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    milestone = _add(world, initiative)
    milestone_publish(actor=world.consulent_a, milestone=milestone)
    with pytest.raises(DomainError, match="al gepubliceerd"):
        milestone_publish(actor=world.consulent_a, milestone=milestone)
    assert InitiativeUpdate.objects.filter(milestone=milestone).count() == 1


def test_a_realised_project_publishes_its_last_milestone(world):
    initiative = to_stage(world, propose(world), Stage.REALISED)
    update = milestone_publish(actor=world.consulent_a, milestone=_add(world, initiative))
    assert update.pk


def test_a_stopped_project_publishes_nothing(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    milestone = _add(world, initiative)
    to_stage(world, initiative, Stage.STOPPED)
    with pytest.raises(DomainError, match="niet doorgegaan"):
        milestone_publish(actor=world.consulent_a, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.published_at is None


def test_a_hidden_initiative_publishes_nothing(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    milestone = _add(world, initiative)
    initiative_hide(actor=world.wijkmanager_a, initiative=initiative, reason="Even niet.")
    with pytest.raises(DomainError, match="verborgen"):
        milestone_publish(actor=world.consulent_a, milestone=milestone)


def test_the_milestones_audit_rows_hold_no_text(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    milestone = _add(world, initiative, title="Tuin van Jansen", description="Jansen hielp.")
    milestone_publish(actor=world.consulent_a, milestone=milestone)
    for row in AuditEntry.objects.filter(action__startswith="milestone_"):
        assert "Jansen" not in f"{row.object_repr} {row.changes}"


def test_a_member_adds_an_internal_remark_in_any_stage(world):
    initiative = to_stage(world, propose(world), Stage.REALISED)
    remark = initiative_remark_add(
        actor=world.agent_a, initiative=initiative, text="Let op: hangjongeren bij de kooi."
    )
    assert (remark.author, remark.organisation) == (world.agent_a, world.politie)
    row = AuditEntry.objects.get(action="initiative_remark")
    assert "hangjongeren" not in str(row.changes)
    # Internal: never a line of the public story.
    assert not InitiativeUpdate.objects.filter(text__contains="hangjongeren").exists()


@pytest.mark.parametrize("text,field", [("  ", "text"), ("x" * 2001, "text")])
def test_a_remark_has_text(world, text, field):
    initiative = propose(world)
    with pytest.raises(DomainError) as refused:
        initiative_remark_add(actor=world.agent_a, initiative=initiative, text=text)
    assert refused.value.field == field


@pytest.mark.parametrize("who", ["reader", "wijkmanager_b", "rent_admin"])
def test_only_working_members_of_the_team_remark(world, who):
    initiative = propose(world)
    actor = reader_in_team_a(world) if who == "reader" else getattr(world, who)
    with pytest.raises(DomainError) as refused:
        initiative_remark_add(actor=actor, initiative=initiative, text="Opmerking.")
    assert refused.value.code == FORBIDDEN
    assert not InitiativeComment.objects.exists()
