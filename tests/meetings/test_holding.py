"""Holding the wijkteamoverleg: opening it, attendance, minutes (autosaved), the decision on a
case's first responder and the agreed actions through the cases app's services, the outcome,
and the follow page for the other members."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.meetings.support import arrears_case, noise_case, planned_meeting
from wijkteam.access.audit import AuditEntry
from wijkteam.cases.models import CaseEvent, CaseEventKind, CaseStatus
from wijkteam.cases.worklists import my_open_actions
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.meetings.holding import (
    attendance_set,
    item_action_add,
    item_decide,
    item_minutes_save,
    item_outcome_set,
    meeting_start,
)
from wijkteam.meetings.models import (
    AgendaItem,
    Attendance,
    ItemKind,
    ItemOutcome,
    MeetingStatus,
    Presence,
)
from wijkteam.meetings.services import AMSTERDAM, When, meeting_cancel, meeting_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, OrganisationKind


def meeting_today(world, **extra):
    """A meeting of team A today, planned yesterday (so its day has come)."""
    today = timezone.localtime(timezone.now(), AMSTERDAM).date()
    return meeting_create(
        actor=SYSTEM,
        team=world.team_a,
        when=When(day=today, start=time(0, 1), end=time(23, 59)),
        place="De Schakel",
        at=timezone.now() - timedelta(days=1),
        **extra,
    )


def held(world):
    """A meeting in progress with a noise case, a confidential arrears case and a member's
    item without a case."""
    meeting = meeting_start(actor=world.wijkmanager_a, meeting=meeting_today(world))
    noise = noise_case()
    arrears = arrears_case(world)
    items = [
        AgendaItem.objects.create(
            meeting=meeting, kind=ItemKind.FLAGGED, case=noise, reason="Derde klacht", position=1
        ),
        AgendaItem.objects.create(
            meeting=meeting,
            kind=ItemKind.FLAGGED,
            case=arrears,
            reason="Huurder reageert niet",
            minutes="Regeling voor huurder Markervrouw",
            position=2,
        ),
        AgendaItem.objects.create(
            meeting=meeting, kind=ItemKind.MEMBER, title="Buurtfeest Petenbos", position=3
        ),
    ]
    return meeting, noise, arrears, items


# --- opening and attendance --------------------------------------------------------------------


def test_the_chair_opens_the_meeting_on_its_day_with_a_row_per_invited_partner(world):
    meeting = meeting_start(actor=world.wijkmanager_a, meeting=meeting_today(world))

    assert meeting.status == MeetingStatus.IN_PROGRESS and meeting.started_at is not None
    rows = Attendance.objects.filter(meeting=meeting)
    assert {row.organisation_id for row in rows} == set(
        meeting.invited.values_list("pk", flat=True)
    )
    assert {row.presence for row in rows} == {Presence.ABSENT}
    assert AuditEntry.objects.filter(action="start", object_id=str(meeting.pk)).exists()


def test_a_meeting_cannot_be_opened_before_its_day(world):
    with pytest.raises(DomainError, match="kan niet eerder worden geopend"):
        meeting_start(actor=world.wijkmanager_a, meeting=planned_meeting(world))


def test_only_the_chair_or_arranger_opens_the_meeting(world):
    meeting = meeting_today(world)
    with pytest.raises(DomainError) as refused:
        meeting_start(actor=world.agent_a, meeting=meeting)
    assert refused.value.code == FORBIDDEN


def test_a_cancelled_or_open_meeting_cannot_be_opened(world):
    meeting = meeting_today(world)
    meeting_start(actor=world.wijkmanager_a, meeting=meeting)
    with pytest.raises(DomainError, match="al begonnen"):
        meeting_start(actor=world.wijkmanager_a, meeting=meeting)
    cancelled = meeting_cancel(
        actor=world.wijkmanager_a, meeting=planned_meeting(world), reason="Ziek"
    )
    with pytest.raises(DomainError, match="afgelast"):
        meeting_start(actor=world.wijkmanager_a, meeting=cancelled)


def test_attendance_per_invited_partner_while_in_progress(world):
    meeting, *_ = held(world)

    row = attendance_set(
        actor=world.wijkmanager_a,
        meeting=meeting,
        organisation=world.politie,
        presence=Presence.PRESENT,
        names="  Agnes   Agent ",
    )

    assert (row.presence, row.names) == (Presence.PRESENT, "Agnes Agent")
    stranger = Organisation.objects.create(name="Elders", kind=OrganisationKind.ZORG)
    with pytest.raises(DomainError, match="niet uitgenodigd"):
        attendance_set(
            actor=world.wijkmanager_a, meeting=meeting, organisation=stranger, presence="present"
        )
    with pytest.raises(DomainError) as refused:
        attendance_set(
            actor=world.consulent_a,
            meeting=meeting,
            organisation=world.politie,
            presence=Presence.ABSENT,
        )
    assert refused.value.code == FORBIDDEN


def test_the_chair_saves_every_partners_attendance_at_once_and_a_mistake_keeps_the_list(
    client, world
):
    meeting, *_ = held(world)
    client.force_login(world.wijkmanager_a)
    every = {
        f"att{world.politie.pk}-presence": "present",
        f"att{world.politie.pk}-names": "Agnes Agent",
        f"att{world.welzijn.pk}-presence": "excused",
        f"att{world.corporatie.pk}-presence": "nooit",
        f"att{world.gemeente.pk}-presence": "present",
    }

    refused = client.post(_url("hold_attendance", meeting), every)

    assert refused.status_code == 400
    assert "Agnes Agent" in refused.content.decode()  # what was typed is kept
    assert not Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).exists()

    every[f"att{world.corporatie.pk}-presence"] = "absent"
    assert client.post(_url("hold_attendance", meeting), every).status_code == 302
    assert dict(
        Attendance.objects.filter(meeting=meeting).values_list("organisation", "presence")
    ) == {
        world.politie.pk: Presence.PRESENT,
        world.welzijn.pk: Presence.EXCUSED,
        world.corporatie.pk: Presence.ABSENT,
        world.gemeente.pk: Presence.PRESENT,
    }
    audited = AuditEntry.objects.filter(object_type="meetings.attendance").count()
    assert client.post(_url("hold_attendance", meeting), every).status_code == 302
    assert AuditEntry.objects.filter(object_type="meetings.attendance").count() == audited


def test_attendance_needs_an_open_meeting(world):
    with pytest.raises(DomainError, match="nog niet geopend"):
        attendance_set(
            actor=world.wijkmanager_a,
            meeting=planned_meeting(world),
            organisation=world.politie,
            presence=Presence.PRESENT,
        )


# --- minutes -----------------------------------------------------------------------------------


def test_minutes_are_saved_and_audited_by_length_and_digest_not_text(world):
    meeting, noise, _, items = held(world)

    item = item_minutes_save(actor=world.wijkmanager_a, item=items[0], text="Bewoner gesproken")
    again = item_minutes_save(actor=world.wijkmanager_a, item=items[0], text="Bewoner gesproken")

    assert item.minutes == "Bewoner gesproken" and item.minutes_updated_by == world.wijkmanager_a
    assert again.minutes_updated_at == item.minutes_updated_at
    audits = AuditEntry.objects.filter(action="minutes", object_id=str(item.pk))
    assert audits.count() == 1  # saving the same text again writes nothing
    assert "Bewoner gesproken" not in str(audits.get().changes)
    assert audits.get().changes["minutes"][1]["length"] == len("Bewoner gesproken")


def test_minutes_only_by_the_chair_while_in_progress(world):
    meeting, _, _, items = held(world)
    with pytest.raises(DomainError) as refused:
        item_minutes_save(actor=world.agent_a, item=items[0], text="x")
    assert refused.value.code == FORBIDDEN

    planned = planned_meeting(world)
    waiting = AgendaItem.objects.create(meeting=planned, kind=ItemKind.MEMBER, title="Later")
    with pytest.raises(DomainError, match="nog niet geopend"):
        item_minutes_save(actor=world.wijkmanager_a, item=waiting, text="x")


def test_the_chair_does_not_write_minutes_of_a_case_she_may_not_see(world):
    _, _, _, items = held(world)
    with pytest.raises(DomainError) as refused:
        item_minutes_save(actor=world.wijkmanager_a, item=items[1], text="overschreven")
    assert refused.value.code == FORBIDDEN
    items[1].refresh_from_db()
    assert items[1].minutes == "Regeling voor huurder Markervrouw"


# --- decision and actions ----------------------------------------------------------------------


def test_the_decision_reaches_the_case_timeline_and_sets_its_lead(world):
    meeting, noise, _, items = held(world)

    item = item_decide(
        actor=world.wijkmanager_a,
        item=items[0],
        lead=world.welzijn,
        involved=[world.corporatie],
        reasoning="Veens kent de bewoners",
    )

    noise.refresh_from_db()
    assert item.outcome == ItemOutcome.DECIDED
    assert noise.lead == world.welzijn and noise.status == CaseStatus.HANDLING
    event = CaseEvent.objects.get(case=noise, kind=CaseEventKind.DECIDED)
    assert "Veens kent de bewoners" in str(event.text)


def test_a_lead_that_is_not_a_team_partner_gets_the_decision_services_message(world):
    _, noise, _, items = held(world)
    stranger = Organisation.objects.create(name="Elders", kind=OrganisationKind.ZORG)

    with pytest.raises(DomainError, match="Kies een partner van dit wijkteam"):
        item_decide(actor=world.wijkmanager_a, item=items[0], lead=stranger, reasoning="Omdat")

    items[0].refresh_from_db()
    assert items[0].outcome == ItemOutcome.OPEN


def test_a_decided_case_cannot_be_decided_again(world):
    _, _, _, items = held(world)
    item_decide(actor=world.wijkmanager_a, item=items[0], lead=world.welzijn, reasoning="Eerst")
    with pytest.raises(DomainError, match="al besloten"):
        item_decide(actor=world.wijkmanager_a, item=items[0], lead=world.politie, reasoning="Nu")


def test_an_item_without_a_case_has_no_decision_or_case_actions(world):
    _, _, _, items = held(world)
    with pytest.raises(DomainError, match="niet over een casus"):
        item_decide(actor=world.wijkmanager_a, item=items[2], lead=world.welzijn, reasoning="x")
    with pytest.raises(DomainError, match="niet over een casus"):
        item_action_add(
            actor=world.wijkmanager_a,
            item=items[2],
            description="Flyers",
            owner_organisation=world.welzijn,
            due_date=timezone.localdate() + timedelta(days=7),
        )


def test_an_agreed_action_is_on_the_item_and_in_the_owners_mijn_werk(world):
    _, noise, _, items = held(world)

    action = item_action_add(
        actor=world.wijkmanager_a,
        item=items[0],
        description="Huisbezoek afleggen",
        owner_organisation=world.corporatie,
        owner_user=world.consulent_a,
        due_date=timezone.localdate() + timedelta(days=7),
    )

    assert list(items[0].agreed_actions.all()) == [action]
    assert action in my_open_actions(world.consulent_a)
    assert CaseEvent.objects.filter(case=noise, kind=CaseEventKind.ACTION).exists()


def test_outcome_discussed_or_back_on_the_agenda(world):
    _, _, _, items = held(world)
    assert item_outcome_set(actor=world.wijkmanager_a, item=items[2], outcome="back").outcome == (
        ItemOutcome.BACK
    )
    with pytest.raises(DomainError):
        item_outcome_set(actor=world.wijkmanager_a, item=items[2], outcome=ItemOutcome.DECIDED)
    with pytest.raises(DomainError) as refused:
        item_outcome_set(actor=world.agent_a, item=items[2], outcome=ItemOutcome.DISCUSSED)
    assert refused.value.code == FORBIDDEN


def test_nothing_changes_once_the_meeting_is_closed(world):
    meeting, _, _, items = held(world)
    meeting.status = MeetingStatus.CLOSED
    meeting.save()
    with pytest.raises(DomainError, match="vastgesteld"):
        item_outcome_set(actor=world.wijkmanager_a, item=items[2], outcome=ItemOutcome.DISCUSSED)


# --- the pages ---------------------------------------------------------------------------------


def _url(name, meeting, item=None):
    kwargs = {"meeting_id": meeting.pk}
    if item is not None:
        kwargs["item_id"] = item.pk
    return reverse(f"meetings:{name}", kwargs=kwargs)


def test_the_chair_holds_the_meeting_through_forms_without_javascript(client, world):
    meeting = meeting_today(world)
    noise = noise_case()
    item = AgendaItem.objects.create(meeting=meeting, kind=ItemKind.FLAGGED, case=noise)
    client.force_login(world.wijkmanager_a)

    page = client.get(_url("hold", meeting))
    assert page.status_code == 200 and "Overleg openen" in page.content.decode()
    assert client.post(_url("hold_start", meeting)).status_code == 302
    answer = client.post(
        _url("hold_attendance", meeting),
        {"organisation": world.politie.pk, f"att{world.politie.pk}-presence": "excused"},
    )
    assert answer.status_code == 302
    assert (
        client.post(
            _url("hold_minutes", meeting, item), {f"m{item.pk}-minutes": "Besproken met Veens"}
        ).status_code
        == 302
    )
    refused = client.post(
        _url("hold_decide", meeting, item),
        {f"d{item.pk}-lead": world.welzijn.pk, f"d{item.pk}-reasoning": ""},
    )
    assert refused.status_code == 400
    assert "Besproken met Veens" in refused.content.decode()  # the page, input kept
    decided = client.post(
        _url("hold_decide", meeting, item),
        {f"d{item.pk}-lead": world.welzijn.pk, f"d{item.pk}-reasoning": "Veens kent ze"},
    )
    assert decided.status_code == 302
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    added = client.post(
        _url("hold_action", meeting, item),
        {
            f"a{item.pk}-description": "Gesprek plannen",
            f"a{item.pk}-owner_organisation": world.welzijn.pk,
            f"a{item.pk}-owner_user": world.opbouwwerker_a.pk,
            f"a{item.pk}-due_date": due,
        },
    )
    assert added.status_code == 302
    assert client.post(_url("hold_outcome", meeting, item), {"outcome": "back"}).status_code == 302

    item.refresh_from_db()
    noise.refresh_from_db()
    assert (item.outcome, item.minutes, noise.lead) == (
        "back",
        "Besproken met Veens",
        world.welzijn,
    )
    assert Attendance.objects.get(meeting=meeting, organisation=world.politie).presence == (
        Presence.EXCUSED
    )
    assert item.agreed_actions.get().owner_user == world.opbouwwerker_a


def test_a_refused_action_form_keeps_what_was_typed(client, world):
    meeting, _, _, items = held(world)
    client.force_login(world.wijkmanager_a)
    item = items[0]
    answer = client.post(
        _url("hold_action", meeting, item),
        {
            f"a{item.pk}-description": "Buren uitnodigen voor gesprek",
            f"a{item.pk}-owner_organisation": world.welzijn.pk,
            f"a{item.pk}-owner_user": world.agent_a.pk,
            f"a{item.pk}-due_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
        },
    )
    body = answer.content.decode()
    assert answer.status_code == 400
    assert "werkt niet bij Welzijn Test" in body and "Buren uitnodigen voor gesprek" in body


def test_autosave_answers_json_with_the_time_saved(client, world):
    meeting, _, _, items = held(world)
    client.force_login(world.wijkmanager_a)

    answer = client.post(_url("hold_autosave", meeting, items[0]), {"minutes": "Tussenstand"})

    assert answer.status_code == 200
    data = answer.json()
    assert data["saved"] is True and data["message"].startswith("Opgeslagen om ")
    assert datetime.fromisoformat(data["saved_at"])
    items[0].refresh_from_db()
    assert items[0].minutes == "Tussenstand"


def test_autosave_refuses_others_with_json(client, world):
    meeting, _, _, items = held(world)
    client.force_login(world.agent_a)
    forbidden = client.post(_url("hold_autosave", meeting, items[0]), {"minutes": "x"})
    client.force_login(world.wijkmanager_b)
    missing = client.post(_url("hold_autosave", meeting, items[0]), {"minutes": "x"})
    client.force_login(world.wijkmanager_a)
    other = planned_meeting(world)
    elsewhere = client.post(_url("hold_autosave", other, items[0]), {"minutes": "x"})
    closed = client.post(_url("hold_autosave", meeting, items[1]), {"minutes": "x"})

    assert (forbidden.status_code, forbidden.json()["saved"]) == (403, False)
    assert (missing.status_code, missing.json()["saved"]) == (404, False)
    assert elsewhere.status_code == 404  # an item of another meeting
    assert closed.status_code == 403  # a case the chair may not read
    items[0].refresh_from_db()
    assert items[0].minutes == ""


def test_the_hold_page_is_for_the_chair_only(client, world):
    meeting, *_ = held(world)
    client.force_login(world.agent_a)
    assert client.get(_url("hold", meeting)).status_code == 403
    client.force_login(world.wijkmanager_b)
    assert client.get(_url("hold", meeting)).status_code == 404


@pytest.mark.parametrize("name", ["follow", "follow_state"])
def test_the_police_follow_without_reading_a_confidential_item(client, world, name):
    meeting, noise, arrears, _ = held(world)
    client.force_login(world.agent_a)

    body = client.get(_url(name, meeting)).content.decode()

    assert "Vertrouwelijk agendapunt" in body and noise.reference in body
    assert arrears.reference not in body and "Markervrouw" not in body
    assert "Huurder reageert niet" not in body


def test_the_corporation_follows_its_own_confidential_item(client, world):
    meeting, _, arrears, _ = held(world)
    client.force_login(world.consulent_a)
    body = client.get(_url("follow", meeting)).content.decode()
    assert arrears.reference in body and "Markervrouw" in body
    assert 'id="follow-state"' in body and "Vernieuwen" in body


def test_follow_is_for_the_teams_members_only(client, world):
    meeting, *_ = held(world)
    client.force_login(world.wijkmanager_b)
    assert client.get(_url("follow", meeting)).status_code == 404
    assert client.get(_url("follow_state", meeting)).status_code == 404


def test_the_meeting_page_offers_holding_or_following_on_its_day(client, world):
    meeting = meeting_today(world)
    client.force_login(world.wijkmanager_a)
    assert (
        "Overleg houden"
        in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    client.force_login(world.agent_a)
    body = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Overleg volgen" in body and "Overleg houden" not in body
    later = planned_meeting(world)
    assert (
        "Overleg volgen"
        not in client.get(reverse("meetings:detail", args=[later.pk])).content.decode()
    )


def _more_items(meeting, count):
    for number in range(count):
        AgendaItem.objects.create(
            meeting=meeting,
            kind=ItemKind.FLAGGED,
            case=noise_case(description=f"Overlast {number}"),
            position=10 + number,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "user"), [("hold", "wijkmanager_a"), ("follow_state", "agent_a")])
def test_the_pages_take_as_many_queries_for_a_long_agenda_as_for_a_short_one(
    client, world, name, user, django_assert_max_num_queries
):
    meeting, *_ = held(world)
    client.force_login(getattr(world, user))
    url = _url(name, meeting)
    client.get(url)  # warm the per-process caches
    short = _queries(client, url)
    _more_items(meeting, 6)
    with django_assert_max_num_queries(short):
        client.get(url)
