"""A wijk can set how much support puts an idea to the wijkteam by itself: the confirmation
that reaches it moves the idea in the same transaction."""

import pytest
from django.urls import reverse

from tests.initiatives.conftest import link_in, mails_to, make_initiative
from wijkteam.access.models import AuditEntry
from wijkteam.core.tokens import hash_token
from wijkteam.initiatives.models import (
    DistrictInitiativeSettings,
    InitiativeUpdate,
    Stage,
    Supporter,
)
from wijkteam.initiatives.support import SupportInput, support_confirm, support_request
from wijkteam.notifications.models import Notification
from wijkteam.partners.actors import SYSTEM


def supported_by(initiative, count: int, start: int = 0) -> None:
    """``count`` residents ask to support it and confirm, one after the other."""
    for number in range(start, start + count):
        confirm_one(initiative, f"buur{number}@example.test")


def confirm_one(initiative, email: str) -> bool:
    support_request(actor=SYSTEM, initiative=initiative, support=SupportInput(email=email))
    supporter = Supporter.objects.get(initiative=initiative, email=email)
    # The link's token is only in the email; the test sets a known one on the row instead.
    token = "t-" + email
    Supporter.objects.filter(pk=supporter.pk).update(confirm_token_hash=hash_token(token))
    _supporter, confirmed_now = support_confirm(token=token)
    return confirmed_now


@pytest.fixture
def threshold(world):
    return DistrictInitiativeSettings.objects.create(district=world.district_a, support_threshold=3)


def test_the_idea_goes_to_the_team_when_the_threshold_is_reached(idea, threshold, world):
    supported_by(idea, 2)
    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA

    supported_by(idea, 1, start=2)

    idea.refresh_from_db()
    assert idea.stage == Stage.TEAM
    assert InitiativeUpdate.objects.filter(initiative=idea, stage=Stage.TEAM).count() == 1
    step = AuditEntry.objects.get(action="initiative_stage")
    assert step.changes["stage"] == [Stage.IDEA, Stage.TEAM]
    # The team's members hear of it: the idea got enough support.
    told = Notification.objects.filter(user=world.wijkmanager_a)
    assert any("genoeg steun" in notification.body for notification in told)


def test_unconfirmed_support_does_not_count_towards_the_threshold(idea, threshold):
    supported_by(idea, 2)
    for number in range(5):
        support_request(
            actor=SYSTEM, initiative=idea, support=SupportInput(email=f"n{number}@example.test")
        )

    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA


def test_without_a_threshold_an_idea_waits_for_the_team(idea):
    supported_by(idea, 5)

    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA


def test_another_wijks_threshold_does_not_apply(world, idea):
    DistrictInitiativeSettings.objects.create(district=world.district_b, support_threshold=1)

    supported_by(idea, 2)

    idea.refresh_from_db()
    assert idea.stage == Stage.IDEA


def test_an_idea_already_further_is_not_moved_back_or_on(world, threshold):
    planned = make_initiative(world.buurt_a1, stage=Stage.PLAN)

    supported_by(planned, 4)

    planned.refresh_from_db()
    assert planned.stage == Stage.PLAN
    assert AuditEntry.objects.filter(action="initiative_stage").count() == 2  # TEAM, PLAN


def test_support_past_the_threshold_does_not_move_it_twice(idea, threshold):
    supported_by(idea, 5)

    idea.refresh_from_db()
    assert idea.stage == Stage.TEAM
    assert InitiativeUpdate.objects.filter(initiative=idea).count() == 1


def test_the_residents_confirmation_that_reaches_it_shows_the_idea_with_the_team(
    client, idea, threshold, run_worker
):
    supported_by(idea, 2)
    client.post(
        reverse("initiatives:support", args=[idea.reference]),
        {"email": "derde@example.test", "website": ""},
    )
    run_worker()
    link = link_in(mails_to("derde@example.test")[-1], "/initiatieven/steun/bevestigen/")

    page = client.post(link, follow=True).content.decode()

    assert '<strong class="support-count">3</strong>' in page
    assert 'aria-current="step"><span class="visually-hidden">Nu: </span>In behandeling' in page
    assert "Het idee ligt bij het wijkteam" in page
