"""Triage in consultation as the partners live it: each answers the proposal from their own
queue, one objects, the deadline passes and the wijkteamoverleg decides — on a desktop, and the
response form once more on a phone. Every page is checked with axe-core."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.builders import zuidoost_noise_case
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible
from wijkteam.cases.models import Case, CaseStatus, LeadBasis, Proposal, ProposalStatus
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.partners.actors import SYSTEM

ZUIDOOST = "WK034502"
CONSULENT = "wijkconsulent.zuidoost@veenvesters.example"
OPBOUWWERKER = "opbouwwerker.zuidoost@veens.example"
AGENT = "wijkagent.zuidoost@politie.example"
CHAIR = "wijkmanager.zuidoost@gemeente.example"
OBJECTION = (
    "Er is geen sprake van een strafbaar feit. Dit is een conflict tussen buren; "
    "buurtbemiddeling past beter dan de politie."
)
REASONING = (
    "Veenvesters blijft eerste reactie als verhuurder; buurtbemiddeling wordt betrokken, "
    "de wijkagent alleen bij bedreiging."
)


def noise_case() -> tuple[Case, Proposal]:
    """Noise at a tenant's home in Zuidoost, at an address the demo has no case for yet."""
    case = zuidoost_noise_case(
        house_number=41,
        description="Sinds een maand elke nacht bonken en harde muziek bij de bovenburen.",
    )
    proposal = case.proposals.get(status=ProposalStatus.OPEN)
    return case, proposal


@pytest.fixture
def new_page(browser, login):
    """A fresh browser (own cookies) per person, logged in."""
    contexts = []

    def open_as(email: str, *, phone: bool = False):
        viewport = PHONE if phone else DESKTOP
        context = browser.new_context(
            locale="nl-NL", viewport=viewport, is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        login(page, email)
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_queue(page) -> None:
    """The main menu's 'Triage' (with the count of what waits for my organisation)."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name=re.compile(r"^Triage")).click()


def respond_from_queue(page, case: Case, kind: str) -> None:
    """From the navigation to the queue, to the case, and answer."""
    open_queue(page)
    page.locator("#waiting").get_by_role("link", name=case.reference, exact=True).click()
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_role("button", name="Reactie versturen").click()


def responses_row(page, organisation: str):
    """The row of one partner in the case page's table of responses."""
    return page.locator("#responses tbody tr").filter(
        has=page.get_by_role("rowheader", name=organisation, exact=True)
    )


def test_two_partners_agree_a_third_objects_and_the_case_goes_to_the_overleg(
    new_page, live_server, demo, time_machine
):
    case, proposal = noise_case()
    lead = proposal.lead.name

    # Partner 1: the corporation's consulent finds the case in its own queue, with the
    # deadline and the time left, and agrees.
    page = new_page(CONSULENT)
    open_queue(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Wacht op de reactie van Veenvesters")
    row = page.locator("#waiting tbody tr", has_text=case.reference)
    expect(row).to_contain_text("Geluid")
    expect(row).to_contain_text(lead)
    expect(row.locator("time")).to_be_visible()
    expect(row).to_contain_text(re.compile(r"nog \d+ (uur|dagen?)"))
    assert_accessible(page, "triage-queue")

    row.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Casus {case.reference}")
    panel = page.locator("section", has=page.get_by_role("heading", name="Voorstel eerste reactie"))
    expect(panel).to_contain_text(lead)
    for reason in proposal.reasons:
        expect(panel.locator(".reasons")).to_contain_text(reason)
    expect(panel).to_contain_text("Reageren kan tot")
    expect(panel).to_contain_text("Geen reactie binnen de termijn telt als akkoord.")
    assert_accessible(page, "case-proposal")

    choices = page.get_by_role("group", name="Uw reactie")
    expect(choices.get_by_role("radio")).to_have_count(3)
    choices.get_by_label("Akkoord", exact=True).check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".messages")).to_contain_text("Uw reactie is vastgelegd.")
    expect(responses_row(page, "Veenvesters")).to_contain_text("Akkoord")

    # Partner 2: the opbouwwerker of Veens, the same way.
    page = new_page(OPBOUWWERKER)
    respond_from_queue(page, case, "Akkoord")
    expect(page.locator(".messages")).to_contain_text("Uw reactie is vastgelegd.")
    expect(responses_row(page, "Veens")).to_contain_text("Akkoord")

    # Partner 3: the wijkagent objects, first forgetting the reason.
    page = new_page(AGENT)
    respond_from_queue(page, case, "Bezwaar")
    reason_field = page.locator(".field", has=page.locator("#id_reason"))
    expect(reason_field.locator(".field__error")).to_have_text("Geef een reden op.")
    # The page opens at the top: a summary there says what to correct and links to the field.
    summary = page.locator(".error-summary")
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Reden: Geef een reden op.").click()
    expect(page.locator("#id_reason")).to_be_in_viewport()
    expect(page.get_by_role("radio", name="Bezwaar", exact=True)).to_be_checked()
    assert_accessible(page, "case-response-error")
    page.locator("#id_reason").fill(OBJECTION)
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".messages")).to_contain_text("Uw reactie is vastgelegd.")
    expect(responses_row(page, "Politie basisteam Heuvelrug")).to_contain_text("Bezwaar")
    expect(responses_row(page, "Politie basisteam Heuvelrug")).to_contain_text(OBJECTION)

    # The gemeente stays silent. The deadline passes (the worker's task, run here by hand).
    time_machine.move_to(proposal.deadline + timedelta(minutes=5), tick=True)
    assert proposal_deadline_pass(actor=SYSTEM, proposal_id=proposal.pk) == "escalated"

    # The chair of the wijkteamoverleg finds it on the list and records the decision.
    page = new_page(CHAIR)
    page.goto(f"{live_server.url}/casussen/wijk/{ZUIDOOST}/triage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage Wijk 02 Zuidoost")
    escalated = page.get_by_role("list", name="Te bespreken in het wijkteamoverleg")
    expect(escalated).to_contain_text(case.reference)
    assert_accessible(page, "team-triage")

    escalated.get_by_role("link", name=case.reference).click()
    expect(page.get_by_text("Deze casus staat op de lijst")).to_be_visible()
    assert_accessible(page, "case-escalated")
    decision = page.locator(
        "section", has=page.get_by_role("heading", name="Besluit van het wijkteamoverleg")
    )
    decision.get_by_label("Eerste reactie").select_option(label="Veenvesters")
    decision.get_by_label("Buurtbemiddeling Veenendaal").check()
    decision.get_by_label("Onderbouwing van het besluit").fill(REASONING)
    decision.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".messages")).to_contain_text("Het besluit is vastgelegd.")

    facts = page.locator(".facts")
    expect(facts).to_contain_text("Veenvesters")
    expect(facts).to_contain_text("Besluit van het wijkteamoverleg")
    timeline = page.locator("#timeline li")
    expect(timeline.filter(has_text=f"Voorstel: {lead} eerste reactie")).to_contain_text("systeem")
    expect(timeline.filter(has_text="Veenvesters: Akkoord.")).to_contain_text("(Veenvesters)")
    expect(timeline.filter(has_text="Veens: Akkoord.")).to_have_count(1)
    expect(timeline.filter(has_text="Politie basisteam Heuvelrug: Bezwaar.")).to_contain_text(
        OBJECTION
    )
    expect(timeline.filter(has_text="Geen reactie van Gemeente Veenendaal")).to_have_count(1)
    expect(timeline.filter(has_text="te bespreken in het wijkteamoverleg")).to_contain_text(
        "Politie basisteam Heuvelrug"
    )
    expect(timeline.last).to_contain_text("Besluit wijkteamoverleg: Veenvesters")
    expect(timeline.last).to_contain_text(REASONING)
    assert_accessible(page, "case-decided")

    case.refresh_from_db()
    assert (case.status, case.lead.name, case.lead_basis) == (
        CaseStatus.HANDLING,
        "Veenvesters",
        LeadBasis.MEETING,
    )
    assert list(case.involved.values_list("name", flat=True)) == ["Buurtbemiddeling Veenendaal"]


