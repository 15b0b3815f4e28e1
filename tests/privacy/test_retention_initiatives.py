"""Retention for residents' initiatives: after an initiative ended plus its period, the names and
contact details of its initiator and supporters go and the project stays; ideas and supports
nobody confirmed go with their files once their link expired; a second run changes nothing."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from tests.cases.support import local
from tests.factories import make_user
from tests.initiative_rows import INITIATOR_EMAIL, INITIATOR_NAME, initiative_row, support
from tests.privacy.support import ELEVEN_MONTHS_AGO, NOW, THIRTEEN_MONTHS_AGO, files, png
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.access import support_counts
from wijkteam.initiatives.models import (
    Initiative,
    InitiativePhoto,
    InitiativeUpdate,
    Stage,
    Supporter,
    WijkCheck,
)
from wijkteam.initiatives.proposals import photos_store
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.models import Role
from wijkteam.privacy.retention import (
    initiatives_due,
    initiatives_retention_run,
    unconfirmed_remove,
)
from wijkteam.privacy.tasks import apply_retention
from wijkteam.signals.photos import process_photo


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def run(django_capture_on_commit_callbacks):
    """The nightly task's initiatives part, with what waits for the commit (files) done."""
    with django_capture_on_commit_callbacks(execute=True):
        apply_retention.call()


def ended(world, *, at, stage=Stage.REALISED, **extra) -> Initiative:
    """An initiative that ended at ``at``, with two supporters from the wijk, one from outside,
    their public words, and emails in the outbox to the initiator and to a supporter."""
    initiative = initiative_row(
        world, stage=stage, created_at=at - timedelta(days=200), ended_at=at, **extra
    )
    supporters = support(initiative, in_wijk=2, outside=1, created_at=at - timedelta(days=100))
    InitiativeUpdate.objects.create(initiative=initiative, at=at, title="Gerealiseerd")
    for to in (INITIATOR_EMAIL, supporters[0].email):
        OutgoingEmail.objects.create(
            to=to, subject="Nieuws", body_text=f"Beste {to}", topic=initiative.reference
        )
    return initiative


def personal_rows(initiative: Initiative) -> str:
    """Everything personal the initiative and its supporters could still hold, as text."""
    initiative.refresh_from_db()
    supporters = Supporter.objects.filter(initiative=initiative)
    return json.dumps(
        [
            initiative.initiator_name,
            initiative.initiator_email,
            *supporters.values_list("email", "postcode", "house_number", "house_number_addition"),
        ]
    )


def test_an_ended_initiative_past_its_period_loses_names_and_addresses_and_keeps_its_story(
    world, now, django_capture_on_commit_callbacks
):
    initiative = ended(world, at=THIRTEEN_MONTHS_AGO)
    staff = OutgoingEmail.objects.create(
        to=world.wijkmanager_a.email, subject="Voor het team", body_text="-"
    )
    counts = support_counts(initiative)
    assert counts == (3, 2)

    run(django_capture_on_commit_callbacks)

    initiative.refresh_from_db()
    assert (initiative.initiator_name, initiative.initiator_email, initiative.show_name) == (
        "",
        "",
        False,
    )
    assert initiative.personal_data_removed_at == NOW
    supporters = list(Supporter.objects.filter(initiative=initiative).order_by("id"))
    assert [(s.email, s.postcode, s.house_number, s.house_number_addition) for s in supporters] == [
        ("", "", None, "")
    ] * 3
    assert all(s.personal_data_removed_at == NOW for s in supporters)
    # The project stays, with its counts, its public words of support and its story.
    assert support_counts(initiative) == counts
    assert [s.wijk_check for s in supporters] == [
        WijkCheck.IN_WIJK,
        WijkCheck.IN_WIJK,
        WijkCheck.OUTSIDE,
    ]
    assert all(s.comment.startswith("Goed plan") for s in supporters)
    assert (initiative.title, initiative.stage) == ("Voetbalkooi bij het speelveld", "gerealiseerd")
    assert initiative.updates.count() == 1
    # The emails to them go; the team's own stay.
    assert list(OutgoingEmail.objects.all()) == [staff]

    (entry,) = AuditEntry.objects.filter(object_type="initiatives.initiative", action="retention")
    assert entry.actor is None and entry.object_id == str(initiative.pk)
    assert {item["what"]: item["count"] for item in entry.changes["removed"]} == {
        "initiator": 1,
        "supporters": 3,
        "emails": 2,
    }
    trail = json.dumps(entry.changes)
    for personal in (INITIATOR_NAME, INITIATOR_EMAIL, "bewoner.test", "3901AB", "Goed plan"):
        assert personal not in trail


