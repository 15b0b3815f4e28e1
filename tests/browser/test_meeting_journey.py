"""The wijkteamoverleg as the chair holds it on a tablet: she opens the meeting, marks who
came, types the minutes (saved while she types), records the meeting's decision on a case's
first responder, agrees two actions and puts an item back on the agenda. The wijkagent follows
on his own screen, which updates without being reloaded. Every page is checked with axe-core."""

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.builders import zuidoost_noise_case
from tests.browser.conftest import DESKTOP, assert_accessible
from wijkteam.cases.models import Case, CaseAction, CaseEvent, CaseEventKind
from wijkteam.meetings.models import AgendaItem, Attendance, ItemKind, ItemOutcome, Presence
from wijkteam.meetings.services import AMSTERDAM, When, meeting_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Organisation, OrganisationKind, Team

ZUIDOOST = "WK034502"
CHAIR = "wijkmanager.zuidoost@gemeente.example"
AGENT = "wijkagent.zuidoost@politie.example"
TABLET = {"width": 820, "height": 1180}
MINUTES = "De bovenburen zijn gesproken; Veens gaat langs voor een gesprek met beide partijen."


def _noise_case() -> Case:
    return zuidoost_noise_case(
        house_number=43, description="Elke nacht harde muziek bij de bovenburen."
    )


def _meeting_today():
    team = Team.objects.get(district__code=ZUIDOOST)
    today = timezone.localtime(timezone.now(), AMSTERDAM).date()
    meeting = meeting_create(
        actor=SYSTEM,
        team=team,
        when=When(day=today, start=time(0, 1), end=time(23, 59)),
        place="Wijkcentrum Zuidoost, zaal 2",
        at=timezone.now() - timedelta(days=1),
    )
    case = _noise_case()
    noise = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.FLAGGED, case=case, reason="Derde klacht", position=1
    )
    party = AgendaItem.objects.create(
        meeting=meeting, kind=ItemKind.MEMBER, title="Buurtfeest Petenbos", position=2
    )
    return meeting, case, noise, party


@pytest.fixture
def open_as(browser, login):
    contexts = []

    def open_as(email: str, viewport: dict):
        context = browser.new_context(locale="nl-NL", viewport=viewport, has_touch=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_chair_holds_the_meeting_on_a_tablet_while_the_wijkagent_follows(
    open_as, live_server, demo
):
    meeting, case, noise, party = _meeting_today()
    police = Organisation.objects.get(
        kind=OrganisationKind.POLITIE, team_partners__team=meeting.team
    )
    welfare = Organisation.objects.get(
        kind=OrganisationKind.WELZIJN, team_partners__team=meeting.team
    )
    chair = open_as(CHAIR, TABLET)

    chair.goto(f"{live_server.url}/overleg/{meeting.pk}/")
    chair.get_by_role("link", name="Overleg houden").click()
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Overleg houden")
    assert_accessible(chair, "meeting-hold-before-start")
    chair.get_by_role("button", name="Overleg openen").click()
    expect(chair.get_by_role("status").first).to_contain_text("Het overleg is geopend")

    attendance = chair.locator(f"#aanwezig-{police.pk}")
    attendance.get_by_label("Aanwezig").check()
    attendance.get_by_label("Wie (namen)").fill("Wijkagent Zuidoost")
    chair.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(chair.locator(".messages")).to_contain_text("De aanwezigheid is opgeslagen")
    assert_accessible(chair, "meeting-hold-in-progress")

    follower = open_as(AGENT, DESKTOP)
    follower.goto(f"{live_server.url}/overleg/{meeting.pk}/")
    follower.get_by_role("link", name="Overleg volgen").click()
    expect(follower.get_by_role("heading", level=1)).to_contain_text("Overleg volgen")
    expect(follower.locator("#follow-state")).to_contain_text("Wijkagent Zuidoost")
    assert_accessible(follower, "meeting-follow")
    follower.evaluate("window.notReloaded = true")

    item = chair.locator(f"#punt-{noise.pk}")
    item.get_by_label("Notulen").press_sequentially(MINUTES[:30])
    item.get_by_label("Notulen").type(MINUTES[30:])
    expect(item.get_by_role("status")).to_contain_text("Opgeslagen om", timeout=15_000)
    noise.refresh_from_db()
    assert noise.minutes == MINUTES

    # The follower's page picks the minutes up by itself (every ten seconds), not reloaded.
    expect(follower.locator(f"#volg-punt-{noise.pk}")).to_contain_text(MINUTES, timeout=25_000)
    assert follower.evaluate("window.notReloaded") is True

    item.get_by_text("Besluit over de eerste reactie").click()
    item.get_by_label("Eerste reactie").select_option(label=welfare.name)
    item.get_by_label("Onderbouwing van het besluit").fill(
        "Veens kent de bewoners van dit portiek."
    )
    item.get_by_role("button", name="Besluit vastleggen").click()
    expect(chair.locator(".messages")).to_contain_text("Het besluit is vastgelegd")
    case.refresh_from_db()
    assert case.lead == welfare
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.DECIDED).exists()

    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    for description in ("Gesprek met beide partijen", "Geluidsmeting in de woning"):
        item = chair.locator(f"#punt-{noise.pk}")
        item.get_by_text("Afspraak toevoegen").click()
        item.get_by_label("Afspraak", exact=True).fill(description)
        item.get_by_label("Wie (organisatie)").select_option(label=welfare.name)
        item.get_by_label("Uiterlijk").fill(due)
        item.get_by_role("button", name="Afspraak vastleggen").click()
        expect(chair.locator(".messages")).to_contain_text("De afspraak is vastgelegd")
    assert set(CaseAction.objects.filter(case=case).values_list("description", flat=True)) >= {
        "Gesprek met beide partijen",
        "Geluidsmeting in de woning",
    }
    assert noise.agreed_actions.count() == 2

    chair.locator(f"#punt-{party.pk}").get_by_role("button", name="Terug op de agenda").click()
    expect(chair.locator(f"#uitkomst-{party.pk}")).to_have_text("Terug op de agenda")
    assert_accessible(chair, "meeting-hold-after-decisions")
    party.refresh_from_db()
    assert party.outcome == ItemOutcome.BACK
    assert Attendance.objects.get(meeting=meeting, organisation=police).presence == (
        Presence.PRESENT
    )

    expect(follower.locator(f"#volg-punt-{party.pk}")).to_contain_text(
        "Terug op de agenda", timeout=25_000
    )
    assert follower.evaluate("window.notReloaded") is True
    assert_accessible(follower, "meeting-follow-updated")
