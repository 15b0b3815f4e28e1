"""Residents' initiatives that wait for the wijkteam go on its overleg's agenda: one item each,
with its support counted and never who gave it, in the order of the rules, collected again
without doubles; every invited partner reads it, and the chair records minutes and an outcome
on it (actions and decisions stay for case items)."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.initiative_rows import INITIATOR_EMAIL, INITIATOR_NAME, initiative_row, support
from tests.meetings.held import under_way
from tests.meetings.support import noise_case, planned_meeting, when
from wijkteam.access.models import AuditEntry
from wijkteam.cases.models import Feedback
from wijkteam.core.errors import DomainError
from wijkteam.initiatives.models import Initiative, Stage
from wijkteam.meetings.agenda import agenda_collect
from wijkteam.meetings.agenda_items import agenda_item_move
from wijkteam.meetings.agenda_mail import agenda_send_now
from wijkteam.meetings.copies import minutes_copies_send, partner_copy
from wijkteam.meetings.holding import (
    item_action_add,
    item_decide,
    item_minutes_save,
    item_outcome_set,
)
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import (
    AgendaItem,
    CaseFlag,
    ItemKind,
    ItemOutcome,
    Meeting,
    MeetingStatus,
)
from wijkteam.meetings.pdf import minutes_pdf
from wijkteam.meetings.redaction import items_for_partner
from wijkteam.meetings.services import meeting_create
from wijkteam.notifications.models import Notification, OutgoingEmail

MINUTES = "Gemeente onderzoekt de plek; Veens praat met de jongeren."


def _items(meeting):
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))


def _waiting(world, **extra):
    """An initiative of wijk A with the team: 3 supporters (2 from the wijk), 1 unconfirmed."""
    initiative = initiative_row(world, **extra)
    support(initiative, in_wijk=2, outside=1, unconfirmed=1)
    return initiative


def _day(initiative: Initiative) -> str:
    from wijkteam.meetings.agenda_rules import day

    return day(initiative.stage_changed_at)


def _personal(initiative: Initiative) -> list[str]:
    return [
        INITIATOR_NAME,
        INITIATOR_EMAIL,
        *initiative.supporters.values_list("email", flat=True),
        "3901AB",
    ]


# --- collecting -------------------------------------------------------------------------------


def test_an_initiative_waiting_for_the_team_is_collected_with_its_support_counted(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)

    assert agenda_collect(actor=world.wijkmanager_a, meeting=meeting) == 1

    (item,) = _items(meeting)
    assert (item.kind, item.initiative, item.case, item.source_key) == (
        ItemKind.INITIATIVE,
        initiative,
        None,
        f"initiative:{initiative.pk}",
    )
    assert item.reason == (
        f"Bewonersinitiatief wacht sinds {_day(initiative)} op het wijkteam "
        "(3 steunbetuigingen, 2 uit de wijk)"
    )
    entry = AuditEntry.objects.get(object_type="meetings.agendaitem", action="create")
    assert entry.changes["initiative"] == initiative.pk


def test_one_supporter_is_counted_in_the_singular(world):
    initiative = initiative_row(world)
    support(initiative, in_wijk=1)
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    assert _items(meeting)[0].reason.endswith("(1 steunbetuiging, 1 uit de wijk)")


def test_only_confirmed_initiatives_of_the_teams_wijk_that_wait_for_the_team_are_collected(world):
    for stage in (Stage.IDEA, Stage.PLAN, Stage.UNDERWAY, Stage.REALISED, Stage.STOPPED):
        initiative_row(world, stage=stage, title=f"In fase {stage}")
    initiative_row(world, confirmed=False, title="Nooit bevestigd")
    initiative_row(world, district=world.district_b, title="In de andere wijk")
    meeting = planned_meeting(world)

    assert agenda_collect(actor=world.wijkmanager_a, meeting=meeting) == 0

    other = meeting_create(
        actor=world.wijkmanager_b, team=world.team_b, when=when(), place="Elders"
    )
    agenda_collect(actor=world.wijkmanager_b, meeting=other)
    (item,) = _items(other)
    assert item.initiative.title == "In de andere wijk"


def test_a_hidden_initiative_goes_on_the_agenda_too_and_says_it_is_hidden(world):
    initiative = _waiting(world, hidden=True)
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    (item,) = _items(meeting)
    assert item.initiative == initiative
    assert item.reason.endswith("(3 steunbetuigingen, 2 uit de wijk); verborgen voor bewoners")
    # Why the team hid it is the team's page's, not the agenda's.
    assert "Scheldwoord" not in item.reason


def test_initiatives_come_after_the_cases_put_forward_and_before_unhappy_reporters(world):
    flagged, unhappy = noise_case(), noise_case()
    CaseFlag.objects.create(
        case=flagged,
        organisation=world.politie,
        reason="Derde klacht",
        flagged_by=world.agent_a,
        flagged_at=timezone.now(),
    )
    Feedback.objects.create(case=unhappy, round=1, outcome="solved", satisfied=False)
    older = initiative_row(world, title="Muurschildering")
    Initiative.objects.filter(pk=older.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=9)
    )
    newer = initiative_row(world, title="Voetbalkooi")
    meeting = planned_meeting(world)

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    assert [(item.kind, item.case_id, item.initiative_id) for item in _items(meeting)] == [
        (ItemKind.FLAGGED, flagged.pk, None),
        (ItemKind.INITIATIVE, None, older.pk),  # longest waiting first
        (ItemKind.INITIATIVE, None, newer.pk),
        (ItemKind.DISSATISFIED, unhappy.pk, None),
    ]


def test_collecting_again_updates_the_support_and_adds_nothing_twice(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    (before,) = _items(meeting)

    support(initiative, in_wijk=2)
    assert agenda_collect(actor=world.wijkmanager_a, meeting=meeting) == 0

    (after,) = _items(meeting)
    assert after.pk == before.pk
    assert after.reason.endswith("(5 steunbetuigingen, 4 uit de wijk)")
    assert AuditEntry.objects.filter(
        object_type="meetings.agendaitem", object_id=str(after.pk), action="update"
    ).exists()


def test_an_initiative_the_team_moved_on_to_its_plan_leaves_the_agenda_unless_discussed(world):
    planned = _waiting(world, title="Naar het plan")
    discussed = _waiting(world, title="Al besproken")
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    AgendaItem.objects.filter(meeting=meeting, initiative=discussed).update(minutes=MINUTES)

    Initiative.objects.filter(pk__in=[planned.pk, discussed.pk]).update(stage=Stage.PLAN)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    assert [item.initiative for item in _items(meeting)] == [discussed]
    assert AuditEntry.objects.filter(object_type="meetings.agendaitem", action="delete").exists()


def test_an_initiative_sent_back_on_the_agenda_comes_back_as_one_item(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    earlier = meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(meeting.starts_at.date() - timedelta(days=7)),
        place="Vorige keer",
    )
    Meeting.objects.filter(pk=earlier.pk).update(status=MeetingStatus.CLOSED)
    back = AgendaItem.objects.create(
        meeting=earlier,
        kind=ItemKind.INITIATIVE,
        initiative=initiative,
        source_key=f"initiative:{initiative.pk}",
        outcome=ItemOutcome.BACK,
    )

    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    (item,) = _items(meeting)
    assert (item.kind, item.carried_from, item.initiative) == (
        ItemKind.CARRIED,
        back,
        initiative,
    )
    first, second = item.reason.split("; ")
    assert first.startswith("Uit het overleg van ")
    assert second.startswith("Bewonersinitiatief wacht sinds ")


def test_an_initiative_item_moved_to_a_later_meeting_is_carried_there_once(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    later = meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(meeting.starts_at.date() + timedelta(days=7)),
        place="Later",
    )
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    (item,) = _items(meeting)

    carried = agenda_item_move(actor=world.wijkmanager_a, item=item, to_meeting=later)
    agenda_collect(actor=world.wijkmanager_a, meeting=later)

    (there,) = _items(later)
    assert there.pk == carried.pk
    assert (there.kind, there.initiative) == (ItemKind.CARRIED, initiative)
    assert "Bewonersinitiatief wacht sinds" in there.reason


# --- reading ----------------------------------------------------------------------------------


def test_every_invited_partner_reads_the_initiative_item_and_nobodys_personal_data(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    for organisation in (world.politie, world.welzijn, world.corporatie, world.gemeente):
        (view,) = items_for_partner(organisation.pk, meeting)
        assert not view.confidential
        assert view.heading == f"{initiative.reference} – Voetbalkooi bij het speelveld (Appelhof)"
        assert view.reason.startswith("Bewonersinitiatief wacht sinds")
        assert view.kind == "Bewonersinitiatief"
        assert view.initiative == initiative and view.case is None
        for personal in _personal(initiative):
            assert personal not in view.heading + view.reason


def test_the_agenda_sent_to_the_partners_holds_the_initiative(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)

    agenda_send_now(meeting)

    body = Notification.objects.get(user=world.agent_a).body
    assert f"{initiative.reference} – Voetbalkooi bij het speelveld (Appelhof)" in body
    assert "Bewonersinitiatief: Bewonersinitiatief wacht sinds" in body
    for personal in _personal(initiative):
        assert personal not in body


def test_the_meeting_page_shows_the_initiative_to_a_partner_with_a_link_to_the_team_page(
    client, world
):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    client.force_login(world.agent_a)

    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "Voetbalkooi bij het speelveld" in page
    assert "(3 steunbetuigingen, 2 uit de wijk)" in page
    assert f'href="/wijkprojecten/{initiative.reference}/"' in page
    for personal in _personal(initiative):
        assert personal not in page


# --- holding the meeting and its minutes ------------------------------------------------------


def _held_with_initiative(world):
    initiative = _waiting(world)
    meeting = planned_meeting(world)
    agenda_collect(actor=world.wijkmanager_a, meeting=meeting)
    (item,) = _items(meeting)
    return initiative, under_way(meeting), item


def test_the_chair_records_minutes_and_an_outcome_on_an_initiative_item(world):
    _, _, item = _held_with_initiative(world)

    item_minutes_save(actor=world.wijkmanager_a, item=item, text=MINUTES)
    item_outcome_set(actor=world.wijkmanager_a, item=item, outcome=ItemOutcome.DISCUSSED)

    item.refresh_from_db()
    assert (item.minutes, item.outcome) == (MINUTES, ItemOutcome.DISCUSSED)
    with pytest.raises(DomainError):
        item_minutes_save(actor=world.agent_a, item=item, text="Niet de voorzitter")


def test_actions_and_decisions_stay_for_case_items(world):
    _, _, item = _held_with_initiative(world)

    with pytest.raises(DomainError, match="niet over een casus"):
        item_action_add(
            actor=world.wijkmanager_a,
            item=item,
            description="Offerte vragen",
            owner_organisation=world.gemeente,
            due_date=timezone.localdate() + timedelta(days=14),
        )
    with pytest.raises(DomainError, match="niet over een casus"):
        item_decide(actor=world.wijkmanager_a, item=item, lead=world.gemeente, reasoning="x")


def test_the_chairs_page_offers_minutes_and_outcome_but_no_actions_for_an_initiative(client, world):
    initiative, meeting, item = _held_with_initiative(world)
    client.force_login(world.wijkmanager_a)

    page = client.get(reverse("meetings:hold", args=[meeting.pk])).content.decode()
    article = page.split(f'id="punt-{item.pk}"')[1].split("</article>")[0]

    assert f'name="m{item.pk}-minutes"' in article
    assert 'value="discussed"' in article and 'value="back"' in article
    assert "Afspraak toevoegen" not in article
    assert "Besluit over de eerste reactie" not in article
    assert "Naar het initiatief" in article

    saved = client.post(
        reverse("meetings:hold_minutes", args=[meeting.pk, item.pk]),
        {f"m{item.pk}-minutes": MINUTES},
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert item.minutes == MINUTES


def _pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(body)).pages)


def test_the_minutes_email_and_pdf_hold_the_initiative_item_for_every_partner(world):
    initiative, meeting, item = _held_with_initiative(world)
    item_minutes_save(actor=world.wijkmanager_a, item=item, text=MINUTES)
    meeting_close(actor=world.wijkmanager_a, meeting=meeting)
    meeting.refresh_from_db()

    minutes_copies_send(meeting_id=meeting.pk)

    heading = f"{initiative.reference} – Voetbalkooi bij het speelveld (Appelhof)"
    email = OutgoingEmail.objects.get(to=world.agent_a.email, key__startswith="minutes:")
    pdf = re.sub(r"\s+", " ", _pdf_text(minutes_pdf(partner_copy(meeting, world.politie))))
    for text in (email.body_text, email.body_html, pdf):
        assert heading in text
        assert MINUTES in text
        assert "Bewonersinitiatief wacht sinds" in text
        for personal in _personal(initiative):
            assert personal not in text


def test_the_minutes_page_links_the_initiative_item_to_the_team_page(client, world):
    initiative, meeting, item = _held_with_initiative(world)
    item_minutes_save(actor=world.wijkmanager_a, item=item, text=MINUTES)
    meeting_close(actor=world.wijkmanager_a, meeting=meeting)
    client.force_login(world.opbouwwerker_a)

    page = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()

    assert MINUTES in page
    assert f'href="/wijkprojecten/{initiative.reference}/"' in page