def test_an_initiative_that_ended_within_its_period_keeps_everything(
    world, now, django_capture_on_commit_callbacks
):
    initiative = ended(world, at=ELEVEN_MONTHS_AGO, stage=Stage.STOPPED, stop_reason="Geen plek")
    before = personal_rows(initiative)

    run(django_capture_on_commit_callbacks)

    assert personal_rows(initiative) == before
    assert INITIATOR_EMAIL in before and "3901AB" in before
    assert OutgoingEmail.objects.count() == 2
    assert initiative.personal_data_removed_at is None


@pytest.mark.parametrize("stage", [Stage.IDEA, Stage.TEAM, Stage.PLAN, Stage.UNDERWAY])
def test_a_running_initiative_is_never_due_however_old(
    world, now, stage, django_capture_on_commit_callbacks
):
    initiative = initiative_row(world, stage=stage, created_at=local(2019, 1, 1, 9, 0))
    support(initiative, in_wijk=2, created_at=local(2019, 2, 1, 9, 0))
    before = personal_rows(initiative)

    run(django_capture_on_commit_callbacks)

    assert personal_rows(initiative) == before
    assert INITIATOR_NAME in before
    assert not initiatives_due().exists()


def test_the_period_of_initiatives_is_its_own_setting_or_the_general_one(world, now, settings):
    initiative = ended(world, at=THIRTEEN_MONTHS_AGO)
    assert list(initiatives_due()) == [initiative]

    settings.WIJKTEAM_RETENTION_MONTHS = 18
    assert not initiatives_due().exists()

    settings.WIJKTEAM_INITIATIVE_RETENTION_MONTHS = 13
    assert list(initiatives_due()) == [initiative]
    settings.WIJKTEAM_INITIATIVE_RETENTION_MONTHS = 24
    assert not initiatives_due().exists()


def test_an_initiative_is_due_from_the_day_its_period_ends(world, time_machine):
    initiative = ended(world, at=local(2025, 3, 31, 16, 0))
    time_machine.move_to(local(2026, 3, 30, 23, 59), tick=False)
    assert not initiatives_due().exists()
    time_machine.move_to(local(2026, 3, 31, 0, 1), tick=False)
    assert list(initiatives_due()) == [initiative]


def _idea_with_photo(world, *, created_at) -> Initiative:
    idea = initiative_row(world, stage=Stage.IDEA, confirmed=False, created_at=created_at)
    photos_store(initiative=idea, photos=[process_photo(upload=png())])
    OutgoingEmail.objects.create(
        to=INITIATOR_EMAIL, subject="Bevestig uw idee", body_text="link", topic=idea.reference
    )
    return idea


def test_ideas_nobody_confirmed_go_with_their_photos_once_their_link_expired(
    world, now, django_capture_on_commit_callbacks
):
    expired = _idea_with_photo(world, created_at=NOW - timedelta(days=8))
    fresh = _idea_with_photo(world, created_at=NOW - timedelta(days=6))
    assert len(files()) == 2
    kept = set(InitiativePhoto.objects.filter(initiative=fresh).values_list("file", flat=True))

    run(django_capture_on_commit_callbacks)

    assert list(Initiative.objects.all()) == [fresh]
    assert files() == kept
    assert list(OutgoingEmail.objects.values_list("topic", flat=True)) == [fresh.reference]
    (entry,) = AuditEntry.objects.filter(action="retention_unconfirmed")
    assert entry.object_id == str(expired.pk)
    assert (entry.changes["photos"], entry.changes["emails"]) == (1, 1)
    assert INITIATOR_EMAIL not in json.dumps(entry.changes)


