"""Each invited partner's own copy of the closed minutes, by email and as PDF: a confidential
item never reaches another partner's mailbox or file, and every member is mailed once."""

from io import BytesIO

from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from tests.meetings.held import (
    ARREARS_ACTION,
    ARREARS_MINUTES,
    ARREARS_REASON,
    NOISE_MINUTES,
    held_meeting,
)
from wijkteam.meetings.copies import minutes_copies_send, partner_copy
from wijkteam.meetings.minutes import meeting_close, minutes_addendum_add
from wijkteam.meetings.models import MinutesAddendum
from wijkteam.meetings.pdf import minutes_pdf
from wijkteam.meetings.tasks import send_minutes_copies
from wijkteam.notifications.models import OutgoingEmail


def _secrets(held) -> tuple[str, ...]:
    return (held.arrears.reference, ARREARS_REASON, ARREARS_MINUTES, ARREARS_ACTION)


def _closed(world):
    held = held_meeting(world)
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()
    return held


def _email_to(user) -> OutgoingEmail:
    return OutgoingEmail.objects.get(to=user.email, key__startswith="minutes:")


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


def test_the_polices_email_never_holds_the_arrears_case(world):
    held = _closed(world)
    send_minutes_copies.call(meeting_id=held.meeting.pk)

    police = _email_to(world.agent_a)
    for body in (police.body_text, police.body_html, police.subject):
        for secret in _secrets(held):
            assert secret not in body
    assert "Vertrouwelijk agendapunt" in police.body_text
    assert "Vertrouwelijk agendapunt" in police.body_html
    assert NOISE_MINUTES in police.body_text
    assert reverse("meetings:minutes_pdf", args=[held.meeting.pk]) in police.body_text
    assert "Exemplaar voor Politie Test" in police.body_text


def test_the_corporations_email_holds_its_arrears_case(world):
    held = _closed(world)
    send_minutes_copies.call(meeting_id=held.meeting.pk)

    corporation = _email_to(world.consulent_a)
    for secret in _secrets(held):
        assert secret in corporation.body_text
    assert "Vertrouwelijk agendapunt" not in corporation.body_text


def test_each_invited_member_is_mailed_once_however_often_the_task_runs(world, run_worker):
    held = _closed(world)
    run_worker()  # the task closing queued, then the emails it queued
    run_worker()
    send_minutes_copies.call(meeting_id=held.meeting.pk)
    run_worker()

    copies = [m for m in mail.outbox if m.subject.startswith("Notulen wijkteamoverleg")]
    recipients = sorted(message.to[0] for message in copies)
    assert recipients == sorted(
        user.email
        for user in (world.wijkmanager_a, world.consulent_a, world.agent_a, world.opbouwwerker_a)
    )
    police = next(m for m in copies if m.to == [world.agent_a.email])
    assert all(secret not in police.body for secret in _secrets(held))


def test_only_the_invited_partners_members_are_mailed(world):
    held = held_meeting(world)
    held.meeting.invited.set([world.politie, world.gemeente])
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)

    assert minutes_copies_send(meeting_id=held.meeting.pk) == 2
    assert set(OutgoingEmail.objects.values_list("to", flat=True)) == {
        world.agent_a.email,
        world.wijkmanager_a.email,
    }


def test_minutes_that_are_not_closed_are_not_sent(world):
    held = held_meeting(world)
    assert minutes_copies_send(meeting_id=held.meeting.pk) == 0
    assert minutes_copies_send(meeting_id=999_999) == 0
    assert not OutgoingEmail.objects.exists()


def test_the_polices_pdf_never_holds_the_arrears_case_and_the_corporations_does(world):
    held = _closed(world)

    police = _pdf_text(minutes_pdf(partner_copy(held.meeting, world.politie)))
    corporation = _pdf_text(minutes_pdf(partner_copy(held.meeting, world.corporatie)))

    assert "Vertrouwelijk agendapunt" in police
    for secret in _secrets(held):
        assert secret not in police
        assert secret in corporation


def test_the_downloaded_pdf_is_the_readers_own_copy(client, world):
    held = _closed(world)
    url = reverse("meetings:minutes_pdf", args=[held.meeting.pk])

    client.force_login(world.agent_a)
    police = client.get(url)
    client.force_login(world.consulent_a)
    corporation = client.get(url)

    assert police["Content-Type"] == "application/pdf"
    assert police["Content-Disposition"].startswith("attachment;")
    assert police.content.startswith(b"%PDF")
    police_text, corporation_text = _pdf_text(police.content), _pdf_text(corporation.content)
    for secret in _secrets(held):
        # Read back as text and in the file's own bytes (what the leak checks search).
        assert secret not in police_text and secret.encode() not in police.content
        assert secret in corporation_text
    assert "Vertrouwelijk agendapunt" in police_text


def test_an_item_addendum_follows_the_item_and_a_meeting_addendum_reaches_everyone(world):
    held = _closed(world)
    # An addendum to the arrears item, as a row: the wijkmanager who chairs cannot read it.
    MinutesAddendum.objects.create(
        meeting=held.meeting,
        item=held.arrears_item,
        text="Regeling getroffen per 1 maart",
        author=world.consulent_a,
        created_at=held.meeting.closed_at,
    )
    minutes_addendum_add(
        actor=world.wijkmanager_a, meeting=held.meeting, text="Volgende keer in De Schakel"
    )
    send_minutes_copies.call(meeting_id=held.meeting.pk)

    police, corporation = _email_to(world.agent_a), _email_to(world.consulent_a)
    assert "Regeling getroffen" not in police.body_text
    assert "Regeling getroffen" in corporation.body_text
    assert "Volgende keer in De Schakel" in police.body_text
    assert "Volgende keer in De Schakel" in corporation.body_text
    police_pdf = _pdf_text(minutes_pdf(partner_copy(held.meeting, world.politie)))
    assert "Regeling getroffen" not in police_pdf
    assert "Volgende keer in De Schakel" in police_pdf