def test_a_partner_answers_the_proposal_on_a_phone(new_page, live_server, demo):
    case, proposal = noise_case()
    page = new_page(AGENT, phone=True)
    page.goto(f"{live_server.url}/casussen/{case.reference}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    expect(page.locator(".reasons")).to_contain_text(proposal.reasons[0])
    assert_accessible(page, "case-proposal-phone")

    # Each answer is a large target with its label beside it, not a dot somewhere else.
    for kind in ("Akkoord", "Bezwaar", "Tegenvoorstel"):
        radio = page.get_by_role("radio", name=kind, exact=True).bounding_box()
        label = page.locator("label", has_text=kind).bounding_box()
        assert radio["width"] >= 24 and radio["height"] >= 24
        assert label["x"] > radio["x"] and abs(label["y"] - radio["y"]) < radio["height"]

    page.get_by_role("radio", name="Tegenvoorstel", exact=True).check()
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".error-summary")).to_be_in_viewport()
    reason_field = page.locator(".field", has=page.locator("#id_reason"))
    expect(reason_field.locator(".field__error")).to_have_text("Geef een reden op.")
    expect(page.get_by_role("radio", name="Tegenvoorstel", exact=True)).to_be_checked()
    assert_accessible(page, "case-response-error-phone")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.get_by_label("Wie zou volgens u eerste reactie moeten zijn?").select_option(
        label="Buurtbemiddeling Veenendaal"
    )
    page.locator("#id_reason").fill("Burenconflict: eerst bemiddelen.")
    page.get_by_role("button", name="Reactie versturen").click()
    expect(page.locator(".messages")).to_contain_text("Uw reactie is vastgelegd.")
    expect(responses_row(page, "Politie basisteam Heuvelrug")).to_contain_text(
        "Tegenvoorstel: Buurtbemiddeling Veenendaal"
    )


def test_the_case_shows_the_agreed_lead_as_soon_as_the_last_partner_agrees(
    new_page, live_server, demo
):
    case, proposal = noise_case()
    lead = proposal.lead.name
    for email in (CONSULENT, OPBOUWWERKER, AGENT):
        respond_from_queue(new_page(email), case, "Akkoord")

    # The gemeente answers last: no waiting for the deadline, the lead is agreed at once.
    page = new_page(CHAIR)
    respond_from_queue(page, case, "Akkoord")

    expect(page.locator(".messages")).to_contain_text(
        f"Alle partners hebben gereageerd: {lead} is eerste reactie."
    )
    facts = page.locator(".facts")
    expect(facts).to_contain_text(lead)
    expect(facts).not_to_contain_text("Wacht op reacties")
    expect(page.locator("#timeline li").last).to_contain_text(
        f"Alle partners akkoord: {lead} is eerste reactie."
    )
    expect(page.get_by_role("button", name="Reactie versturen")).to_have_count(0)
    assert_accessible(page, "case-agreed-at-once")
    case.refresh_from_db()
    assert (case.status, case.lead.name, case.lead_basis) == (
        CaseStatus.HANDLING,
        lead,
        LeadBasis.AGREED,
    )