def test_supports_nobody_confirmed_go_once_their_link_expired(
    world, now, django_capture_on_commit_callbacks
):
    initiative = initiative_row(world, created_at=NOW - timedelta(days=60))
    confirmed = support(initiative, in_wijk=1, created_at=NOW - timedelta(days=30))
    expired = support(initiative, unconfirmed=2, created_at=NOW - timedelta(days=8))
    fresh = support(initiative, unconfirmed=1, created_at=NOW - timedelta(days=1))
    for supporter in (*expired, *fresh):
        OutgoingEmail.objects.create(
            to=supporter.email, subject="Bevestig", body_text="link", topic=initiative.reference
        )

    run(django_capture_on_commit_callbacks)

    assert set(Supporter.objects.filter(initiative=initiative)) == {*confirmed, *fresh}
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [fresh[0].email]
    (entry,) = AuditEntry.objects.filter(action="retention_unconfirmed")
    assert entry.object_id == str(initiative.pk)
    assert entry.changes == {"unconfirmed_supports": 2, "emails": 2}


def _state() -> dict:
    models = (Initiative, Supporter, InitiativePhoto, OutgoingEmail, AuditEntry)
    rows = {
        m._meta.label: serializers.serialize("python", m.objects.order_by("pk")) for m in models
    }
    return {"rows": rows, "files": files()}


def test_running_twice_changes_nothing_the_second_time(
    world, now, django_capture_on_commit_callbacks
):
    ended(world, at=THIRTEEN_MONTHS_AGO)
    ended(world, at=ELEVEN_MONTHS_AGO, title="Muurschildering")
    _idea_with_photo(world, created_at=NOW - timedelta(days=8))
    running = initiative_row(world, created_at=NOW - timedelta(days=30))
    support(running, unconfirmed=1, created_at=NOW - timedelta(days=9))
    run(django_capture_on_commit_callbacks)
    after_first = _state()
    assert AuditEntry.objects.filter(action__startswith="retention").count() == 3

    run(django_capture_on_commit_callbacks)

    assert _state() == after_first


def test_only_the_system_removes_initiatives_personal_data(world, now):
    ended(world, at=THIRTEEN_MONTHS_AGO)
    for work in (initiatives_retention_run, unconfirmed_remove):
        with pytest.raises(DomainError):
            work(actor=world.admin)
    assert Initiative.objects.get().initiator_email == INITIATOR_EMAIL


def test_the_command_lists_initiatives_in_the_dry_run_and_then_cleans_them(world, now):
    initiative = ended(world, at=THIRTEEN_MONTHS_AGO)
    _idea_with_photo(world, created_at=NOW - timedelta(days=8))

    dry = StringIO()
    call_command("retention", "--dry-run", stdout=dry)
    text = dry.getvalue()
    assert f"{initiative.reference}  Gerealiseerd  afgelopen 15-05-2025" in text
    assert "  - Naam en e-mailadres van de indiener: 1" in text
    assert "1 niet bevestigd(e) idee(ën) en 0 niet bevestigde steunbetuiging(en)" in text
    assert Initiative.objects.get(pk=initiative.pk).initiator_email == INITIATOR_EMAIL

    out = StringIO()
    call_command("retention", stdout=out)
    assert "1 bewonersinitiatief/-initiatieven geanonimiseerd." in out.getvalue()
    assert "1 niet bevestigd(e) idee(ën) en 0 niet bevestigde steunbetuiging(en) verwijderd." in (
        out.getvalue()
    )
    assert Initiative.objects.get(pk=initiative.pk).initiator_email == ""


def test_the_retention_page_names_the_period_and_counts_what_the_next_run_cleans(
    client, world, now
):
    ended(world, at=THIRTEEN_MONTHS_AGO)
    ended(world, at=ELEVEN_MONTHS_AGO)
    _idea_with_photo(world, created_at=NOW - timedelta(days=8))
    running = initiative_row(world, created_at=NOW - timedelta(days=30))
    support(running, unconfirmed=2, created_at=NOW - timedelta(days=9))
    client.force_login(make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER))

    page = client.get("/privacy/bewaartermijnen/").content.decode()

    section = page.split('id="initiatives-heading"')[1].split("<h2")[0]
    assert "12 maanden nadat een bewonersinitiatief is gerealiseerd of niet doorging" in section
    assert "niet binnen 7 dagen zijn bevestigd" in section
    assert "1 afgelopen initiatief is aan de beurt." in section
    assert "1 niet bevestigd idee gaat weg." in section
    assert "2 niet bevestigde steunbetuigingen gaan weg." in section
