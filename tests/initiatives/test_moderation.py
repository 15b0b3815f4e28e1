"""Moderation (moderation.py): hiding and showing an idea, editing its public text, hiding a
supporter's comment; always with a reason, the person whose words it was told by email, every
step in the audit trail without the texts themselves."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.initiatives.team_support import (
    INITIATOR_EMAIL,
    coordinator,
    propose,
    support,
    to_stage,
)
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.initiatives.access import public_initiatives
from wijkteam.initiatives.models import Stage
from wijkteam.initiatives.moderation import (
    initiative_hide,
    initiative_show,
    initiative_text_edit,
    support_comment_hide,
)
from wijkteam.notifications.models import OutgoingEmail

SECRET_TITLE = "Speeltuin bij de familie Pietersen"
SECRET_TEXT = "De familie Pietersen op nummer 12 maakt altijd herrie."
REASON = "Er stond een naam van buren in."


@pytest.fixture
def idea(world):
    return propose(world, title=SECRET_TITLE, description=SECRET_TEXT)


def _moderation_emails(initiative, to=INITIATOR_EMAIL):
    return list(
        OutgoingEmail.objects.filter(topic=initiative.reference, to=to)
        .exclude(subject__startswith="Bevestig")
        .order_by("id")
    )


def _audit_text(action: str) -> str:
    rows = AuditEntry.objects.filter(action=action)
    assert rows.exists()
    return " ".join(f"{row.object_repr} {row.changes}" for row in rows)


def test_hiding_takes_the_idea_off_the_public_pages_and_tells_the_initiator(world, idea):
    initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    idea.refresh_from_db()
    assert idea.hidden_at is not None and idea.hidden_reason == REASON
    assert not public_initiatives().filter(pk=idea.pk).exists()
    (email,) = _moderation_emails(idea)
    assert REASON in email.body_text
    assert "van de website gehaald" in email.body_text
    # A hidden idea's page is not there: the email does not link to it.
    assert "/initiatieven/" not in email.body_text


def test_showing_it_again_tells_the_initiator_with_a_link(world, idea):
    initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    initiative_show(actor=world.wijkmanager_a, initiative=idea, reason="")
    idea.refresh_from_db()
    assert idea.hidden_at is None and idea.is_public
    hidden, shown = _moderation_emails(idea)
    assert "staat weer op de website" in shown.body_text
    assert f"/initiatieven/{idea.reference}/" in shown.body_text


def test_hiding_needs_a_reason_and_happens_once(world, idea):
    with pytest.raises(DomainError) as refused:
        initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason="  ")
    assert refused.value.field == "reason"
    initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    with pytest.raises(DomainError, match="al verborgen"):
        initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    assert len(_moderation_emails(idea)) == 1


def test_editing_the_public_text_tells_the_initiator_what_changed_and_why(world, idea):
    initiative_text_edit(
        actor=world.wijkmanager_a,
        initiative=idea,
        title="Speeltuin in de buurt",
        description="Een speeltuin voor de kinderen uit de buurt.",
        own_contribution=idea.own_contribution,
        reason=REASON,
    )
    idea.refresh_from_db()
    assert (idea.title, idea.description) == (
        "Speeltuin in de buurt",
        "Een speeltuin voor de kinderen uit de buurt.",
    )
    assert idea.moderated_at is not None and idea.moderation_reason == REASON
    (email,) = _moderation_emails(idea)
    assert "de titel, de beschrijving" in email.body_text
    assert REASON in email.body_text
    assert "Pietersen" not in email.body_text


def test_an_edit_that_changes_nothing_is_refused(world, idea):
    with pytest.raises(DomainError, match="niet veranderd"):
        initiative_text_edit(
            actor=world.wijkmanager_a,
            initiative=idea,
            title=idea.title,
            description=idea.description,
            own_contribution=idea.own_contribution,
            reason=REASON,
        )
    assert not _moderation_emails(idea)


@pytest.mark.parametrize(
    "changes,field",
    [({"title": " "}, "title"), ({"description": ""}, "description"), ({"reason": ""}, "reason")],
)
def test_an_edit_keeps_a_title_a_description_and_has_a_reason(world, idea, changes, field):
    given = {
        "title": "Nieuwe titel",
        "description": "Nieuwe tekst",
        "own_contribution": "",
        "reason": REASON,
    } | changes
    with pytest.raises(DomainError) as refused:
        initiative_text_edit(actor=world.wijkmanager_a, initiative=idea, **given)
    assert refused.value.field == field


def test_the_audit_trail_holds_every_moderation_but_none_of_the_texts(world, idea):
    comment = support(idea, "steun@bewoner.test", comment="Pietersen is een lastpak.")
    initiative_text_edit(
        actor=world.wijkmanager_a,
        initiative=idea,
        title="Speeltuin in de buurt",
        description="Een speeltuin.",
        own_contribution="",
        reason=REASON,
    )
    initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason="Buren Pietersen klaagden.")
    initiative_show(actor=world.wijkmanager_a, initiative=idea, reason="Pietersen akkoord.")
    support_comment_hide(actor=world.wijkmanager_a, supporter=comment, reason="Naam Pietersen.")
    for action in (
        "initiative_text_edit",
        "initiative_hide",
        "initiative_show",
        "support_comment_hide",
    ):
        text = _audit_text(action)
        assert "Pietersen" not in text and "Speeltuin" not in text and "naam" not in text, action
    edit = AuditEntry.objects.get(action="initiative_text_edit")
    assert set(edit.changes) == {"title", "description", "own_contribution", "reason"}
    assert edit.changes["title"][0]["length"] == len(SECRET_TITLE)
    assert edit.changes["title"][0]["sha256"] != edit.changes["title"][1]["sha256"]
    assert edit.actor == world.wijkmanager_a
    # Not even the proposal's own row names the idea by its title.
    assert "Pietersen" not in AuditEntry.objects.get(action="initiative_propose").object_repr


def test_hiding_a_supporters_comment_tells_the_supporter_and_keeps_the_support(world, idea):
    comment = support(idea, "steun@bewoner.test", comment="Pietersen is een lastpak.")
    support_comment_hide(actor=world.wijkmanager_a, supporter=comment, reason=REASON)
    comment.refresh_from_db()
    assert comment.comment_hidden_at is not None and comment.confirmed_at is not None
    (email,) = _moderation_emails(idea, to="steun@bewoner.test")
    assert "Uw steun telt nog steeds mee" in email.body_text and REASON in email.body_text
    with pytest.raises(DomainError, match="al verborgen"):
        support_comment_hide(actor=world.wijkmanager_a, supporter=comment, reason=REASON)
    without = support(idea, "stil@bewoner.test")
    with pytest.raises(DomainError, match="geen reactie"):
        support_comment_hide(actor=world.wijkmanager_a, supporter=without, reason=REASON)


@pytest.mark.parametrize("who", ["consulent_a", "agent_a", "wijkmanager_b", "reader"])
def test_only_the_teams_wijkmanager_moderates(world, idea, who):
    actor = getattr(world, who)
    comment = support(idea, "steun@bewoner.test", comment="Goed plan.")
    attempts = [
        lambda: initiative_hide(actor=actor, initiative=idea, reason=REASON),
        lambda: initiative_text_edit(
            actor=actor,
            initiative=idea,
            title="Anders",
            description="Anders",
            own_contribution="",
            reason=REASON,
        ),
        lambda: support_comment_hide(actor=actor, supporter=comment, reason=REASON),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.code == FORBIDDEN
    idea.refresh_from_db()
    assert idea.hidden_at is None and idea.title == SECRET_TITLE
    assert not AuditEntry.objects.filter(action__startswith="initiative_hide").exists()
    assert not _moderation_emails(idea)


def test_a_coordinator_moderates_in_every_wijk(world):
    idea_b = propose(world, district="b")
    initiative_hide(actor=coordinator(world), initiative=idea_b, reason=REASON)
    idea_b.refresh_from_db()
    assert idea_b.hidden_at is not None


def test_an_ended_project_can_still_be_moderated(world, idea):
    to_stage(world, idea, Stage.REALISED)
    initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    idea.refresh_from_db()
    assert idea.hidden_at is not None


def test_the_worker_delivers_the_initiators_email(
    world, idea, run_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_hide(actor=world.wijkmanager_a, initiative=idea, reason=REASON)
    mail.outbox.clear()
    run_worker()
    told = [message for message in mail.outbox if message.to == [INITIATOR_EMAIL]]
    assert [message.subject for message in told] == [f"Over uw bewonersinitiatief: {SECRET_TITLE}"]


# --- through the page -------------------------------------------------------------------------


def _moderate(client, initiative, **data):
    return client.post(reverse("projects:moderate", args=[initiative.reference]), data)


def test_the_wijkmanager_hides_and_shows_the_idea_from_its_page(client, world, idea):
    client.force_login(world.wijkmanager_a)
    refused = _moderate(client, idea, handeling="verbergen", **{"visibility-reason": ""})
    assert refused.status_code == 400 and 'class="error-summary"' in refused.content.decode()
    hidden = _moderate(client, idea, handeling="verbergen", **{"visibility-reason": REASON})
    assert hidden.status_code == 302
    page = client.get(reverse("projects:detail", args=[idea.reference])).content.decode()
    assert "Verborgen voor bewoners sinds" in page and REASON in page and "Weer tonen" in page
    shown = _moderate(client, idea, handeling="tonen", **{"visibility-reason": ""})
    assert shown.status_code == 302
    idea.refresh_from_db()
    assert idea.is_public


def test_the_wijkmanager_edits_the_text_and_a_mistake_keeps_what_was_typed(client, world, idea):
    client.force_login(world.wijkmanager_a)
    data = {
        "handeling": "tekst",
        "text-title": "Speeltuin in de buurt",
        "text-description": "Een speeltuin voor iedereen.",
        "text-own_contribution": "",
        "text-reason": "",
    }
    refused = _moderate(client, idea, **data)
    assert refused.status_code == 400
    assert "Een speeltuin voor iedereen." in refused.content.decode()
    idea.refresh_from_db()
    assert idea.title == SECRET_TITLE
    data["text-reason"] = REASON
    assert _moderate(client, idea, **data).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Speeltuin in de buurt"


def test_a_moderation_without_an_action_is_answered_with_a_message(client, world, idea):
    client.force_login(world.wijkmanager_a)
    response = _moderate(client, idea, handeling="weggooien")
    assert response.status_code == 400 and "Kies wat u wilt doen" in response.content.decode()


def test_the_wijkmanager_hides_a_comment_from_the_page(client, world, idea):
    comment = support(idea, "steun@bewoner.test", comment="Pietersen is een lastpak.")
    client.force_login(world.wijkmanager_a)
    url = reverse("projects:support_comment_hide", args=[idea.reference, comment.pk])
    refused = client.post(url, {f"hide{comment.pk}-reason": ""})
    assert refused.status_code == 400
    assert client.post(url, {f"hide{comment.pk}-reason": REASON}).status_code == 302
    comment.refresh_from_db()
    assert comment.comment_hidden_at is not None
    page = client.get(reverse("projects:detail", args=[idea.reference])).content.decode()
    assert "verborgen" in page and url not in page


def test_a_comment_of_another_initiative_is_a_404(client, world, idea):
    other = propose(world, title="Ander idee")
    comment = support(other, "steun@bewoner.test", comment="Ja!")
    client.force_login(world.wijkmanager_a)
    url = reverse("projects:support_comment_hide", args=[idea.reference, comment.pk])
    assert client.post(url, {f"hide{comment.pk}-reason": REASON}).status_code == 404
